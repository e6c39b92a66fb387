/** The schema the policy service owns (with the configured prefix). */
export const POLICY_SCHEMA = Symbol('PolicySchema');
