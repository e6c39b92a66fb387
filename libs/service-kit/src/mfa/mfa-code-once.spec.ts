import { MemoryTtlStore } from '@iam/ttl-store';
import { MFA_CODE_REMEMBERED_SECONDS, MfaCodeOnce } from './mfa-code-once';

describe('MfaCodeOnce', () => {
  it('lets one claim of a device’s step through, per namespace', async () => {
    const store = new MemoryTtlStore();
    const identity = new MfaCodeOnce(store, { namespace: 't_' });
    const sts = new MfaCodeOnce(store, { namespace: 't_' });
    expect(await identity.claim('arn:aws:iam::111122223333:mfa/a', 100, 'req-1')).toBe(true);
    expect(await sts.claim('arn:aws:iam::111122223333:mfa/a', 100)).toBe(false);
    expect(await sts.claim('arn:aws:iam::111122223333:mfa/a', 101)).toBe(true);
    expect(await sts.claim('arn:aws:iam::111122223333:mfa/b', 100)).toBe(true);
    expect(
      await new MfaCodeOnce(store, { namespace: 'other_' }).claim('arn:aws:iam::111122223333:mfa/a', 100),
    ).toBe(true);
    expect(await store.get('t_mfa-step:arn:aws:iam::111122223333:mfa/a:100')).toBe('req-1');
  });

  it('claims the first unused step of several, none when all are used', async () => {
    const once = new MfaCodeOnce(new MemoryTtlStore());
    expect(await once.claim('d', 7)).toBe(true);
    expect(await once.claimFirst('d', [7, 6])).toBe(6);
    expect(await once.claimFirst('d', [7, 6])).toBeUndefined();
  });

  it('remembers a code as long as the window it could be accepted in (4 steps of 30 s)', () => {
    expect(MFA_CODE_REMEMBERED_SECONDS).toBe(120);
  });
});
