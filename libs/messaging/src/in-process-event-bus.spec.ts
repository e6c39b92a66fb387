import { Topics, type EventEnvelope } from '@iam/contracts';
import { EventAuthenticator } from './event-authenticator';
import { InProcessEventBus } from './in-process-event-bus';

const event = (userName: string): EventEnvelope => ({
  eventId: `00000000-0000-4000-8000-${String(userName.length).padStart(12, '0')}`,
  type: 'iam.identity.UserCreated',
  schemaVersion: 1,
  streamId: `user-${userName}`,
  streamVersion: 1,
  accountId: '123456789012',
  occurredAt: '2026-12-02T20:00:00.000Z',
  actorArn: 'arn:aws:iam::123456789012:root',
  correlationId: 'c0ffee00-0000-4000-8000-000000000000',
  causationId: null,
  payload: { userName },
});

describe('InProcessEventBus authenticates events as the Kafka bus does', () => {
  const setUp = async () => {
    const bus = new InProcessEventBus(EventAuthenticator.generate());
    const seen: EventEnvelope[] = [];
    await bus.ensureTopics([Topics.identity]);
    await bus.subscribe({ group: 'g', topics: [Topics.identity], handle: async (e) => void seen.push(e) });
    return { bus, seen };
  };

  it('delivers what it published, signed on the way and without the MAC to the handler', async () => {
    const { bus, seen } = await setUp();
    await bus.publish([{ topic: Topics.identity, key: 'user-alice', envelope: event('alice') }]);
    expect(seen).toEqual([event('alice')]);
    expect(bus.deadLetters).toEqual([]);
  });

  it('dead-letters an unsigned or forged event at once, with why, and never hands it to a handler', async () => {
    const { bus, seen } = await setUp();
    let attempts = 0;
    await bus.subscribe({ group: 'h', topics: [Topics.identity], handle: async () => void attempts++ });
    await bus.publishRaw(Topics.identity, 'user-mallory', JSON.stringify(event('mallory')));
    const forged = { ...event('mallory'), authentication: { keyId: 'local', mac: 'A'.repeat(43) } };
    await bus.publishRaw(Topics.identity, 'user-mallory', JSON.stringify(forged));
    expect(seen).toEqual([]);
    expect(attempts).toBe(0);
    expect(bus.deadLetters.map((l) => [l.group, l.error])).toEqual([
      ['g', 'event authentication failed: the event carries no MAC'],
      ['h', 'event authentication failed: the event carries no MAC'],
      ['g', 'event authentication failed: the MAC does not match (key id local, topic iam.identity.v1)'],
      ['h', 'event authentication failed: the MAC does not match (key id local, topic iam.identity.v1)'],
    ]);
  });
});
