/** The sts service's Postgres schema name (IAM_SCHEMA_PREFIX + `sts`). */
export const STS_SCHEMA = Symbol('StsSchema');
