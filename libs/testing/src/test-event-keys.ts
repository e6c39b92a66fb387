/**
 * The event key ring (IAM_EVENT_KEYS) of every test environment. Tests share
 * one Kafka broker and its topics: with one ring, a test's consumers accept
 * the other tests' events instead of dead-lettering them all.
 */
export const TEST_EVENT_KEYS = 'test:FHcaJcSNndESufJs1X9muo2tWCR/a7XF6eH9vi7jiSQ=';
