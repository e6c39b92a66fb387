import { randomUUID } from 'node:crypto';
import type { EventEnvelope, EventMetadata, NewEvent } from '@iam/contracts';

/** What a store appends: a decider's events with ids, positions after `current`, one time and the request's metadata. */
export function newEnvelopes(
  streamId: string,
  current: number,
  events: NewEvent[],
  metadata: EventMetadata,
): EventEnvelope[] {
  const occurredAt = new Date().toISOString();
  return events.map((event, index) => ({
    eventId: randomUUID(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId,
    streamVersion: current + index + 1,
    accountId: metadata.accountId,
    occurredAt,
    actorArn: metadata.actorArn,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId ?? null,
    payload: event.payload,
  }));
}
