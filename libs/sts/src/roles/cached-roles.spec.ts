import { CachedRoles, ROLE_CACHE_MS } from './cached-roles';
import type { RolesQueries, StsRole } from './roles.queries';

const role = (trustPolicy: string): StsRole => ({
  roleId: 'AROAEXAMPLE',
  accountId: '111122223333',
  roleName: 'Deployer',
  path: '/',
  arn: 'arn:aws:iam::111122223333:role/Deployer',
  trustPolicy,
  maxSessionDuration: 3600,
  tags: [],
});

/** The projection as a table the test changes, counting reads. */
function projection() {
  const table = new Map<string, StsRole>();
  let reads = 0;
  let gate: Promise<void> = Promise.resolve();
  const queries = {
    byName: async (accountId: string, roleName: string) => {
      reads++;
      const found = table.get(`${accountId}/${roleName.toLowerCase()}`);
      await gate;
      return found;
    },
  } as unknown as RolesQueries;
  return {
    queries,
    set: (value: StsRole | undefined) =>
      value ? table.set('111122223333/deployer', value) : table.delete('111122223333/deployer'),
    reads: () => reads,
    hold: () => {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = Promise.resolve();
        release();
      };
    },
  };
}

describe('CachedRoles', () => {
  afterEach(() => jest.useRealTimers());

  it('answers from memory within the window, case-insensitively by name, and reads again after it', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const p = projection();
    p.set(role('v1'));
    const roles = new CachedRoles(p.queries);
    expect((await roles.byName('111122223333', 'Deployer'))?.trustPolicy).toBe('v1');
    p.set(role('v2'));
    expect((await roles.byName('111122223333', 'deployer'))?.trustPolicy).toBe('v1');
    expect(p.reads()).toBe(1);
    jest.setSystemTime(1_000_000 + ROLE_CACHE_MS);
    expect((await roles.byName('111122223333', 'Deployer'))?.trustPolicy).toBe('v2');
    expect(p.reads()).toBe(2);
  });

  it('reads again at once after forget (the projection applied a role event)', async () => {
    const p = projection();
    p.set(role('v1'));
    const roles = new CachedRoles(p.queries);
    await roles.byName('111122223333', 'Deployer');
    p.set(role('v2'));
    roles.forget();
    expect((await roles.byName('111122223333', 'Deployer'))?.trustPolicy).toBe('v2');
  });

  it('never remembers a role not found, nor a read that began before a forget', async () => {
    const p = projection();
    const roles = new CachedRoles(p.queries);
    expect(await roles.byName('111122223333', 'Deployer')).toBeUndefined();
    p.set(role('v1'));
    expect((await roles.byName('111122223333', 'Deployer'))?.trustPolicy).toBe('v1');

    roles.forget();
    const release = p.hold();
    const stale = roles.byName('111122223333', 'Deployer');
    p.set(role('v2'));
    roles.forget();
    release();
    expect((await stale)?.trustPolicy).toBe('v1');
    expect((await roles.byName('111122223333', 'Deployer'))?.trustPolicy).toBe('v2');
  });

  it('makes requests that miss together share one read, but not one begun before a forget', async () => {
    const p = projection();
    p.set(role('v1'));
    const roles = new CachedRoles(p.queries);
    const release = p.hold();
    const together = [1, 2, 3].map(() => roles.byName('111122223333', 'Deployer'));
    expect(p.reads()).toBe(1);
    p.set(role('v2'));
    roles.forget();
    const after = roles.byName('111122223333', 'Deployer');
    expect(p.reads()).toBe(2);
    release();
    expect((await Promise.all(together)).map((r) => r?.trustPolicy)).toEqual(['v1', 'v1', 'v1']);
    expect((await after)?.trustPolicy).toBe('v2');
  });
});
