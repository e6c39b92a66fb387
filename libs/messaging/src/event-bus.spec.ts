import { consumerStaleForMs, type ConsumerState } from './event-bus';

const state = (over: Partial<ConsumerState>): ConsumerState => ({
  group: 'g',
  topics: ['t'],
  running: true,
  restarts: 0,
  ...over,
});

describe('consumerStaleForMs: when a consumer group makes a process refuse requests', () => {
  const now = 1_000_000;

  it('is stale for as long as it has been down with events waiting for it', () => {
    expect(consumerStaleForMs(state({ running: false, downSince: now - 12_000, lag: 40 }), now)).toBe(12_000);
  });

  it('is not stale while it runs, however far behind (it is catching up)', () => {
    expect(consumerStaleForMs(state({ running: true, lag: 50_000 }), now)).toBe(0);
  });

  it('is not stale while down with nothing known to wait for it (Kafka down: nothing new on the topics)', () => {
    expect(consumerStaleForMs(state({ running: false, downSince: now - 60_000, lag: 0 }), now)).toBe(0);
    expect(consumerStaleForMs(state({ running: false, downSince: now - 60_000 }), now)).toBe(0);
  });
});
