import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomRootKey, SignedClient, type Credentials } from '@iam/testing';
import { StandaloneProcess } from './standalone-process';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Standalone mode as a developer runs it (`node dist/apps/standalone/src/main.js`),
 * one OS process per server: one process per data directory, recovery after
 * `kill -9`, a private data directory, and the root secret shown only when
 * generated.
 */
describe('standalone process and its data directory', () => {
  jest.setTimeout(180_000);
  const running: StandaloneProcess[] = [];
  // A folder the server creates itself, as `./.iam-data` on a first `npm start`.
  const newDataDir = () => path.join(mkdtempSync(path.join(tmpdir(), 'iam-standalone-process-')), 'data');
  const start = (dataDir: string, env: Record<string, string> = {}) => {
    const server = new StandaloneProcess({ IAM_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env });
    running.push(server);
    return server;
  };
  const rootOf = (url: string, dataDir: string) =>
    new SignedClient(url, JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8')));

  afterAll(async () => {
    await Promise.all(running.map((server) => server.kill('SIGKILL')));
  });

  it('refuses a second process on the same data directory, naming the holder, without touching the data; the first keeps serving and a kill -9 of it leaves a directory that opens', async () => {
    const dataDir = newDataDir();
    const first = start(dataDir);
    const url = await first.ready();
    const root = rootOf(url, dataDir);
    expect((await root.request('POST', '/v1/users', { userName: 'alice' })).status).toBe(201);
    // The first server's consumers (audit, sts' projections) go on writing for a moment after a
    // request: compare against a directory that has settled, so what changes is the second's doing.
    const before = await settledSnapshot(path.join(dataDir, 'pglite'));

    const second = start(dataDir);
    expect(await second.exited).toBe(1);
    expect(second.stderr).toContain(`IAM_DATA_DIR ${dataDir} is in use by process ${first.pid}`);
    expect(second.stdout).not.toContain('migrations applied');
    expect(snapshot(path.join(dataDir, 'pglite'))).toEqual(before);

    expect((await root.request('POST', '/v1/users', { userName: 'bob' })).status).toBe(201);
    await first.kill('SIGKILL');
    const third = start(dataDir);
    const again = rootOf(await third.ready(), dataDir);
    const users = await again.request<Json>('GET', '/v1/users');
    expect(users.body.users.map((u: Json) => u.userName)).toEqual(['alice', 'bob']);
    await third.kill('SIGTERM');
    expect(existsSync(path.join(dataDir, 'iam.lock'))).toBe(false);
  });

  it('a start whose port is taken exits non-zero, closes its database and frees its data directory', async () => {
    const taken = await listenAnywhere();
    const port = String((taken.address() as { port: number }).port);
    const dataDir = newDataDir();
    try {
      const blocked = start(dataDir, { PORT: port });
      expect(await blocked.exited).toBe(1);
      expect(blocked.stderr).toMatch(/standalone failed to start: .*EADDRINUSE/);
      expect(existsSync(path.join(dataDir, 'iam.lock'))).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    const next = start(dataDir);
    const root = rootOf(await next.ready(), dataDir);
    expect((await root.request('GET', '/v1/account')).status).toBe(200);
    await next.kill('SIGTERM');
  });

  it('keeps every acknowledged write across kill -9 under write load, twice', async () => {
    const dataDir = newDataDir();
    const acknowledged: string[] = [];
    for (let round = 0; round < 2; round++) {
      const server = start(dataDir);
      const root = rootOf(await server.ready(), dataDir);
      let stop = false;
      const writer = async (lane: number) => {
        for (let i = 0; !stop; i++) {
          const userName = `r${round}-l${lane}-u${i}`;
          const created = await root.request('POST', '/v1/users', { userName }).catch(() => undefined);
          if (created?.status === 201) acknowledged.push(userName);
        }
      };
      const writers = [0, 1, 2, 3].map(writer);
      const target = acknowledged.length + 30;
      while (acknowledged.length < target) await new Promise((resolve) => setTimeout(resolve, 20));
      await server.kill('SIGKILL'); // requests in flight
      stop = true;
      await Promise.all(writers);
    }
    const last = start(dataDir);
    const root = rootOf(await last.ready(), dataDir);
    const names = new Set<string>();
    for (let marker: string | undefined, more = true; more;) {
      const page = await root.request<Json>(
        'GET',
        `/v1/users?maxItems=1000${marker ? `&marker=${marker}` : ''}`,
      );
      expect(page.status).toBe(200);
      for (const user of page.body.users) names.add(user.userName);
      more = page.body.isTruncated;
      marker = page.body.marker;
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(60);
    expect(acknowledged.filter((name) => !names.has(name))).toEqual([]);
    await last.kill('SIGTERM');
  });

  it('keeps its data directory private: folders 0700 and files 0600, at start and after writes', async () => {
    const dataDir = newDataDir();
    const server = start(dataDir);
    const root = rootOf(await server.ready(), dataDir);
    expect(loosePermissions(dataDir)).toEqual([]);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (let i = 0; i < 20; i++) {
      expect((await root.request('POST', '/v1/users', { userName: `writer${i}` })).status).toBe(201);
    }
    const policy = await root.request('POST', '/v1/policies', {
      policyName: 'Private',
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }],
      }),
    });
    expect(policy.status).toBe(201);
    expect(loosePermissions(dataDir)).toEqual([]);
    await server.kill('SIGTERM');
  });

  it('prints a generated root secret once on stdout, never in a JSON log line', async () => {
    const dataDir = newDataDir();
    const server = start(dataDir);
    await server.ready();
    const { secretAccessKey } = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
    expect(server.stdout.split(secretAccessKey)).toHaveLength(2);
    const logLines = server.stdout.split('\n').filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(3);
    expect(logLines.filter((line) => line.includes(secretAccessKey))).toEqual([]);
    expect(server.stderr).not.toContain(secretAccessKey);
    await server.kill('SIGTERM');
  });

  it('never prints or copies a root secret supplied in the environment', async () => {
    const dataDir = newDataDir();
    const preset: Credentials = randomRootKey();
    const server = start(dataDir, {
      IAM_ROOT_ACCESS_KEY_ID: preset.accessKeyId,
      IAM_ROOT_SECRET_ACCESS_KEY: preset.secretAccessKey,
    });
    const root = new SignedClient(await server.ready(), preset);
    expect((await root.request('GET', '/v1/account')).status).toBe(200);
    expect(server.stdout).toContain('management account created');
    expect(server.stdout).not.toContain(preset.secretAccessKey);
    expect(server.stderr).not.toContain(preset.secretAccessKey);
    expect(existsSync(path.join(dataDir, 'root-credentials.json'))).toBe(false);
    await server.kill('SIGTERM');
  });
});

/** A snapshot of `dir` once two taken a second apart agree (at most 30 s). */
async function settledSnapshot(dir: string): Promise<Record<string, string>> {
  let previous = snapshot(dir);
  for (let waited = 0; waited < 30_000; waited += 1_000) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const current = snapshot(dir);
    if (JSON.stringify(current) === JSON.stringify(previous)) return current;
    previous = current;
  }
  throw new Error(`${dir} kept changing for 30 s while nothing was asked of its server`);
}

/** Every file and folder under `dir` with its size and modification time. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string) => {
    for (const entry of readdirSync(at)) {
      const full = path.join(at, entry);
      const stat = lstatSync(full);
      out[path.relative(dir, full)] = `${stat.size}:${stat.mtimeMs}`;
      if (stat.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out;
}

/** Paths under `dir` (itself included) that are not 0700 folders or 0600 files. */
function loosePermissions(dir: string): string[] {
  const loose: string[] = [];
  const walk = (at: string) => {
    const stat = lstatSync(at);
    const mode = stat.mode & 0o777;
    if (stat.isDirectory()) {
      if (mode !== 0o700) loose.push(`${at} ${mode.toString(8)}`);
      for (const entry of readdirSync(at)) walk(path.join(at, entry));
    } else if (stat.isFile() && mode !== 0o600) {
      loose.push(`${at} ${mode.toString(8)}`);
    }
  };
  walk(dir);
  return loose;
}

function listenAnywhere(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
