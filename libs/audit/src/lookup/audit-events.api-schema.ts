import type { SchemaObject } from '@nestjs/swagger';
import { ApiSchemas } from '@iam/service-kit';

/** LookupEvent (trail-reads.ts): CloudTrail's LookupEvents item, in CloudTrail's names. */
export const lookupEventSchema = ApiSchemas.object(
  {
    EventId: ApiSchemas.string,
    EventName: ApiSchemas.string,
    ReadOnly: { type: 'string', enum: ['true', 'false'], description: 'a string, as CloudTrail answers it' },
    AccessKeyId: ApiSchemas.string,
    EventTime: ApiSchemas.dateTime,
    EventSource: ApiSchemas.string,
    Username: ApiSchemas.string,
    Resources: {
      type: 'array',
      items: ApiSchemas.object({
        ResourceType: { type: 'string', nullable: true },
        ResourceName: { type: 'string', description: 'the ARN' },
      }),
    },
    CloudTrailEvent: { type: 'string', description: 'the whole record as a JSON string (with its eventID)' },
  },
  ['AccessKeyId', 'Username'],
);

/** LookupEvents's answer: one page, newest first. */
export const lookupEventsSchema = ApiSchemas.page('Events', lookupEventSchema);

/** StreamEvents's answer (trail-stream.ts): a Server-Sent Events stream. */
export const streamEventsSchema: SchemaObject = {
  type: 'string',
  description:
    'Server-Sent Events. The stream opens with `retry: 1000` and a comment naming the account and position; ' +
    'each event is `id: <position in the account’s chain>` and `data: <one JSON object>`: an access record in ' +
    'LookupEvents’s item shape with `Kind: "access"`, or a domain event `{ Kind: "event", EventId, EventType, ' +
    'SchemaVersion, StreamId, EventTime, ActorArn, CorrelationId, Payload }`. A `: keep-alive` comment comes ' +
    'every 15 s. Reconnect with `Last-Event-ID` to resume after the last event received.',
};

/** ExportEvents's answer (export-events.ts): JSON Lines, one trail row per line. */
export const exportEventsSchema: SchemaObject = {
  type: 'string',
  description:
    'JSON Lines in chain order, one object per line: `{ accountId, sequence, kind, eventId, eventType, ' +
    'schemaVersion, streamId, streamVersion, actorArn, correlationId, causationId, occurredAt, recordedAt, ' +
    'payload, previousHash, hash }` (every field its hash covers; the first line’s previousHash links to the ' +
    'row before the range).',
};
