import { randomBytes } from 'node:crypto';
import { base32Encode } from '@iam/contracts';
import { policyId } from './policy-names';

/** Every random value the policy service draws, from the CSPRNG; deciders get them as arguments. */
export const PolicyRandom = {
  // 11 bytes: 88 bits, of which the 17 characters take 85.
  policyId: () => policyId(base32Encode(randomBytes(11)).slice(0, 17)),
};
