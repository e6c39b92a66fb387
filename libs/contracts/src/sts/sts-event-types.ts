/**
 * Fixed type strings of every event the sts service publishes on
 * `iam.sts.v1` (`Topics.sts`). All are at schema version 1
 * (`StsSchemaVersion`); a breaking payload change bumps the version of that
 * one event and adds an upcaster, it never renames the type.
 *
 * Streams (the Kafka key, so one stream stays ordered):
 * - `session-<ASIA access key id>`: one issued temporary credential.
 * - `role-sessions-<AROA id>`: revocations of every session of one role.
 *
 * No event carries a secret, sealed or not, nor a session token or its hash.
 */
export const StsEventTypes = {
  // session-<ASIA id>
  SessionIssued: 'iam.sts.SessionIssued',
  SessionRevoked: 'iam.sts.SessionRevoked',
  // role-sessions-<AROA id>
  RoleSessionsRevoked: 'iam.sts.RoleSessionsRevoked',
} as const;

export type StsEventType = (typeof StsEventTypes)[keyof typeof StsEventTypes];

/** Current schema version of every sts event payload. */
export const StsSchemaVersion = 1;
