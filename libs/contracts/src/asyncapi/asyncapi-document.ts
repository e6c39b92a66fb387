import { AccessRecordTypes } from '../access-record';
import { AuditEventTypes } from '../audit/audit-event-types';
import { IdentityEventTypes } from '../identity/identity-event-types';
import { identityUpcasters } from '../identity/identity.upcasters';
import { PolicyEventTypes } from '../policy/policy-event-types';
import { policyUpcasters } from '../policy/policy.upcasters';
import { StsEventTypes } from '../sts/sts-event-types';
import { stsUpcasters } from '../sts/sts.upcasters';
import { deadLetterTopic, Topics } from '../topics';
import type { UpcasterRegistration } from '../upcasters';
import { eventSchemas } from './event-schemas.generated';

type Json = Record<string, unknown>;

/** What a topic carries and how it is keyed, for the document. */
interface TopicSpec {
  key: keyof typeof Topics;
  publisher: string;
  types: readonly string[];
  upcasters: readonly UpcasterRegistration[];
  keyDescription: string;
  ordering: string;
}

const TOPICS: TopicSpec[] = [
  {
    key: 'identity',
    publisher: 'identity',
    types: Object.values(IdentityEventTypes),
    upcasters: identityUpcasters,
    keyDescription:
      'The stream id (`account-<12 digits>`, `user-<AIDA id>` (root: `user-<account id>`), `group-<AGPA id>`, `role-<AROA id>`, …)',
    ordering: 'Ordered within a stream (one key); no order across streams.',
  },
  {
    key: 'policy',
    publisher: 'policy',
    types: Object.values(PolicyEventTypes),
    upcasters: policyUpcasters,
    keyDescription: 'The stream id (`policy-<ANPA id>`, `principal-policies-<AIDA|AGPA|AROA id>`, …)',
    ordering: 'Ordered within a stream (one key); no order across streams.',
  },
  {
    key: 'sts',
    publisher: 'sts',
    types: Object.values(StsEventTypes),
    upcasters: stsUpcasters,
    keyDescription: 'The stream id (`session-<ASIA access key id>`, `role-sessions-<AROA id>`, `sign-in-…`)',
    ordering: 'Ordered within a stream (one key); no order across streams.',
  },
  {
    key: 'audit',
    publisher: 'audit',
    types: Object.values(AuditEventTypes),
    upcasters: [],
    keyDescription: 'The stream id (`findings-<12 digits>`: one per account)',
    ordering: 'Ordered within an account (one key): a finding is raised before it is cleared.',
  },
  {
    key: 'access',
    publisher: 'every service',
    types: Object.values(AccessRecordTypes),
    upcasters: [],
    keyDescription:
      'The account id whose trail holds the record (`anonymous` for credentials naming no account)',
    ordering: 'Ordered within an account (one key): the order the audit trail chains them in.',
  },
];

/** A type's current schema version: 1, plus one for each upcaster step its older versions have. */
function currentVersion(type: string, upcasters: readonly UpcasterRegistration[]): number {
  return Math.max(1, ...upcasters.filter((step) => step.type === type).map((step) => step.fromVersion + 1));
}

/** `iam.identity.UserCreated` -> `iam.identity.UserCreated` (a message id: letters, digits, `.`, `_`, `-`). */
const messageId = (type: string) => type.replace(/[^A-Za-z0-9._-]/g, '_');
const channelId = (topic: string) => topic.replace(/[^A-Za-z0-9_-]/g, '_');

const ENVELOPE: Json = {
  type: 'object',
  description:
    'Every event travels in this envelope (JSON, UTF-8, the Kafka message value). A consumer may rely on every field without knowing the type.',
  required: [
    'eventId',
    'type',
    'schemaVersion',
    'streamId',
    'streamVersion',
    'accountId',
    'occurredAt',
    'actorArn',
    'correlationId',
    'causationId',
    'payload',
  ],
  properties: {
    eventId: {
      type: 'string',
      format: 'uuid',
      description: 'Unique; consumers deduplicate on it (delivery is at least once).',
    },
    type: { type: 'string', description: 'Fixed type string; never renamed.' },
    schemaVersion: { type: 'integer', minimum: 1, description: 'Version of the payload shape of this type.' },
    streamId: { type: 'string', description: 'Aggregate stream (access records: `access/<request id>`).' },
    streamVersion: { type: 'integer', minimum: 1, description: '1-based position within the stream.' },
    accountId: {
      type: 'string',
      description: 'The 12-digit account (tenancy); `anonymous` for some access records.',
    },
    occurredAt: { type: 'string', format: 'date-time' },
    actorArn: { type: 'string', description: 'The principal whose request caused the event.' },
    correlationId: {
      type: 'string',
      description: 'Shared by everything one request caused (an access record’s request id).',
    },
    causationId: { type: ['string', 'null'] },
    payload: { type: 'object' },
    authentication: {
      type: 'object',
      description:
        'HMAC-SHA256 of the publishing service (key id from IAM_EVENT_KEYS) over the topic and the canonical JSON of the other fields. Consumers must check and remove it; a message without a valid one is dead-lettered.',
      required: ['keyId', 'mac'],
      properties: { keyId: { type: 'string' }, mac: { type: 'string', description: 'base64url' } },
    },
  },
};

/**
 * The AsyncAPI 3.0 document of every Kafka topic and event type, built from
 * this library: the topics, each service's event type constants, their
 * current schema versions (from the upcasters), and the payload schemas
 * generated from the TypeScript types (`npm run asyncapi:schemas`).
 */
export function asyncApiDocument(): Json {
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};
  for (const topic of TOPICS) {
    const address = Topics[topic.key];
    const channelMessages: Json = {};
    for (const type of topic.types) {
      const payloadSchema = eventSchemas.payloads[type];
      const version = currentVersion(type, topic.upcasters);
      messages[messageId(type)] = {
        name: type,
        title: type,
        contentType: 'application/json',
        summary: `${type}, schema version ${version}, on ${address}`,
        payload: {
          allOf: [
            { $ref: '#/components/schemas/EventEnvelope' },
            {
              type: 'object',
              properties: {
                type: { const: type },
                schemaVersion: { const: version },
                payload: payloadSchema
                  ? { $ref: `#/components/schemas/${payloadSchema}` }
                  : { type: 'object' },
              },
            },
          ],
        },
        bindings: {
          kafka: { key: { type: 'string', description: topic.keyDescription }, bindingVersion: '0.5.0' },
        },
      };
      channelMessages[messageId(type)] = { $ref: `#/components/messages/${messageId(type)}` };
    }
    const id = channelId(address);
    channels[id] = {
      address,
      title: address,
      description: `Published by ${topic.publisher}. Key: ${topic.keyDescription}. ${topic.ordering}`,
      messages: channelMessages,
      bindings: { kafka: { bindingVersion: '0.5.0' } },
    };
    operations[`publish_${id}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      summary: `${topic.publisher} publishes to ${address}`,
      messages: Object.keys(channelMessages).map((m) => ({ $ref: `#/channels/${id}/messages/${m}` })),
    };
    const dead = deadLetterTopic(address);
    channels[channelId(dead)] = {
      address: dead,
      title: dead,
      description: `Messages of ${address} a consumer group could not apply (after retries), as received, with headers dead-letter-group and dead-letter-error. Any of the topic’s messages, or a value that is not an event at all.`,
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'IAM events',
      version: '1',
      description: [
        'Every Kafka topic of the IAM service and every event type on it. Subscribers outside the product read these topics directly.',
        '',
        '- Delivery is at least once: deduplicate on `eventId`.',
        '- Ordering: per message key only (see each topic).',
        '- Versioning: each event type has its own `schemaVersion`. A breaking change to a payload bumps that version (the type string never changes); the product reads older versions through upcasters, and stored events are never rewritten, so a consumer may receive any version up to the current one listed here. A breaking change to a topic as a whole would move to a new topic name (`.v2`).',
        '- Authentication: every message carries an HMAC (`authentication`) of its publisher; verify it with the shared event keys before trusting it.',
        '- Secrets never travel: no secret access key, session token, password, MFA seed or code is in any event or record.',
      ].join('\n'),
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: {
      messages,
      schemas: { EventEnvelope: ENVELOPE, ...eventSchemas.schemas },
    },
  };
}

/** Every event type the contracts define, by topic. */
export function eventTypesByTopic(): Record<string, readonly string[]> {
  return Object.fromEntries(TOPICS.map((topic) => [Topics[topic.key], topic.types]));
}
