import type { ResourceContext } from '@iam/auth';
import { groupArn, roleArn, rootArn, userArn } from './iam-arns';

// The resource ARN each route acts on, for authorization, with the entity's
// path as AWS forms it (`user/division/alice`), so path-scoped policies
// match. A create names the path it asks for; an existing entity's path
// comes from the authorization projection, or from identity's own tables
// while that projection does not know it yet (the guard's EntityArns); a
// name that exists nowhere is named at the root path.
type Kind = 'user' | 'group' | 'role';
const arnAt = { user: userArn, group: groupArn, role: roleArn };
const bodyName = { user: 'userName', group: 'groupName', role: 'roleName' };

function entity(kind: Kind, param: string) {
  return ({ principal, params, body, arnOf }: ResourceContext) => {
    if (param === 'body') {
      const path = typeof body.path === 'string' ? body.path : '/';
      return arnAt[kind](principal.accountId, path, String(body[bodyName[kind]]));
    }
    const name = String(params[param]);
    return arnOf(kind, name) ?? arnAt[kind](principal.accountId, '/', name);
  };
}

/**
 * UpdateUser, UpdateGroup: the ARN the entity will have after the rename or
 * move (`newUserName` / `newGroupName`, `newPath`). AWS requires the action
 * allowed on both the source and the target object; the guard checks this one
 * besides the current ARN. Malformed values are the decider's to refuse.
 */
function renamed(kind: 'user' | 'group', param: string) {
  const field = kind === 'user' ? 'newUserName' : 'newGroupName';
  return (context: ResourceContext): string[] => {
    const { principal, body } = context;
    const newName = body[field];
    const newPath = body.newPath;
    if (typeof newName !== 'string' && typeof newPath !== 'string') return [];
    const current = entity(kind, param)(context);
    const rest = current.slice(arnAt[kind](principal.accountId, '', '').length);
    const slash = rest.lastIndexOf('/');
    return [
      arnAt[kind](
        principal.accountId,
        typeof newPath === 'string' ? newPath : rest.slice(0, slash + 1),
        typeof newName === 'string' ? newName : rest.slice(slash + 1),
      ),
    ];
  };
}

export const IamResources = {
  account: ({ principal }: ResourceContext) => rootArn(principal.accountId),
  user: (param = 'userName') => entity('user', param),
  group: (param = 'groupName') => entity('group', param),
  role: (param = 'roleName') => entity('role', param),
  /** The new ARN of a renamed or moved user. */
  renamedUser: (param = 'userName') => renamed('user', param),
  /** The new ARN of a renamed or moved group. */
  renamedGroup: (param = 'groupName') => renamed('group', param),
  /**
   * GetAccessKeyLastUsed acts on the key's owner (AWS: resource type user);
   * a key of another account, or none, is named `*` and answered NoSuchEntity.
   */
  accessKeyOwner: ({ params, accessKeyOwner }: ResourceContext) =>
    accessKeyOwner(String(params.accessKeyId)) ?? '*',
  /** List actions act on the whole account's entities. */
  any: () => '*',
};
