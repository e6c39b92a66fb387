import { servicesLastAccessed } from './service-last-accessed';

const use = (principalArn: string, service: string, action: string, at: string, by = principalArn) => ({
  principalArn,
  service,
  action,
  lastUsedAt: new Date(at),
  lastUsedBy: by,
  region: 'us-east-1',
});

describe('services last accessed', () => {
  const alice = 'arn:aws:iam::123456789012:user/alice';
  const bob = 'arn:aws:iam::123456789012:user/bob';
  const uses = [
    use(alice, 'iam', 'ListUsers', '2026-05-01T00:00:00.000Z'),
    use(bob, 'iam', 'CreateUser', '2026-05-03T00:00:00.000Z'),
    use(alice, 'iam', 'CreateUser', '2026-05-02T00:00:00.000Z'),
    use(alice, 'sts', 'AssumeRole', '2026-04-01T00:00:00.000Z'),
  ];

  it('gives per service the latest use, who made it, and how many principals used it', () => {
    expect(servicesLastAccessed(uses, 'SERVICE_LEVEL')).toEqual([
      {
        ServiceName: 'AWS Identity and Access Management',
        ServiceNamespace: 'iam',
        LastAuthenticated: '2026-05-03T00:00:00.000Z',
        LastAuthenticatedEntity: bob,
        LastAuthenticatedRegion: 'us-east-1',
        TotalAuthenticatedEntities: 2,
      },
      {
        ServiceName: 'AWS Security Token Service',
        ServiceNamespace: 'sts',
        LastAuthenticated: '2026-04-01T00:00:00.000Z',
        LastAuthenticatedEntity: alice,
        LastAuthenticatedRegion: 'us-east-1',
        TotalAuthenticatedEntities: 1,
      },
    ]);
  });

  it("adds each action's latest use at ACTION_LEVEL", () => {
    const [iam] = servicesLastAccessed(uses, 'ACTION_LEVEL');
    expect(iam.TrackedActionsLastAccessed).toEqual([
      {
        ActionName: 'CreateUser',
        LastAccessedEntity: bob,
        LastAccessedTime: '2026-05-03T00:00:00.000Z',
        LastAccessedRegion: 'us-east-1',
      },
      {
        ActionName: 'ListUsers',
        LastAccessedEntity: alice,
        LastAccessedTime: '2026-05-01T00:00:00.000Z',
        LastAccessedRegion: 'us-east-1',
      },
    ]);
  });
});
