/** Kafka topics, one per publishing service; versioned so a breaking change can move. */
export const Topics = {
  identity: 'iam.identity.v1',
  policy: 'iam.policy.v1',
  sts: 'iam.sts.v1',
} as const;

export type Topic = (typeof Topics)[keyof typeof Topics];

/** Poison events of a consumer group land here with the error that stopped them. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dead-letter`;
}
