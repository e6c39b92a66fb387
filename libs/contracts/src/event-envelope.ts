/**
 * The envelope every event travels in, from the event store through Kafka to
 * every consumer. The payload is the event's own data; everything else is
 * metadata a consumer may rely on without knowing the event type.
 */
export interface EventEnvelope<TType extends string = string, TPayload = unknown> {
  /** Unique id of this event (UUID); consumers deduplicate on it. */
  eventId: string;
  /** Fixed type string, e.g. `iam.identity.UserCreated`; never derived from a class name. */
  type: TType;
  /** Version of the payload's shape; a breaking change bumps it and adds an upcaster. */
  schemaVersion: number;
  /** Aggregate stream, e.g. `user-AIDA…`; also the Kafka key, so one stream stays ordered. */
  streamId: string;
  /** 1-based position of the event within its stream. */
  streamVersion: number;
  /** The 12-digit account the event belongs to (tenancy). */
  accountId: string;
  /** ISO-8601 time the event was recorded. */
  occurredAt: string;
  /** ARN of the principal whose request caused the event. */
  actorArn: string;
  /** Id shared by everything one external request caused. */
  correlationId: string;
  /** Id of the event or request that directly caused this one. */
  causationId: string | null;
  payload: TPayload;
  /**
   * Who vouches for the event on the wire: set by the bus when it publishes
   * (HMAC-SHA256 under the publishing service's key from IAM_EVENT_KEYS, over
   * the topic and the canonical JSON of every other field), checked and
   * removed by every consumer before a handler sees the event. Absent in the
   * event store and in what handlers receive; never part of the audit hash.
   */
  authentication?: EventAuthentication;
}

/** An event's MAC and the id of the ring key it was made with (rotation). */
export interface EventAuthentication {
  keyId: string;
  /** base64url HMAC-SHA256. */
  mac: string;
}

/** What a decider returns: an event before the store gives it ids and positions. */
export interface NewEvent<TType extends string = string, TPayload = unknown> {
  type: TType;
  schemaVersion: number;
  payload: TPayload;
}

/** Who and why, attached to every event a command appends. */
export interface EventMetadata {
  accountId: string;
  actorArn: string;
  correlationId: string;
  causationId?: string | null;
}
