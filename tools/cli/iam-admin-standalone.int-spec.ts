import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunningApp } from '@iam/platform';
import { eventually, SignedClient } from '@iam/testing';
import type { AdminIo } from './admin-context';
import { runAdmin } from './iam-admin';
import { startStandalone } from '../../apps/e2e/src/standalone-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * `iam-admin` on standalone data (PGlite in a data directory, no
 * DATABASE_URL): refused while the server runs, working once it stopped,
 * and what it did is there when the server starts again.
 */
describe('iam-admin (standalone data)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-admin-standalone-'));
  let app: RunningApp | undefined;
  let accountId: string;

  const admin = async (argv: string[]) => {
    const io: AdminIo & { stdout: string; stderr: string } = {
      env: {},
      stdout: '',
      stderr: '',
      out: (text) => void (io.stdout += text),
      err: (text) => void (io.stderr += text),
      readStdin: async () => '',
    };
    const code = await runAdmin([...argv, '--data-dir', dataDir], io);
    return { code, stdout: io.stdout, stderr: io.stderr };
  };

  beforeAll(async () => {
    app = await startStandalone(dataDir);
    const root = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8')) as Json;
    accountId = root.accountId;
    const client = new SignedClient(app.url, root as { accessKeyId: string; secretAccessKey: string });
    expect((await client.request('POST', '/v1/users', { userName: 'alice' })).status).toBe(201);
    // PGlite starts slowly on a busy machine.
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses the data directory while the server holds it', async () => {
    const refused = await admin(['lag']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('stop the standalone server');
  });

  it('rebuilds, shows lag, exports and creates a root key on the stopped server; it serves them once started', async () => {
    await app!.close();
    app = undefined;

    const rebuilt = await admin(['rebuild', 'identity', 'users']);
    expect(rebuilt.code).toBe(0);
    expect(Number(/rebuilt from (\d+) events/.exec(rebuilt.stdout)?.[1])).toBeGreaterThanOrEqual(1);

    const lag = await admin(['lag', '--json']);
    expect(lag.code).toBe(0);
    const shown = JSON.parse(lag.stdout) as Json;
    // The server published everything before it stopped; standalone has no consumer groups.
    expect(shown.relays.map((r: Json) => r.unpublished)).toEqual([0, 0, 0, 0]);
    expect(shown.consumers).toBeNull();

    const exported = await admin(['accounts', 'export', accountId]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain('"type":"iam.identity.UserCreated"');

    const created = await admin(['root-key', 'create', '--account', accountId]);
    expect(created.code).toBe(0);
    const accessKeyId = /access key id: +(AKIA\w+)/.exec(created.stdout)?.[1] as string;
    const secretAccessKey = /secret access key: +(\S+)/.exec(created.stdout)?.[1] as string;

    app = await startStandalone(dataDir);
    const withNewKey = new SignedClient(app.url, { accessKeyId, secretAccessKey });
    const users = await eventually(
      () => withNewKey.request<Json>('GET', '/v1/users'),
      (r) => r.status === 200,
    );
    expect(users.body.users.map((u: Json) => u.userName)).toEqual(['alice']);
  }, 180_000);
});
