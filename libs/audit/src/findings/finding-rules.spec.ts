import type { AccountSnapshot } from '../reports/account-snapshot';
import { ACCOUNT, key, role, snapshot, strongPolicy, user } from '../reports/snapshot-fixtures';
import { escalationPaths, evaluateFindings, FINDING_RULES, trustOpenTo } from './finding-rules';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const rulesFired = (s: AccountSnapshot, now = NOW) => evaluateFindings(s, now).map((f) => f.ruleId);
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const allow = (Action: string | string[], Resource: string | string[] = '*') => ({
  Effect: 'Allow',
  Action,
  Resource,
});

/** Each rule: a snapshot that makes it fire, and the same one fixed, where it clears. */
const cases: Record<string, { fire: () => AccountSnapshot; clear: () => AccountSnapshot }> = {
  'IAM.ROOT_ACCESS_KEY': {
    fire: () => {
      const s = snapshot();
      s.root!.keys = [
        key('AKIAROOT', { lastUsed: { at: daysAgo(200), region: 'us-east-1', service: 'iam' } }),
      ];
      return s;
    },
    clear: () => snapshot(),
  },
  'IAM.ROOT_NO_MFA': {
    fire: () => {
      const s = snapshot();
      s.root!.mfaActive = false;
      return s;
    },
    clear: () => snapshot(),
  },
  'IAM.ROOT_RECENTLY_USED': {
    fire: () => snapshot({ rootLastUsed: daysAgo(2) }),
    clear: () => snapshot({ rootLastUsed: daysAgo(31) }),
  },
  'IAM.USER_CONSOLE_NO_MFA': {
    fire: () => snapshot({ users: [user('alice', { passwordEnabled: true, passwordLastUsed: daysAgo(1) })] }),
    clear: () =>
      snapshot({
        users: [user('alice', { passwordEnabled: true, passwordLastUsed: daysAgo(1), mfaActive: true })],
      }),
  },
  'IAM.UNUSED_ACCESS_KEY': {
    fire: () =>
      snapshot({
        users: [
          user('bob', {
            keys: [
              key('AKIAOLD', {
                createdAt: daysAgo(100),
                lastUsed: { at: daysAgo(95), region: 'us-east-1', service: 'iam' },
              }),
            ],
          }),
        ],
      }),
    clear: () =>
      snapshot({
        users: [
          user('bob', {
            keys: [
              key('AKIAOLD', {
                createdAt: daysAgo(100),
                lastUsed: { at: daysAgo(1), region: 'us-east-1', service: 'iam' },
              }),
            ],
          }),
        ],
      }),
  },
  'IAM.UNUSED_PASSWORD': {
    fire: () =>
      snapshot({
        users: [user('carol', { passwordEnabled: true, mfaActive: true, passwordLastUsed: daysAgo(91) })],
      }),
    clear: () =>
      snapshot({
        users: [user('carol', { passwordEnabled: true, mfaActive: true, passwordLastUsed: daysAgo(89) })],
      }),
  },
  'IAM.ACCESS_KEY_NOT_ROTATED': {
    fire: () =>
      snapshot({
        users: [
          user('dave', {
            keys: [
              key('AKIAAGED', {
                createdAt: daysAgo(120),
                lastUsed: { at: daysAgo(1), region: 'us-east-1', service: 'iam' },
              }),
            ],
          }),
        ],
      }),
    clear: () =>
      snapshot({
        users: [
          user('dave', {
            keys: [
              key('AKIAAGED', { status: 'Inactive', createdAt: daysAgo(120) }),
              key('AKIANEW', {
                createdAt: daysAgo(5),
                lastUsed: { at: daysAgo(1), region: 'us-east-1', service: 'iam' },
              }),
            ],
          }),
        ],
      }),
  },
  'IAM.PASSWORD_POLICY_WEAK': {
    fire: () => snapshot({ passwordPolicy: { ...strongPolicy, minimumPasswordLength: 8 } }),
    clear: () => snapshot(),
  },
  'IAM.USER_ATTACHED_POLICY': {
    fire: () =>
      snapshot({ users: [user('erin', { attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] })] }),
    clear: () => snapshot({ users: [user('erin', { groupIds: ['AGPAREADERS'] })] }),
  },
  'IAM.ROLE_TRUST_OPEN': {
    fire: () =>
      snapshot({
        roles: [
          role('open', {
            lastUsed: daysAgo(1),
            trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }),
          }),
        ],
      }),
    clear: () =>
      snapshot({
        roles: [
          role('open', {
            lastUsed: daysAgo(1),
            trustPolicy: doc({
              Effect: 'Allow',
              Principal: { AWS: '*' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-123' } },
            }),
          }),
        ],
      }),
  },
  'IAM.POLICY_ADMIN_ACCESS': {
    fire: () =>
      snapshot({
        managedPolicies: new Map([
          [`arn:aws:iam::${ACCOUNT}:policy/too-much`, { name: 'too-much', document: doc(allow('iam:*')) }],
        ]),
      }),
    clear: () =>
      snapshot({
        managedPolicies: new Map([
          [`arn:aws:iam::${ACCOUNT}:policy/too-much`, { name: 'too-much', document: doc(allow('iam:Get*')) }],
        ]),
      }),
  },
  'IAM.USER_PRIVILEGE_ESCALATION': {
    fire: () =>
      snapshot({
        users: [user('frank', { groupIds: ['AGPADEVS'] })],
        groups: [
          {
            id: 'AGPADEVS',
            kind: 'group',
            name: 'devs',
            arn: `arn:aws:iam::${ACCOUNT}:group/devs`,
            createdAt: NOW,
            attachedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/devs`],
            inlinePolicies: [],
          },
        ],
        managedPolicies: new Map([
          [
            `arn:aws:iam::${ACCOUNT}:policy/devs`,
            { name: 'devs', document: doc(allow(['iam:AttachUserPolicy', 's3:*'])) },
          ],
        ]),
      }),
    clear: () =>
      snapshot({
        users: [user('frank', { groupIds: ['AGPADEVS'] })],
        groups: [
          {
            id: 'AGPADEVS',
            kind: 'group',
            name: 'devs',
            arn: `arn:aws:iam::${ACCOUNT}:group/devs`,
            createdAt: NOW,
            attachedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/devs`],
            inlinePolicies: [],
          },
        ],
        managedPolicies: new Map([
          [
            `arn:aws:iam::${ACCOUNT}:policy/devs`,
            {
              name: 'devs',
              document: doc(
                allow(['iam:AttachUserPolicy'], `arn:aws:iam::${ACCOUNT}:user/apps/*`),
                allow('s3:*'),
              ),
            },
          ],
        ]),
      }),
  },
  'IAM.UNUSED_ROLE': {
    fire: () => snapshot({ roles: [role('idle', { createdAt: daysAgo(100) })] }),
    clear: () => snapshot({ roles: [role('idle', { createdAt: daysAgo(100), lastUsed: daysAgo(3) })] }),
  },
  'IAM.INLINE_POLICY': {
    fire: () =>
      snapshot({
        users: [user('gina', { inlinePolicies: [{ name: 'read', document: doc(allow('s3:GetObject')) }] })],
      }),
    clear: () => snapshot({ users: [user('gina')] }),
  },
};

describe('best-practice finding rules', () => {
  it('has a case for every rule, each with a stable id, a severity and a fix', () => {
    expect(Object.keys(cases).sort()).toEqual(FINDING_RULES.map((r) => r.id).sort());
    for (const rule of FINDING_RULES) {
      expect(rule.id).toMatch(/^IAM\.[A-Z_]+$/);
      expect(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']).toContain(rule.severity);
      expect(rule.remediation.length).toBeGreaterThan(10);
    }
  });

  it('finds nothing in a clean account', () => {
    expect(evaluateFindings(snapshot(), NOW)).toEqual([]);
  });

  it.each(Object.entries(cases))('%s fires, and clears once fixed', (ruleId, { fire, clear }) => {
    const fired = evaluateFindings(fire(), NOW).filter((f) => f.ruleId === ruleId);
    expect(fired).toHaveLength(1);
    expect(fired[0].findingId.startsWith(`${ruleId}:${fired[0].entityArn}`)).toBe(true);
    expect(rulesFired(clear())).not.toContain(ruleId);
  });

  it('moves with the clock: a key fresh today is unused and unrotated 91 days on', () => {
    const s = snapshot({ users: [user('hal', { keys: [key('AKIAHAL', { createdAt: NOW })] })] });
    expect(rulesFired(s)).toEqual([]);
    const later = new Date(NOW.getTime() + 91 * 86_400_000);
    expect(rulesFired(s, later).sort()).toEqual(['IAM.ACCESS_KEY_NOT_ROTATED', 'IAM.UNUSED_ACCESS_KEY']);
  });

  it('calls a trust policy open to anyone or to a whole other account without condition', () => {
    const trust = (Principal: unknown, Condition?: object) =>
      doc({ Effect: 'Allow', Principal, Action: 'sts:AssumeRole', ...(Condition ? { Condition } : {}) });
    expect(trustOpenTo(trust('*'), ACCOUNT)).toEqual(['*']);
    expect(trustOpenTo(trust({ AWS: ['arn:aws:iam::999988887777:root', '111122223333'] }), ACCOUNT)).toEqual([
      'account 999988887777',
      'account 111122223333',
    ]);
    expect(
      trustOpenTo(
        trust({ AWS: 'arn:aws:iam::999988887777:root' }, { StringEquals: { 'sts:ExternalId': 'x' } }),
        ACCOUNT,
      ),
    ).toEqual([]);
    expect(trustOpenTo(trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }), ACCOUNT)).toEqual([]);
    expect(trustOpenTo(trust({ AWS: 'arn:aws:iam::999988887777:role/ci' }), ACCOUNT)).toEqual([]);
    expect(trustOpenTo(trust({ Service: 'ec2.amazonaws.com' }), ACCOUNT)).toEqual([]);
  });

  it('reports no password policy as a finding on the account', () => {
    const [f] = evaluateFindings(snapshot({ passwordPolicy: null }), NOW);
    expect(f).toMatchObject({
      ruleId: 'IAM.PASSWORD_POLICY_WEAK',
      entityType: 'Account',
      entityArn: `arn:aws:iam::${ACCOUNT}:root`,
    });
  });

  it("names each way a user may escalate, from the policy engine's decisions", () => {
    const held = `arn:aws:iam::${ACCOUNT}:policy/mine`;
    const s = snapshot({
      users: [
        user('ivan', {
          attachedPolicyArns: [held],
          inlinePolicies: [{ name: 'keys', document: doc(allow(['iam:CreateAccessKey', 'iam:PassRole'])) }],
        }),
      ],
      managedPolicies: new Map([
        [held, { name: 'mine', document: doc(allow('iam:CreatePolicyVersion', held)) }],
      ]),
    });
    expect(escalationPaths(s, s.users[0])).toEqual([
      `iam:CreatePolicyVersion on ${held}, which it holds`,
      'iam:PassRole on any role',
      'iam:CreateAccessKey for other users',
    ]);
  });

  it('does not call an administrator an escalation (AdministratorAccess has nothing to gain)', () => {
    const s = snapshot({
      users: [user('root-like', { attachedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'] })],
    });
    expect(escalationPaths(s, s.users[0])).toEqual([]);
  });

  it('an explicit deny closes the path', () => {
    const s = snapshot({
      users: [
        user('judy', {
          inlinePolicies: [
            {
              name: 'p',
              document: doc(allow('iam:PutUserPolicy'), {
                Effect: 'Deny',
                Action: 'iam:PutUserPolicy',
                Resource: `arn:aws:iam::${ACCOUNT}:user/judy`,
              }),
            },
          ],
        }),
      ],
    });
    expect(escalationPaths(s, s.users[0])).toEqual([]);
  });
});
