import { compilePolicySet } from '../compile/policy-set';
import { evaluate } from './evaluate';

/** A role's trust policy naming an OIDC provider, decided for a web-identity caller as STS asks it. */
describe('trust policies naming an OIDC provider (Federated principal)', () => {
  const account = '111122223333';
  const provider = `arn:aws:iam::${account}:oidc-provider/keycloak.internal:8443/realms/dev`;
  const other = `arn:aws:iam::${account}:oidc-provider/other.internal/realms/dev`;
  const role = `arn:aws:iam::${account}:role/Deployer`;
  const trust = compilePolicySet({
    resource: [
      {
        id: 'trust',
        document: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: provider },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: {
                StringEquals: { 'keycloak.internal:8443/realms/dev:aud': 'ci' },
                StringLike: { 'keycloak.internal:8443/realms/dev:sub': 'repo:org/*' },
              },
            },
          ],
        }),
      },
    ],
  });
  const none = compilePolicySet({ identity: [] });
  const ask = (arn: string, context: Record<string, string>, action = 'sts:AssumeRoleWithWebIdentity') =>
    evaluate(
      {
        principal: { type: 'WebIdentity', arn, accountId: account },
        action,
        resource: role,
        resourceAccountId: account,
        context,
      },
      none,
      trust,
    ).allowed;
  const claims = {
    'keycloak.internal:8443/realms/dev:aud': 'ci',
    'keycloak.internal:8443/realms/dev:sub': 'repo:org/app',
  };

  it('allows the named provider when the conditions on its keys hold', () => {
    expect(ask(provider, claims)).toBe(true);
  });

  it('refuses another provider, another action, a subject or an audience the conditions do not allow', () => {
    expect(ask(other, claims)).toBe(false);
    expect(ask(provider, claims, 'sts:AssumeRole')).toBe(false);
    expect(ask(provider, { ...claims, 'keycloak.internal:8443/realms/dev:sub': 'repo:evil/app' })).toBe(
      false,
    );
    expect(ask(provider, { ...claims, 'keycloak.internal:8443/realms/dev:aud': 'web' })).toBe(false);
    expect(ask(provider, {})).toBe(false);
  });

  it('matches the condition keys case-insensitively, as AWS', () => {
    expect(
      ask(provider, {
        'KEYCLOAK.internal:8443/realms/dev:AUD': 'ci',
        'keycloak.internal:8443/realms/dev:sub': 'repo:org/x',
      }),
    ).toBe(true);
  });
});
