import * as domain from './domain';

describe('identity domain surface', () => {
  it('exposes one decider per aggregate', () => {
    for (const decider of [
      domain.accountDecider,
      domain.userDecider,
      domain.groupDecider,
      domain.roleDecider,
      domain.virtualMfaDeviceDecider,
    ]) {
      expect(typeof decider.initialState).toBe('function');
      expect(typeof decider.evolve).toBe('function');
      expect(typeof decider.decide).toBe('function');
      expect(decider.initialState()).toEqual({ status: 'absent' });
    }
  });

  it('creates a user end to end from handler-supplied randomness', () => {
    const userId = domain.uniqueId('user', domain.base32FromBytes(new Uint8Array(11).fill(42), 17));
    const events = domain.userDecider.decide(
      {
        type: 'CreateUser',
        data: { accountId: '123456789012', userId, userName: 'alice', createDate: '2026-01-01T00:00:00Z' },
      },
      domain.userDecider.initialState(),
    );
    const state = domain.fold(domain.userDecider, events);
    expect(state.status).toBe('active');
    expect(domain.StreamIds.user(userId)).toBe(`user-${userId}`);
  });
});
