/** The audit service's digest signing key (AuditSigningKey), or null when none is configured. */
export const AUDIT_SIGNING_KEY = Symbol('AuditSigningKey');
