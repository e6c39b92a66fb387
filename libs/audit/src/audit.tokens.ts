/** The audit service's Postgres schema name. */
export const AUDIT_SCHEMA = Symbol('AuditSchema');
