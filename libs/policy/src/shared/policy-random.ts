import { randomBytes } from 'node:crypto';
import { policyId } from './policy-names';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Every random value the policy service draws, from the CSPRNG; deciders get them as arguments. */
export const PolicyRandom = {
  policyId: () => policyId([...randomBytes(17)].map((b) => BASE32[b & 31]).join('')),
};
