import { createHash } from 'node:crypto';
import { canonicalJson, type EventEnvelope } from '@iam/contracts';

/** Hash of the empty chain an account's trail starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * What an entry's hash covers: exactly the fields the trail stores, so the
 * chain can be verified from the trail alone. (Version 1 hashed the whole
 * envelope, causationId included, which the trail did not keep.)
 */
export interface ChainedFields {
  accountId: string;
  sequence: number;
  eventId: string;
  eventType: string;
  schemaVersion: number;
  streamId: string;
  streamVersion: number;
  actorArn: string;
  correlationId: string;
  causationId: string | null;
  /** ISO-8601 with milliseconds, as stored (timestamptz read back with toISOString). */
  occurredAt: string;
  payload: unknown;
}

/** The hash format of entries written now (column hash_version). */
export const TRAIL_HASH_VERSION = 2;

/** The fields of an event as the trail keeps them. */
export function chainedFields(event: EventEnvelope, sequence: number): ChainedFields {
  return {
    accountId: event.accountId,
    sequence,
    eventId: event.eventId,
    eventType: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    actorArn: event.actorArn,
    correlationId: event.correlationId,
    causationId: event.causationId ?? null,
    occurredAt: new Date(event.occurredAt).toISOString(),
    payload: event.payload,
  };
}

/**
 * Each entry's hash covers the previous hash and the entry, so rewriting or
 * removing an entry breaks every hash after it.
 */
export function trailHash(previousHash: string, fields: ChainedFields): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonicalJson(fields)).digest('hex');
}
