import type { UpcasterRegistration } from '../upcasters';

/**
 * Steps from an older schema version of an identity event to the next (none
 * yet: every identity event is at version 1). A breaking payload change
 * bumps the event's version in its decider and adds the step here; readers
 * of `iam.identity.v1` then only ever see the current shape.
 */
export const identityUpcasters: readonly UpcasterRegistration[] = [];
