import type { EventEnvelope } from './event-envelope';
import { UpcasterRegistry } from './upcaster-registry';

const envelope = (type: string, schemaVersion: number, payload: unknown): EventEnvelope => ({
  eventId: 'e-1',
  type,
  schemaVersion,
  streamId: 's',
  streamVersion: 1,
  accountId: '123456789012',
  occurredAt: '2026-01-01T00:00:00.000Z',
  actorArn: 'arn:aws:iam::123456789012:root',
  correlationId: 'c',
  causationId: null,
  payload,
});

describe('upcasters', () => {
  const registry = new UpcasterRegistry({
    'test.topic': [
      { type: 'test.Named', fromVersion: 1, upcast: (p) => ({ ...(p as object), middle: '' }) },
      {
        type: 'test.Named',
        fromVersion: 2,
        upcast: (p) => {
          const { first, middle, last } = p as { first: string; middle: string; last: string };
          return { fullName: [first, middle, last].filter(Boolean).join(' ') };
        },
      },
    ],
  });
  const upcast = registry.forTopic('test.topic');

  it('chains steps from the stored version to the current one, keeping the envelope', () => {
    expect(upcast(envelope('test.Named', 1, { first: 'Ada', last: 'Lovelace' }))).toEqual(
      envelope('test.Named', 3, { fullName: 'Ada Lovelace' }),
    );
    expect(upcast(envelope('test.Named', 2, { first: 'A', middle: 'B', last: 'C' })).payload).toEqual({
      fullName: 'A B C',
    });
  });

  it('leaves current events, other types and other topics as they are', () => {
    const current = envelope('test.Named', 3, { fullName: 'x' });
    expect(upcast(current)).toBe(current);
    const other = envelope('test.Other', 1, { first: 'x' });
    expect(upcast(other)).toBe(other);
    const elsewhere = envelope('test.Named', 1, { first: 'x' });
    expect(registry.forTopic('other.topic')(elsewhere)).toBe(elsewhere);
  });
});
