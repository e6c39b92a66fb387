import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { canonicalJson, publisherOf, type EventEnvelope } from '@iam/contracts';

/** Why a consumer refused an event: dead-lettered at once, retrying cannot fix it. */
export class EventAuthenticationError extends Error {
  constructor(reason: string) {
    super(`event authentication failed: ${reason}`);
  }
}

/**
 * Authenticates events on the wire, so that only the services' relays (the
 * holders of IAM_EVENT_KEYS), not anyone who can write to a topic, can make
 * a consumer apply an event. The MAC is HMAC-SHA256 under a key of the
 * publishing service (derived from the ring key and the service the topic
 * belongs to) over the topic and the canonical JSON of the envelope without
 * its MAC: a changed field, an event moved to another topic, or one made
 * with another service's key does not verify.
 *
 * Key ring `id:base64(32 bytes)[,id:base64…]`, as IAM_KEY_ENCRYPTION_KEYS:
 * the first signs, all verify, so a new key is rolled out second everywhere,
 * then moved first, and the old one removed once no event signed with it can
 * still be on a topic (the topics' retention).
 */
export class EventAuthenticator {
  private readonly keys: Map<string, Buffer>;
  private readonly currentKeyId: string;
  /** Per ring key and service: HMAC(ring key, 'iam-event/' + service). */
  private readonly serviceKeys = new Map<string, Buffer>();

  constructor(ring: { id: string; key: Buffer }[]) {
    if (ring.length === 0) throw new Error('IAM_EVENT_KEYS needs at least one key');
    for (const { id, key } of ring) {
      if (key.length !== 32) throw new Error(`event key ${id} must be 32 bytes`);
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(id))
        throw new Error(`event key id ${id} must be 1-32 of A-Z a-z 0-9 _ -`);
    }
    this.keys = new Map(ring.map(({ id, key }) => [id, key]));
    this.currentKeyId = ring[0].id;
  }

  /** Parses `id:base64key[,id:base64key…]` (first signs). */
  static fromConfig(value: string): EventAuthenticator {
    return new EventAuthenticator(
      value.split(',').map((entry) => {
        const [id, key] = entry.split(':');
        if (!id || !key) throw new Error('IAM_EVENT_KEYS must be id:base64key[,id:base64key…]');
        return { id: id.trim(), key: Buffer.from(key.trim(), 'base64') };
      }),
    );
  }

  /** A ring of one new random key (standalone mode, where events never leave the process). */
  static generate(id = 'local'): EventAuthenticator {
    return new EventAuthenticator([{ id, key: randomBytes(32) }]);
  }

  /** The envelope as published to `topic`: with the MAC of the current key. */
  sign(topic: string, envelope: EventEnvelope): EventEnvelope {
    // The MAC is over what the consumer will parse: the JSON round trip drops
    // what JSON cannot carry (undefined members, Date objects become strings).
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { authentication, ...rest } = JSON.parse(JSON.stringify(envelope)) as EventEnvelope;
    return {
      ...rest,
      authentication: {
        keyId: this.currentKeyId,
        mac: this.mac(this.currentKeyId, topic, rest).toString('base64url'),
      },
    };
  }

  /**
   * The event as received from `topic`, without its MAC, if the MAC verifies;
   * otherwise throws EventAuthenticationError naming why.
   */
  verify(topic: string, received: EventEnvelope): EventEnvelope {
    const { authentication, ...event } = received;
    if (authentication === null || typeof authentication !== 'object')
      throw new EventAuthenticationError('the event carries no MAC');
    const { keyId, mac } = authentication as { keyId?: unknown; mac?: unknown };
    if (typeof keyId !== 'string' || typeof mac !== 'string')
      throw new EventAuthenticationError('the MAC is malformed');
    if (!this.keys.has(keyId))
      throw new EventAuthenticationError(`unknown key id ${JSON.stringify(keyId.slice(0, 40))}`);
    const expected = this.mac(keyId, topic, event);
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new EventAuthenticationError(`the MAC does not match (key id ${keyId}, topic ${topic})`);
    return event;
  }

  private mac(keyId: string, topic: string, event: Omit<EventEnvelope, 'authentication'>): Buffer {
    return createHmac('sha256', this.serviceKey(keyId, publisherOf(topic)))
      .update(canonicalJson({ topic, event }))
      .digest();
  }

  private serviceKey(keyId: string, service: string): Buffer {
    const cacheKey = `${keyId}\n${service}`;
    let key = this.serviceKeys.get(cacheKey);
    if (!key) {
      key = createHmac('sha256', this.keys.get(keyId) as Buffer)
        .update(`iam-event/${service}`)
        .digest();
      this.serviceKeys.set(cacheKey, key);
    }
    return key;
  }
}
