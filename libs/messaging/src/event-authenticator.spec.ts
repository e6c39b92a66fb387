import { randomBytes } from 'node:crypto';
import { Topics, type EventEnvelope } from '@iam/contracts';
import { EventAuthenticationError, EventAuthenticator } from './event-authenticator';

const ring = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

const event = (over: Partial<EventEnvelope> = {}): EventEnvelope => ({
  eventId: '5b0c3b52-8b1e-4a49-9a8e-0c0c4d1b2a10',
  type: 'iam.identity.UserCreated',
  schemaVersion: 1,
  streamId: 'user-AIDAEXAMPLE',
  streamVersion: 1,
  accountId: '123456789012',
  occurredAt: '2026-12-02T20:00:00.000Z',
  actorArn: 'arn:aws:iam::123456789012:root',
  correlationId: 'c0ffee00-0000-4000-8000-000000000000',
  causationId: null,
  payload: { userName: 'alice', tags: [{ Key: 'b', Value: '1' }] },
  ...over,
});

/** What a consumer parses from the wire. */
const wire = (envelope: EventEnvelope): EventEnvelope =>
  JSON.parse(JSON.stringify(envelope)) as EventEnvelope;

describe('EventAuthenticator: only holders of IAM_EVENT_KEYS can make a consumer apply an event', () => {
  const k1 = ring('k1');
  const auth = EventAuthenticator.fromConfig(k1);

  it('verifies what it signed and hands back the event without its MAC', () => {
    const signed = wire(auth.sign(Topics.identity, event()));
    expect(signed.authentication).toEqual({ keyId: 'k1', mac: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(auth.verify(Topics.identity, signed)).toEqual(event());
  });

  it('does not depend on key order, and ignores a MAC already on the envelope when signing', () => {
    const signed = wire(auth.sign(Topics.identity, { ...event(), authentication: { keyId: 'x', mac: 'y' } }));
    const reordered = Object.fromEntries(Object.entries(signed).reverse()) as unknown as EventEnvelope;
    expect(auth.verify(Topics.identity, reordered)).toEqual(event());
  });

  it('refuses an event without a MAC, or with a malformed one', () => {
    expect(() => auth.verify(Topics.identity, event())).toThrow(
      new EventAuthenticationError('the event carries no MAC'),
    );
    expect(() =>
      auth.verify(Topics.identity, { ...event(), authentication: { keyId: 'k1' } as never }),
    ).toThrow('event authentication failed: the MAC is malformed');
  });

  it('refuses a tampered payload or metadata field', () => {
    const signed = wire(auth.sign(Topics.identity, event()));
    expect(() =>
      auth.verify(Topics.identity, { ...signed, payload: { userName: 'mallory', tags: [] } }),
    ).toThrow('event authentication failed: the MAC does not match');
    expect(() => auth.verify(Topics.identity, { ...signed, accountId: '210987654321' })).toThrow(
      'the MAC does not match',
    );
    expect(() => auth.verify(Topics.identity, { ...signed, causationId: 'x' })).toThrow(
      'the MAC does not match',
    );
  });

  it("refuses an event replayed to another service's topic: another service's key would have had to sign it", () => {
    const signed = wire(auth.sign(Topics.policy, event()));
    expect(() => auth.verify(Topics.identity, signed)).toThrow('the MAC does not match');
    expect(() => auth.verify(Topics.policy, signed)).not.toThrow();
  });

  it('refuses a MAC made with another key, or a key id it does not know', () => {
    const other = EventAuthenticator.fromConfig(ring('k1'));
    expect(() => auth.verify(Topics.identity, wire(other.sign(Topics.identity, event())))).toThrow(
      'the MAC does not match',
    );
    const unknown = EventAuthenticator.fromConfig(ring('k9'));
    expect(() => auth.verify(Topics.identity, wire(unknown.sign(Topics.identity, event())))).toThrow(
      'event authentication failed: unknown key id "k9"',
    );
  });

  it('rotates: after a new key is put first, it signs, and events signed with the old key still verify', () => {
    const rotated = EventAuthenticator.fromConfig(`${ring('k2')},${k1}`);
    const old = wire(auth.sign(Topics.identity, event()));
    expect(rotated.verify(Topics.identity, old)).toEqual(event());
    const fresh = wire(rotated.sign(Topics.identity, event()));
    expect(fresh.authentication?.keyId).toBe('k2');
    // A consumer not yet given k2 refuses it by name (roll a new key out second everywhere first).
    expect(() => auth.verify(Topics.identity, fresh)).toThrow('unknown key id "k2"');
  });

  it('refuses a malformed ring', () => {
    expect(() => EventAuthenticator.fromConfig('k1')).toThrow('IAM_EVENT_KEYS must be id:base64key');
    expect(() => EventAuthenticator.fromConfig(`k1:${randomBytes(16).toString('base64')}`)).toThrow(
      'event key k1 must be 32 bytes',
    );
  });
});
