import { awsManagedPolicy, type FindingRaisedV1, type FindingSeverityV1 } from '@iam/contracts';
import { compilePolicySet, evaluate, type PolicyInput, type PolicySet } from '@iam/policy-engine';
import type { AccountSnapshot, SnapshotUser } from '../reports/account-snapshot';

const DAY_MS = 86_400_000;
/** AWS's and CIS's threshold for unused and unrotated credentials and unused roles. */
export const UNUSED_DAYS = 90;
/** The root user used within this many days is a finding (use it only for the tasks that need it). */
export const ROOT_RECENT_DAYS = 30;
/** CIS AWS Foundations: a password policy with at least this length and every character class. */
export const MIN_PASSWORD_LENGTH = 14;

/** A finding before it is recorded: what a rule says of the account now. */
export type Finding = Omit<FindingRaisedV1, 'detectedAt'>;

export interface FindingRule {
  id: string;
  severity: FindingSeverityV1;
  title: string;
  remediation: string;
  evaluate(snapshot: AccountSnapshot, now: Date): Omit<Finding, 'ruleId' | 'severity' | 'remediation'>[];
}

const olderThan = (at: Date | null, now: Date, days: number) =>
  at === null || now.getTime() - at.getTime() > days * DAY_MS;
const finding = (
  key: string,
  entityArn: string,
  entityType: Finding['entityType'],
  detail: string,
): Omit<Finding, 'ruleId' | 'severity' | 'remediation'> => ({
  findingId: key,
  entityArn,
  entityType,
  detail,
});

interface Statement {
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Principal?: string | Record<string, string | string[]>;
  Condition?: unknown;
}
function statements(document: string): Statement[] {
  try {
    const parsed = JSON.parse(document) as { Statement?: Statement | Statement[] };
    const list = parsed.Statement;
    return Array.isArray(list) ? list : list ? [list] : [];
  } catch {
    return [];
  }
}
const list = (value: string | string[] | undefined) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** A statement allowing every action (`*`, `*:*`) or every IAM action on every resource. */
export function allowsAdministration(document: string): 'full' | 'iam' | undefined {
  let found: 'full' | 'iam' | undefined;
  for (const s of statements(document)) {
    if (s.Effect !== 'Allow' || !list(s.Resource).includes('*')) continue;
    const actions = list(s.Action).map((a) => a.toLowerCase());
    if (actions.includes('*') || actions.includes('*:*')) return 'full';
    if (actions.includes('iam:*')) found = 'iam';
  }
  return found;
}

/**
 * Who a trust policy lets assume the role with no condition to narrow it:
 * anyone (`*`), or a whole other account (its id or root ARN: any principal
 * that account allows, the confused-deputy case `sts:ExternalId` guards).
 */
export function trustOpenTo(document: string, accountId: string): string[] {
  const open: string[] = [];
  for (const s of statements(document)) {
    if (s.Effect !== 'Allow' || s.Condition !== undefined) continue;
    if (s.Principal === '*') open.push('*');
    if (typeof s.Principal !== 'object' || s.Principal === null) continue;
    for (const principal of list(s.Principal.AWS)) {
      const account =
        /^(\d{12})$/.exec(principal)?.[1] ?? /^arn:aws:iam::(\d{12}):root$/.exec(principal)?.[1];
      if (principal === '*') open.push('*');
      else if (account !== undefined && account !== accountId) open.push(`account ${account}`);
    }
  }
  return [...new Set(open)];
}

/** Every identity policy of a user: its own (attached, inline) and its groups'. */
function userPolicies(snapshot: AccountSnapshot, user: SnapshotUser): PolicyInput[] {
  const groups = snapshot.groups.filter((g) => user.groupIds.includes(g.id));
  const managed = (arn: string) =>
    snapshot.managedPolicies.get(arn)?.document ?? awsManagedPolicy(arn)?.document;
  const inputs: PolicyInput[] = [];
  for (const holder of [user, ...groups]) {
    for (const arn of holder.attachedPolicyArns) {
      const document = managed(arn);
      if (document) inputs.push({ id: arn, document });
    }
    for (const inline of holder.inlinePolicies)
      inputs.push({ id: `${holder.arn}/inline/${inline.name}`, document: inline.document });
  }
  return inputs;
}

/**
 * The ways a user may raise its own permissions, as the policy engine
 * decides with its identity policies: attach or put a policy on itself, add
 * itself to a group, write a new default version of a policy it holds, pass
 * any role, or make access keys or passwords for other users.
 */
export function escalationPaths(
  snapshot: AccountSnapshot,
  user: SnapshotUser,
  /** Compiled sets by the ids of their policies: users of the same groups share one. */
  compiled: Map<string, PolicySet | null> = new Map(),
): string[] {
  const inputs = userPolicies(snapshot, user);
  if (inputs.length === 0) return [];
  const setKey = inputs.map((input) => input.id).join('\n');
  let set = compiled.get(setKey);
  if (set === undefined) {
    try {
      set = compilePolicySet({ identity: inputs });
    } catch {
      // A document the engine refuses grants nothing here (the policy service refused it too).
      set = null;
    }
    compiled.set(setKey, set);
  }
  if (set === null) return [];
  const policies = set;
  const principal = {
    arn: user.arn,
    accountId: snapshot.accountId,
    type: 'User' as const,
    username: user.name,
  };
  const allowed = (action: string, resource: string) =>
    evaluate({ principal, action, resource }, policies).allowed;
  // A principal allowed everything has nothing to escalate to (the admin rule speaks of its policies).
  if (allowed('audit-probe:AnyAction', '*')) return [];
  const account = snapshot.accountId;
  const other = `arn:aws:iam::${account}:user/some-other-user`;
  const paths: string[] = [];
  if (allowed('iam:AttachUserPolicy', user.arn)) paths.push('iam:AttachUserPolicy on itself');
  if (allowed('iam:PutUserPolicy', user.arn)) paths.push('iam:PutUserPolicy on itself');
  if (allowed('iam:AddUserToGroup', `arn:aws:iam::${account}:group/*`)) paths.push('iam:AddUserToGroup');
  const held = [
    user.attachedPolicyArns,
    ...snapshot.groups.filter((g) => user.groupIds.includes(g.id)).map((g) => g.attachedPolicyArns),
  ]
    .flat()
    .filter((arn) => snapshot.managedPolicies.has(arn));
  for (const arn of held)
    if (allowed('iam:CreatePolicyVersion', arn))
      paths.push(`iam:CreatePolicyVersion on ${arn}, which it holds`);
  if (allowed('iam:PassRole', `arn:aws:iam::${account}:role/*`)) paths.push('iam:PassRole on any role');
  if (allowed('iam:CreateAccessKey', other)) paths.push('iam:CreateAccessKey for other users');
  if (allowed('iam:CreateLoginProfile', other) || allowed('iam:UpdateLoginProfile', other))
    paths.push('iam:CreateLoginProfile/UpdateLoginProfile for other users');
  return [...new Set(paths)];
}

/** The rules, from AWS's IAM security best practices (README "Audit: reports and findings"). */
export const FINDING_RULES: readonly FindingRule[] = [
  {
    id: 'IAM.ROOT_ACCESS_KEY',
    severity: 'CRITICAL',
    title: 'The root user has access keys',
    remediation: "Delete the root user's access keys; use IAM users or roles with least privilege instead.",
    evaluate: ({ root }) =>
      root && root.keys.length > 0
        ? [
            finding(
              '',
              root.arn,
              'Root',
              `The root user has ${root.keys.length} access key(s): ${root.keys.map((k) => k.accessKeyId).join(', ')}.`,
            ),
          ]
        : [],
  },
  {
    id: 'IAM.ROOT_NO_MFA',
    severity: 'CRITICAL',
    title: 'The root user has no MFA device',
    remediation: 'Enable an MFA device for the root user.',
    evaluate: ({ root }) =>
      root && !root.mfaActive
        ? [finding('', root.arn, 'Root', 'The root user has no MFA device enabled.')]
        : [],
  },
  {
    id: 'IAM.ROOT_RECENTLY_USED',
    severity: 'HIGH',
    title: 'The root user was used recently',
    remediation: 'Use the root user only for the tasks that require it; do daily work as IAM users or roles.',
    evaluate: ({ root, rootLastUsed }, now) =>
      root && rootLastUsed && !olderThan(rootLastUsed, now, ROOT_RECENT_DAYS)
        ? [finding('', root.arn, 'Root', `The root user was last used at ${rootLastUsed.toISOString()}.`)]
        : [],
  },
  {
    id: 'IAM.USER_CONSOLE_NO_MFA',
    severity: 'HIGH',
    title: 'A user with a console password has no MFA device',
    remediation: 'Enable an MFA device for the user, or delete its login profile if it does not sign in.',
    evaluate: ({ users }) =>
      users
        .filter((u) => u.passwordEnabled && !u.mfaActive)
        .map((u) => finding('', u.arn, 'User', `User ${u.name} has a console password and no MFA device.`)),
  },
  {
    id: 'IAM.UNUSED_ACCESS_KEY',
    severity: 'MEDIUM',
    title: `An active access key unused for ${UNUSED_DAYS} days`,
    remediation: 'Deactivate then delete access keys that are not used.',
    evaluate: ({ users }, now) =>
      users.flatMap((u) =>
        u.keys
          .filter((k) => k.status === 'Active' && olderThan(k.lastUsed?.at ?? k.createdAt, now, UNUSED_DAYS))
          .map((k) =>
            finding(
              k.accessKeyId,
              u.arn,
              'User',
              `Access key ${k.accessKeyId} of ${u.name} was not used in ${UNUSED_DAYS} days.`,
            ),
          ),
      ),
  },
  {
    id: 'IAM.UNUSED_PASSWORD',
    severity: 'MEDIUM',
    title: `A console password unused for ${UNUSED_DAYS} days`,
    remediation: 'Delete the login profile of users who do not sign in.',
    evaluate: ({ users }, now) =>
      users
        .filter(
          (u) =>
            u.passwordEnabled &&
            olderThan(u.passwordLastUsed ?? u.passwordLastChanged ?? u.createdAt, now, UNUSED_DAYS),
        )
        .map((u) =>
          finding('', u.arn, 'User', `User ${u.name}'s password was not used in ${UNUSED_DAYS} days.`),
        ),
  },
  {
    id: 'IAM.ACCESS_KEY_NOT_ROTATED',
    severity: 'MEDIUM',
    title: `An active access key older than ${UNUSED_DAYS} days`,
    remediation:
      'Rotate the key: create a second key, move its users to it, deactivate and delete the old one.',
    evaluate: ({ users }, now) =>
      users.flatMap((u) =>
        u.keys
          .filter((k) => k.status === 'Active' && olderThan(k.createdAt, now, UNUSED_DAYS))
          .map((k) =>
            finding(
              k.accessKeyId,
              u.arn,
              'User',
              `Access key ${k.accessKeyId} of ${u.name} was created at ${k.createdAt.toISOString()}.`,
            ),
          ),
      ),
  },
  {
    id: 'IAM.PASSWORD_POLICY_WEAK',
    severity: 'MEDIUM',
    title: 'No password policy, or a weak one',
    remediation: `Set a password policy requiring at least ${MIN_PASSWORD_LENGTH} characters with upper and lower case letters, numbers and symbols.`,
    evaluate: ({ accountId, passwordPolicy: p }) => {
      const arn = `arn:aws:iam::${accountId}:root`;
      if (!p) return [finding('', arn, 'Account', 'The account has no password policy.')];
      const weak = [
        p.minimumPasswordLength < MIN_PASSWORD_LENGTH && `minimum length ${p.minimumPasswordLength}`,
        !p.requireSymbols && 'no symbols required',
        !p.requireNumbers && 'no numbers required',
        !p.requireUppercaseCharacters && 'no uppercase required',
        !p.requireLowercaseCharacters && 'no lowercase required',
      ].filter((w): w is string => typeof w === 'string');
      return weak.length > 0
        ? [finding('', arn, 'Account', `The password policy is weak: ${weak.join(', ')}.`)]
        : [];
    },
  },
  {
    id: 'IAM.USER_ATTACHED_POLICY',
    severity: 'LOW',
    title: 'Managed policies attached directly to a user',
    remediation: 'Attach policies to groups and make the user a member; grant permissions through groups.',
    evaluate: ({ users }) =>
      users
        .filter((u) => u.attachedPolicyArns.length > 0)
        .map((u) =>
          finding(
            '',
            u.arn,
            'User',
            `User ${u.name} has policies attached directly: ${u.attachedPolicyArns.join(', ')}.`,
          ),
        ),
  },
  {
    id: 'IAM.ROLE_TRUST_OPEN',
    severity: 'CRITICAL',
    title: "A role's trust policy lets anyone, or any principal of another account, assume it",
    remediation:
      'Name the roles or users trusted in the Principal, or add conditions (aws:PrincipalOrgID, sts:ExternalId, aws:PrincipalArn).',
    evaluate: ({ roles, accountId }) =>
      roles.flatMap((r) => {
        const open = trustOpenTo(r.trustPolicy, accountId);
        return open.length > 0
          ? [
              finding(
                '',
                r.arn,
                'Role',
                `Role ${r.name} may be assumed, with no condition, by: ${open.join(', ')}.`,
              ),
            ]
          : [];
      }),
  },
  {
    id: 'IAM.POLICY_ADMIN_ACCESS',
    severity: 'HIGH',
    title: 'A customer policy allows "*:*" or "iam:*" on every resource',
    remediation:
      'Grant only the actions needed (least privilege); use AWS managed AdministratorAccess for real administrators.',
    evaluate: ({ managedPolicies, users, roles, groups }) => [
      ...[...managedPolicies].flatMap(([arn, policy]) => {
        const kind = allowsAdministration(policy.document);
        return kind
          ? [
              finding(
                '',
                arn,
                'Policy',
                `Policy ${policy.name} allows ${kind === 'full' ? '"*:*"' : '"iam:*"'} on "*".`,
              ),
            ]
          : [];
      }),
      ...[...users, ...roles, ...groups].flatMap((holder) =>
        holder.inlinePolicies.flatMap((inline) => {
          const kind = allowsAdministration(inline.document);
          return kind
            ? [
                finding(
                  inline.name,
                  holder.arn,
                  holder.kind === 'user' ? 'User' : holder.kind === 'role' ? 'Role' : 'Group',
                  `Inline policy ${inline.name} of ${holder.name} allows ${kind === 'full' ? '"*:*"' : '"iam:*"'} on "*".`,
                ),
              ]
            : [];
        }),
      ),
    ],
  },
  {
    id: 'IAM.USER_PRIVILEGE_ESCALATION',
    severity: 'HIGH',
    title: 'A user may raise its own permissions',
    remediation:
      'Remove the IAM write actions from its policies, scope them to other resources, or set a permissions boundary.',
    evaluate: (snapshot) => {
      const compiled = new Map<string, PolicySet | null>();
      return snapshot.users.flatMap((u) => {
        const paths = escalationPaths(snapshot, u, compiled);
        return paths.length > 0
          ? [finding('', u.arn, 'User', `User ${u.name} may escalate: ${paths.join('; ')}.`)]
          : [];
      });
    },
  },
  {
    id: 'IAM.UNUSED_ROLE',
    severity: 'LOW',
    title: `A role unused for ${UNUSED_DAYS} days`,
    remediation: 'Delete roles that are not used.',
    evaluate: ({ roles }, now) =>
      roles
        .filter((r) => olderThan(r.lastUsed ?? r.createdAt, now, UNUSED_DAYS))
        .map((r) => finding('', r.arn, 'Role', `Role ${r.name} was not used in ${UNUSED_DAYS} days.`)),
  },
  {
    id: 'IAM.INLINE_POLICY',
    severity: 'LOW',
    title: 'An inline policy where a managed policy would do',
    remediation: 'Make it a customer managed policy (versioned, reusable, reviewable) and attach it instead.',
    evaluate: ({ users, roles, groups }) =>
      [...users, ...roles, ...groups].flatMap((holder) =>
        holder.inlinePolicies.map((inline) =>
          finding(
            inline.name,
            holder.arn,
            holder.kind === 'user' ? 'User' : holder.kind === 'role' ? 'Role' : 'Group',
            `${holder.name} has inline policy ${inline.name}.`,
          ),
        ),
      ),
  },
];

/** Every finding the rules make of an account now, each with its stable id. */
export function evaluateFindings(snapshot: AccountSnapshot, now: Date): Finding[] {
  return FINDING_RULES.flatMap((rule) =>
    rule.evaluate(snapshot, now).map((f) => ({
      ...f,
      findingId: [rule.id, f.entityArn, f.findingId].filter(Boolean).join(':'),
      ruleId: rule.id,
      severity: rule.severity,
      remediation: rule.remediation,
    })),
  );
}
