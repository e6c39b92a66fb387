import { IamError } from '@iam/contracts';
import type { AccountSnapshot } from '../reports/account-snapshot';

/**
 * Whose use the access advisor reports for an entity of the account: a
 * user's or role's own; a group's members'; a managed policy's holders'
 * (users it is attached to, directly or through a group, and roles).
 * NoSuchEntity when the account has no such entity.
 */
export function principalsReportedFor(snapshot: AccountSnapshot, arn: string): string[] {
  const user = snapshot.users.find((u) => u.arn === arn);
  if (user) return [user.arn];
  const role = snapshot.roles.find((r) => r.arn === arn);
  if (role) return [role.arn];
  const group = snapshot.groups.find((g) => g.arn === arn);
  if (group) return snapshot.users.filter((u) => u.groupIds.includes(group.id)).map((u) => u.arn);
  if (snapshot.managedPolicies.has(arn) || arn.startsWith('arn:aws:iam::aws:policy/')) {
    const groupIds = new Set(
      snapshot.groups.filter((g) => g.attachedPolicyArns.includes(arn)).map((g) => g.id),
    );
    return [
      ...snapshot.users
        .filter((u) => u.attachedPolicyArns.includes(arn) || u.groupIds.some((id) => groupIds.has(id)))
        .map((u) => u.arn),
      ...snapshot.roles.filter((r) => r.attachedPolicyArns.includes(arn)).map((r) => r.arn),
    ];
  }
  throw new IamError('NoSuchEntity', `The entity ${arn} cannot be found in this account.`);
}
