/** Kafka topics, one per publishing service; versioned so a breaking change can move. */
export const Topics = {
  identity: 'iam.identity.v1',
  policy: 'iam.policy.v1',
  sts: 'iam.sts.v1',
  /**
   * One access record per API call of every service (AccessRecord), keyed by
   * account id: every service publishes here from its own outbox.
   */
  access: 'iam.access.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** Poison events of a consumer group land here with the error that stopped them. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dead-letter`;
}

/**
 * The service that publishes to a topic (`iam.identity.v1` -> `identity`),
 * whose key must vouch for its events; a topic of no service (tests, tools)
 * is its own publisher.
 */
export function publisherOf(topic: string): string {
  const entry = Object.entries(Topics).find(([, name]) => name === topic);
  return entry ? entry[0] : topic;
}
