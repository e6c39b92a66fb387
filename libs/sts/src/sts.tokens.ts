/** The sts service's schema name (after the configured prefix). */
export const STS_SCHEMA = Symbol('StsSchema');
