/**
 * Fixed type strings of the events the audit service publishes on
 * `iam.audit.v1` (`Topics.audit`), all at schema version 1
 * (`AuditSchemaVersion`). Stream (the Kafka key): `findings-<accountId>`,
 * one per account, so an account's findings stay ordered.
 */
export const AuditEventTypes = {
  FindingRaised: 'iam.audit.FindingRaised',
  FindingCleared: 'iam.audit.FindingCleared',
} as const;

export type AuditEventType = (typeof AuditEventTypes)[keyof typeof AuditEventTypes];

export const AuditSchemaVersion = 1;
