import type { EventEnvelope, NewEvent } from '../event-envelope';
import type { AuditEventTypes } from './audit-event-types';

export type FindingSeverityV1 = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW';

/** A best-practice rule found broken by one entity of an account (README "Audit: reports and findings"). */
export interface FindingRaisedV1 {
  /** `<ruleId>:<entityArn>`: stable, so the same problem is raised once until cleared. */
  findingId: string;
  ruleId: string;
  severity: FindingSeverityV1;
  /** The user, role, group, policy or account (root ARN) at fault. */
  entityArn: string;
  entityType: 'Root' | 'User' | 'Role' | 'Group' | 'Policy' | 'Account';
  /** What is wrong, in words. */
  detail: string;
  /** What to do about it. */
  remediation: string;
  detectedAt: string;
}

/** The rule holds again for the entity (fixed, or the entity is gone). */
export interface FindingClearedV1 {
  findingId: string;
  ruleId: string;
  entityArn: string;
  clearedAt: string;
}

export type AuditDomainEvent =
  | NewEvent<typeof AuditEventTypes.FindingRaised, FindingRaisedV1>
  | NewEvent<typeof AuditEventTypes.FindingCleared, FindingClearedV1>;

/** Every audit event as consumers receive it from `iam.audit.v1`. */
export type AuditEvent =
  | EventEnvelope<typeof AuditEventTypes.FindingRaised, FindingRaisedV1>
  | EventEnvelope<typeof AuditEventTypes.FindingCleared, FindingClearedV1>;
