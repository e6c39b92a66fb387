import type { Principal, ResourceContext } from '@iam/auth';
import { IamResources } from './iam-resources';

const accountId = '123456789012';
const known: Record<string, string> = {
  'user:alice': `arn:aws:iam::${accountId}:user/sandbox/alice`,
  'group:devs': `arn:aws:iam::${accountId}:group/teams/devs`,
};

const context = (params: Record<string, string>, body: Record<string, unknown>): ResourceContext => ({
  principal: { accountId } as Principal,
  params,
  query: {},
  body,
  arnOf: (kind, name) => known[`${kind}:${name.toLowerCase()}`],
  entity: () => undefined,
  accessKeyOwner: () => undefined,
});

describe('IamResources: the new ARN of a rename or move (UpdateUser, UpdateGroup)', () => {
  const user = IamResources.renamedUser();
  const group = IamResources.renamedGroup();

  it.each([
    ['a rename keeps the path', { newUserName: 'bob' }, `arn:aws:iam::${accountId}:user/sandbox/bob`],
    ['a move keeps the name', { newPath: '/admin/' }, `arn:aws:iam::${accountId}:user/admin/alice`],
    ['both', { newUserName: 'bob', newPath: '/' }, `arn:aws:iam::${accountId}:user/bob`],
  ])('%s', (_, body, expected) => {
    expect(user(context({ userName: 'ALICE' }, body))).toEqual([expected]);
  });

  it('names no further resource when nothing changes name or path', () => {
    expect(user(context({ userName: 'alice' }, {}))).toEqual([]);
    expect(user(context({ userName: 'alice' }, { newUserName: 42 }))).toEqual([]);
  });

  it('moves a group', () => {
    expect(group(context({ groupName: 'devs' }, { newPath: '/admin/' }))).toEqual([
      `arn:aws:iam::${accountId}:group/admin/devs`,
    ]);
  });

  it('takes an entity nobody knows at the root path (the handler answers NoSuchEntity)', () => {
    expect(user(context({ userName: 'ghost' }, { newPath: '/admin/' }))).toEqual([
      `arn:aws:iam::${accountId}:user/admin/ghost`,
    ]);
  });
});
