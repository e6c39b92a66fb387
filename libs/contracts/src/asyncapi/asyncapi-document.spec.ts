import { AccessRecordTypes } from '../access-record';
import { IdentityEventTypes } from '../identity/identity-event-types';
import { PolicyEventTypes } from '../policy/policy-event-types';
import { StsEventTypes } from '../sts/sts-event-types';
import { deadLetterTopic, Topics } from '../topics';
import { asyncApiDocument } from './asyncapi-document';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const document = asyncApiDocument() as Json;

/** Follows a local `$ref` (`#/components/schemas/X`) to what it names. */
function resolve(ref: string): unknown {
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[decodeURIComponent(key)], document);
}

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner),
  );
}

describe('the AsyncAPI document of the topics', () => {
  it('is AsyncAPI 3.0 with a channel per topic and per dead-letter topic', () => {
    expect(document.asyncapi).toBe('3.0.0');
    const addresses = Object.values(document.channels).map((channel) => (channel as Json).address);
    for (const topic of Object.values(Topics)) {
      expect(addresses).toContain(topic);
      expect(addresses).toContain(deadLetterTopic(topic));
    }
    expect(addresses).toContain('iam.access.v1');
  });

  it.each<[string, string]>([
    ...Object.values(IdentityEventTypes).map((type): [string, string] => [Topics.identity, type]),
    ...Object.values(PolicyEventTypes).map((type): [string, string] => [Topics.policy, type]),
    ...Object.values(StsEventTypes).map((type): [string, string] => [Topics.sts, type]),
    ...Object.values(AccessRecordTypes).map((type): [string, string] => [Topics.access, type]),
  ])('on %s, describes %s with its payload schema, version and key', (topic, type) => {
    const channel = Object.values(document.channels).find((c) => (c as Json).address === topic) as Json;
    const message = Object.values(channel.messages)
      .map((m) => resolve((m as Json).$ref) as Json)
      .find((m) => m.name === type);
    expect(message).toBeDefined();
    const [, own] = message!.payload.allOf;
    expect(own.properties.type).toEqual({ const: type });
    expect(own.properties.schemaVersion.const).toBeGreaterThanOrEqual(1);
    let payload = resolve(own.properties.payload.$ref) as Json;
    // A payload type may alias another (UserPolicyAttachedV1 = PolicyAttachmentV1<UserRef>).
    while (payload.$ref) payload = resolve(payload.$ref) as Json;
    expect(payload).toMatchObject({ type: 'object' });
    expect(message!.bindings.kafka.key.description).toEqual(expect.any(String));
  });

  it('describes the access record’s fields (the AccessRecord type of the contract)', () => {
    const record = document.components.schemas.AccessRecord as Json;
    expect(Object.keys(record.properties)).toEqual(
      expect.arrayContaining([
        'eventTime',
        'eventSource',
        'eventName',
        'userIdentity',
        'resources',
        'requestID',
      ]),
    );
  });

  it('has every $ref resolving inside the document', () => {
    const dangling = refsIn(document).filter((ref) => resolve(ref) === undefined);
    expect(dangling).toEqual([]);
  });
});
