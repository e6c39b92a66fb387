import type { AccessRecord } from '@iam/contracts';
import { serviceNamespace, usagePrincipal } from './usage.projection';

const record = (userIdentity: AccessRecord['userIdentity']) => ({ userIdentity }) as AccessRecord;

describe('usage of an access record', () => {
  it("counts a role session's call for the role, anyone else's for itself", () => {
    const role = 'arn:aws:iam::123456789012:role/deploy';
    expect(
      usagePrincipal(
        record({
          type: 'AssumedRole',
          arn: 'arn:aws:sts::123456789012:assumed-role/deploy/ci',
          sessionContext: {
            sessionIssuer: {
              type: 'Role',
              principalId: 'AROAX',
              arn: role,
              accountId: '123456789012',
              userName: 'deploy',
            },
            attributes: { creationDate: '2026-01-01T00:00:00Z', mfaAuthenticated: 'false' },
          },
        }),
      ),
    ).toBe(role);
    expect(usagePrincipal(record({ type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/a' }))).toBe(
      'arn:aws:iam::123456789012:user/a',
    );
    expect(usagePrincipal(record({ type: 'Unknown' }))).toBeUndefined();
  });

  it('names the service by its namespace', () => {
    expect(serviceNamespace('iam.amazonaws.com')).toBe('iam');
    expect(serviceNamespace('sts.amazonaws.com')).toBe('sts');
    expect(serviceNamespace('authorization.iam.local')).toBe('authorization');
  });
});
