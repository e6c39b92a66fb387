import type { UpcasterRegistration } from '../upcasters';

/**
 * Steps from an older schema version of an sts event to the next (none yet:
 * every sts event is at version 1). See `identityUpcasters`.
 */
export const stsUpcasters: readonly UpcasterRegistration[] = [];
