/** The schema identity owns (with the configured prefix). */
export const IDENTITY_SCHEMA = Symbol('IdentitySchema');
