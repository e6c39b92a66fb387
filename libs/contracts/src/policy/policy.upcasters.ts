import type { UpcasterRegistration } from '../upcasters';

/**
 * Steps from an older schema version of a policy event to the next (none
 * yet: every policy event is at version 1). See `identityUpcasters`.
 */
export const policyUpcasters: readonly UpcasterRegistration[] = [];
