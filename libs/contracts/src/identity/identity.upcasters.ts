import type { UpcasterRegistration } from '../upcasters';
import { IdentityEventTypes as T } from './identity-event-types';
import { legacySecretId } from './legacy-secret-id';

type Payload = Record<string, unknown>;

/** Replaces the sealed blob in `from` by the id it rests under in `sealed_secrets`, as `to`. */
function secretToId(from: string, to: string) {
  return (payload: unknown): unknown => {
    const { [from]: sealed, ...rest } = payload as Payload;
    return { ...rest, [to]: typeof sealed === 'string' && sealed !== '' ? legacySecretId(sealed) : null };
  };
}

/**
 * Steps from an older schema version of an identity event to the next. A
 * breaking payload change bumps the event's version in its decider and adds
 * the step here; readers of `iam.identity.v1` then only ever see the current
 * shape.
 *
 * Version 1 of the four events holding secret material carried the sealed
 * secret itself; version 2 names it by id (see `user.events.ts`). The blobs
 * of stored version-1 events were copied into identity's `sealed_secrets`
 * by migration 161 under `legacySecretId(blob)`.
 */
export const identityUpcasters: readonly UpcasterRegistration[] = [
  { type: T.AccessKeyCreated, fromVersion: 1, upcast: secretToId('encryptedSecret', 'secretId') },
  {
    type: T.LoginProfileCreated,
    fromVersion: 1,
    upcast: secretToId('encryptedPasswordHash', 'passwordHashId'),
  },
  {
    type: T.LoginProfileUpdated,
    fromVersion: 1,
    upcast: secretToId('encryptedPasswordHash', 'passwordHashId'),
  },
  { type: T.PasswordChanged, fromVersion: 1, upcast: secretToId('encryptedPasswordHash', 'passwordHashId') },
  { type: T.VirtualMfaDeviceCreated, fromVersion: 1, upcast: secretToId('encryptedSeed', 'seedId') },
];
