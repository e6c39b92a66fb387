import {
  AuditEventTypes as A,
  AuditSchemaVersion,
  type AuditDomainEvent,
  type FindingRaisedV1,
} from '@iam/contracts';
import type { Finding } from './finding-rules';

/** An account's open findings, folded from its `findings-<account>` stream. */
export type OpenFindings = Map<string, FindingRaisedV1>;

export function evolveFindings(open: OpenFindings, event: AuditDomainEvent): OpenFindings {
  if (event.type === A.FindingRaised) open.set(event.payload.findingId, event.payload);
  else open.delete(event.payload.findingId);
  return open;
}

/**
 * What changed between the findings open and those the rules make now: each
 * new one raised, each gone one cleared, in a stable order. An unchanged
 * finding raises nothing (its detail may read differently, the problem is
 * the same one).
 */
export function decideFindings(
  open: OpenFindings,
  current: readonly Finding[],
  now: Date,
): AuditDomainEvent[] {
  const at = now.toISOString();
  const currentIds = new Set(current.map((f) => f.findingId));
  const raised: AuditDomainEvent[] = current
    .filter((f) => !open.has(f.findingId))
    .map((f) => ({
      type: A.FindingRaised,
      schemaVersion: AuditSchemaVersion,
      payload: { ...f, detectedAt: at },
    }));
  const cleared: AuditDomainEvent[] = [...open.values()]
    .filter((f) => !currentIds.has(f.findingId))
    .map((f) => ({
      type: A.FindingCleared,
      schemaVersion: AuditSchemaVersion,
      payload: { findingId: f.findingId, ruleId: f.ruleId, entityArn: f.entityArn, clearedAt: at },
    }));
  return [...raised, ...cleared];
}
