import type { Base32Plugin } from '@otplib/core';
import { base32Decode, base32Encode } from '@iam/contracts';

/** otplib's base32, as @iam/contracts spells it (otplib's own plugin is ESM-only). */
export const base32Plugin: Base32Plugin = {
  name: 'iam-rfc4648',
  encode: (data, options) => base32Encode(data, options?.padding ?? false),
  decode: base32Decode,
};
