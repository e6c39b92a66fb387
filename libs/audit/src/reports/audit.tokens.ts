export const AUDIT_SCHEMA = Symbol('AuditSchema');
