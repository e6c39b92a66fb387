/**
 * The audit service's clock: what "90 days unused" and "report older than 4
 * hours" are measured against. A provider of its own so tests can move it.
 */
export class AuditClock {
  now(): Date {
    return new Date();
  }
}
