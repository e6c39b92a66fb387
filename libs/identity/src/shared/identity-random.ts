import { randomBytes, randomInt } from 'node:crypto';
import {
  accessKeyId,
  base32FromBytes,
  secretAccessKeyFromBytes,
  uniqueId,
  UniqueIdRandomLength,
} from './iam-arns';

/** Every random value identity draws, from the CSPRNG; the deciders get them as arguments. */
export const IdentityRandom = {
  uniqueId: (kind: 'user' | 'group' | 'role') =>
    uniqueId(kind, base32FromBytes(randomBytes(11), UniqueIdRandomLength.uniqueId)),
  accessKeyId: () => accessKeyId(base32FromBytes(randomBytes(10), UniqueIdRandomLength.accessKeyId)),
  secretAccessKey: () => secretAccessKeyFromBytes(randomBytes(30)),
  /** 12 digits, not starting with 0 (AWS account ids are zero-padded, but a leading 0 confuses spreadsheets). */
  accountId: () => String(randomInt(100_000_000_000, 1_000_000_000_000)),
};
