import { createHash } from 'node:crypto';
import type { EventEnvelope } from '../event-envelope';
import { topicUpcasters } from '../upcaster-registry';
import { Topics } from '../topics';
import { IdentityEventTypes as T } from './identity-event-types';
import { legacySecretId } from './legacy-secret-id';

const envelope = (type: string, payload: unknown): EventEnvelope => ({
  eventId: 'e-1',
  type,
  schemaVersion: 1,
  streamId: 's',
  streamVersion: 1,
  accountId: '123456789012',
  occurredAt: '2026-01-01T00:00:00.000Z',
  actorArn: 'arn:aws:iam::123456789012:root',
  correlationId: 'c',
  causationId: null,
  payload,
});

describe('identity upcasters: sealed secrets out of version-1 events', () => {
  const upcast = topicUpcasters.forTopic(Topics.identity);
  const blob = 'v1.k1.aXY.dGFn.Y2lwaGVy';
  const id = `legacy-${createHash('sha256').update(blob).digest('hex')}`;

  it('derives the id the migration stores the blob under, from the blob alone', () => {
    expect(legacySecretId(blob)).toBe(id);
  });

  it.each([
    [T.AccessKeyCreated, 'encryptedSecret', 'secretId'],
    [T.LoginProfileCreated, 'encryptedPasswordHash', 'passwordHashId'],
    [T.LoginProfileUpdated, 'encryptedPasswordHash', 'passwordHashId'],
    [T.PasswordChanged, 'encryptedPasswordHash', 'passwordHashId'],
    [T.VirtualMfaDeviceCreated, 'encryptedSeed', 'seedId'],
  ])('%s: %s becomes %s at version 2, the blob gone', (type, from, to) => {
    const up = upcast(envelope(type, { userId: 'AIDA1', [from]: blob }));
    expect(up.schemaVersion).toBe(2);
    expect(up.payload).toEqual({ userId: 'AIDA1', [to]: id });
    expect(JSON.stringify(up)).not.toContain(blob);
  });

  it('keeps "no new password" (a null hash of LoginProfileUpdated) as a null id', () => {
    const up = upcast(envelope(T.LoginProfileUpdated, { userId: 'AIDA1', encryptedPasswordHash: null }));
    expect(up.payload).toEqual({ userId: 'AIDA1', passwordHashId: null });
  });
});
