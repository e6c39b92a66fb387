/** Stream ids of the sts service (the Kafka key of their events). */
export const StsStreams = {
  /** One issued temporary credential. */
  session: (accessKeyId: string) => `session-${accessKeyId}`,
  /** Revocations of every session of one role. */
  roleSessions: (roleId: string) => `role-sessions-${roleId}`,
  /** One sign-in attempt (its request id). */
  signIn: (requestId: string) => `sign-in-${requestId}`,
} as const;
