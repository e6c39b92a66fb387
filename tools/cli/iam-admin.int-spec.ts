import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuditModule } from '@iam/audit';
import { AuthModule, SecretBox } from '@iam/auth';
import { deadLetterTopic, Topics } from '@iam/contracts';
import { IdentityModule } from '@iam/identity';
import { EventAuthenticator, type InProcessEventBus, KafkaEventBus } from '@iam/messaging';
import type { SqlDatabase } from '@iam/event-store';
import { bootstrapService, EVENT_BUS, SQL_DATABASE } from '@iam/platform';
import { dropSchemas, eventually, SignedClient, TEST_EVENT_KEYS } from '@iam/testing';
import type { AdminIo } from './admin-context';
import { runAdmin } from './iam-admin';
import { rootKey, startDistributedServices, type DistributedServices } from '../../apps/e2e/src/services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * `iam-admin` against the distributed services' Postgres and Kafka (each
 * command run in this process as the bin runs it, with the environment an
 * operator would give it).
 */
describe('iam-admin (distributed: real Postgres and Kafka)', () => {
  let s: DistributedServices;
  const keys = SecretBox.generateConfig('admin-e2e');
  const signingKey = generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  let env: NodeJS.ProcessEnv;

  const admin = async (argv: string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}) => {
    const io: AdminIo & { stdout: string; stderr: string } = {
      env: options.env ?? env,
      stdout: '',
      stderr: '',
      out: (text) => void (io.stdout += text),
      err: (text) => void (io.stderr += text),
      readStdin: async () => options.stdin ?? '',
    };
    const code = await runAdmin(argv, io);
    return { code, stdout: io.stdout, stderr: io.stderr };
  };

  beforeAll(async () => {
    s = await startDistributedServices(
      {
        IAM_KEY_ENCRYPTION_KEYS: keys,
        IAM_AUDIT_SIGNING_KEY: signingKey,
        IAM_AUDIT_DIGEST_INTERVAL_SECONDS: '1',
      },
      { sts: true },
    );
    env = {
      DATABASE_URL: s.infra.databaseUrl,
      KAFKA_BROKERS: s.infra.kafkaBrokers,
      IAM_SCHEMA_PREFIX: s.infra.schemaPrefix,
      IAM_KEY_ENCRYPTION_KEYS: keys,
      // `audit verify` trusts its public half.
      IAM_AUDIT_SIGNING_KEY: signingKey,
    };
    expect((await s.rootIdentity.request('POST', '/v1/users', { userName: 'kept' })).status).toBe(201);
    expect((await s.rootIdentity.request('POST', '/v1/groups', { groupName: 'ops' })).status).toBe(201);
    // Policy has consumed both (a rebuild is of a projection that caught up: one whose consumer is
    // still applying the same events races the rebuild's transaction for them).
    await eventually(
      async () => [
        (await s.rootPolicy.request('GET', '/v1/users/kept/policies')).status,
        (await s.rootPolicy.request('GET', '/v1/groups/ops/policies')).status,
      ],
      ([user, group]) => user === 200 && group === 200,
      { timeoutMs: 60_000 },
    );
    // Four services' consumers joining their groups: slow on a loaded 2-core machine.
  }, 180_000);

  afterAll(async () => {
    await s?.stop();
  });

  it('rebuild: replays a consumer projection from the event stores; the service answers as before', async () => {
    // policy's principals: the users, groups and roles it learns from identity's topic.
    const rebuilt = await admin(['rebuild', 'policy', 'principals']);
    expect(rebuilt).toMatchObject({ code: 0, stderr: '' });
    const replayed = Number(/rebuilt from (\d+) events/.exec(rebuilt.stdout)?.[1]);
    // At least the user and the group this test created.
    expect(replayed).toBeGreaterThanOrEqual(2);
    const attached = await s.rootPolicy.request('PUT', '/v1/users/kept/policies/Kept', {
      policyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }],
      }),
    });
    // policy still knows the user after the rebuild.
    expect(attached.status).toBe(204);
    // and its principal-details (creation dates, trust policies, group members), replayed the same way.
    const details = await admin(['rebuild', 'policy', 'principal-details']);
    expect(details).toMatchObject({ code: 0, stderr: '' });
    expect(Number(/rebuilt from (\d+) events/.exec(details.stdout)?.[1])).toBeGreaterThanOrEqual(2);
    const found = await s.rootPolicy.request<Json>('GET', '/v1/account-authorization-details?filter=User');
    expect(found.body.userDetailList.find((u: Json) => u.userName === 'kept')?.createDate).toEqual(
      expect.any(String),
    );
    const unknown = await admin(['rebuild', 'policy', 'nothing']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('projections of policy: ');
  });

  it('lag: the relays of identity, policy, sts and audit, and every consumer group of this system per partition', async () => {
    const shown = await admin(['lag', '--json']);
    expect(shown.code).toBe(0);
    const lag = JSON.parse(shown.stdout) as Json;
    expect(lag.relays.map((r: Json) => r.service)).toEqual(['identity', 'policy', 'sts', 'audit']);
    for (const relay of lag.relays) expect(relay.unpublished).toBeGreaterThanOrEqual(0);
    const groups = new Set(lag.consumers.map((c: Json) => c.group));
    for (const group of ['policy.principals', 'audit.audit_trail', 'sts.authorization'])
      expect(groups).toContain(`${s.infra.schemaPrefix}${group}`);
    for (const row of lag.consumers) expect(row.lag).toBe(Math.max(0, row.end - row.committed));
    const table = await admin(['lag']);
    expect(table.stdout).toContain('outbox relay lag');
    expect(table.stdout).toContain(`${s.infra.schemaPrefix}policy.principals`);
  });

  it('dead-letters: lists what a group set aside, and replays it onto its topic', async () => {
    const group = `${s.infra.schemaPrefix}policy.principals`;
    const list = async () => {
      const listed = await admin(['dead-letters', 'list', Topics.identity, '--group', group, '--json']);
      expect(listed.code).toBe(0);
      return JSON.parse(listed.stdout) as Json[];
    };
    const poison = `not an event ${randomUUID()}`;
    const producer = new KafkaEventBus({
      brokers: s.infra.kafkaBrokers.split(','),
      clientId: 'iam-admin-e2e',
      authenticator: EventAuthenticator.fromConfig(TEST_EVENT_KEYS),
    });
    try {
      await producer.publishRaw(Topics.identity, 'poison', poison);
    } finally {
      await producer.close();
    }
    const ours = (letters: Json[]) => letters.filter((l) => l.value === poison);
    const once = ours(await eventually(list, (letters) => ours(letters).length === 1, { timeoutMs: 30_000 }));
    expect(once[0]).toMatchObject({ group, originalTopic: Topics.identity });
    expect(once[0].error).not.toBe('');

    const replayed = await admin([
      'dead-letters',
      'replay',
      Topics.identity,
      once[0].offset,
      '--partition',
      String(once[0].partition),
    ]);
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toContain(`replayed ${deadLetterTopic(Topics.identity)}`);
    // Back on its topic, the group received it again (and set it aside again: it is still no event).
    await eventually(list, (letters) => ours(letters).length === 2, { timeoutMs: 30_000 });
    const missing = await admin(['dead-letters', 'replay', Topics.identity, '999999999', '--partition', '0']);
    expect(missing.code).toBe(2);
  });

  it('accounts export | import: restores the account and its audit trail into an empty system, event ids kept; it verifies and serves there', async () => {
    // A trail with access records and a signed digest to carry over.
    const auditDb = s.audit.app.get<SqlDatabase>(SQL_DATABASE);
    await eventually(
      async () =>
        (
          await auditDb.query<{ digests: string; access: string }>(
            `SELECT (SELECT count(*) FROM "${s.infra.schemaPrefix}audit".trail_digests WHERE account_id = $1) AS digests,
                    (SELECT count(*) FROM "${s.infra.schemaPrefix}audit".trail WHERE account_id = $1 AND kind = 'access') AS access`,
            [s.accountId],
          )
        ).rows[0],
      (row) => Number(row.digests) >= 1 && Number(row.access) >= 1,
      { timeoutMs: 30_000 },
    );
    const original = await admin(['audit', 'verify', '--account', s.accountId]);
    expect(original).toMatchObject({ code: 0, stderr: '' });

    const exported = await admin(['accounts', 'export', s.accountId]);
    expect(exported.code).toBe(0);
    const lines = exported.stdout.trim().split('\n');
    const header = JSON.parse(lines[0]) as Json;
    expect(header).toMatchObject({ format: 'iam-account-export', version: 3, accountId: s.accountId });
    expect(header.events.identity).toBeGreaterThanOrEqual(5);
    // Every event, the sealed secrets the identity events name (by id) and every trail row, each on a line of its own.
    expect(header.secrets).toBeGreaterThanOrEqual(1);
    expect(header.trail.trail).toBeGreaterThanOrEqual(header.events.identity);
    expect(header.trail.trail_digests).toBeGreaterThanOrEqual(1);
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(lines.length - 1).toBe(sum(header.events) + header.secrets + sum(header.trail));
    expect(lines.filter((line) => line.includes('"sealedSecret"'))).toHaveLength(header.secrets);
    expect(lines.filter((line) => line.includes('"kind":"access"'))).not.toHaveLength(0);

    const emptyPrefix = `t_restore_${randomBytes(4).toString('hex')}_`;
    const restoreEnv = { ...env, IAM_SCHEMA_PREFIX: emptyPrefix };
    const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-restore-'));
    try {
      const imported = await admin(['accounts', 'import'], { stdin: exported.stdout, env: restoreEnv });
      expect(imported).toMatchObject({ code: 0, stderr: '' });
      expect(imported.stdout).toContain(`account ${s.accountId} restored`);
      // The same events, ids and all, and the same trail, hashes, access records and signed digests all.
      const again = await admin(['accounts', 'export', s.accountId], { env: restoreEnv });
      expect(again.stdout.trim().split('\n').slice(1)).toEqual(lines.slice(1));
      // The restored trail passes the verification against the same public key.
      const verified = await admin(['audit', 'verify', '--account', s.accountId], { env: restoreEnv });
      expect(verified).toMatchObject({ code: 0, stderr: '' });
      expect(verified.stdout).toContain(
        `${header.trail.trail} records checked (sequence 1…${header.trail.trail}), ${header.trail.trail_digests} digests checked`,
      );
      expect(verified.stdout).toContain('OK: every record');
      // A second restore of the same account is refused, nothing written.
      const twice = await admin(['accounts', 'import'], { stdin: exported.stdout, env: restoreEnv });
      expect(twice.code).toBe(2);
      expect(twice.stderr).toContain('exists in identity already');

      // The restored system starts on it (its bootstrap finds the management account) and serves its root and users.
      const restored = await bootstrapService({
        name: 'standalone',
        modules: [
          AuthModule.forRoot({ service: 'identity', consumeIdentityEvents: false }),
          IdentityModule,
          AuditModule,
        ],
        env: {
          IAM_AUDIT_SIGNING_KEY: signingKey,
          IAM_MODE: 'standalone',
          IAM_DATA_DIR: dataDir,
          DATABASE_URL: s.infra.databaseUrl,
          IAM_SCHEMA_PREFIX: emptyPrefix,
          IAM_KEY_ENCRYPTION_KEYS: keys,
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'fatal',
        },
      });
      try {
        const root = new SignedClient(restored.url, rootKey);
        const users = await eventually(
          () => root.request<Json>('GET', '/v1/users'),
          (r) => r.status === 200,
        );
        expect(users.body.users.map((u: Json) => u.userName)).toContain('kept');
        expect((await root.request<Json>('GET', '/v1/me')).body.account).toBe(s.accountId);
        // Its audit chains on from the restored head: the replayed events are not chained again,
        // the new calls are, and the whole trail still verifies.
        const restoredTrail = `"${emptyPrefix}audit".trail`;
        const counts = await eventually(
          async () =>
            (
              await auditDb.query<{ events: string; access: string }>(
                `SELECT count(*) FILTER (WHERE kind = 'event') AS events,
                        count(*) FILTER (WHERE kind = 'access') AS access
                   FROM ${restoredTrail} WHERE account_id = $1`,
                [s.accountId],
              )
            ).rows[0],
          (row) =>
            Number(row.access) >
            lines.filter((line) => line.includes('"table":"trail"') && line.includes('"kind":"access"'))
              .length,
          { timeoutMs: 30_000 },
        );
        expect(Number(counts.events)).toBe(
          lines.filter((line) => line.includes('"table":"trail"') && line.includes('"kind":"event"')).length,
        );
        // Not refused either (a replayed event chained twice would break event_id's uniqueness and be set aside).
        expect(restored.app.get<InProcessEventBus>(EVENT_BUS).deadLetters).toEqual([]);
        const continued = await admin(['audit', 'verify', '--account', s.accountId], { env: restoreEnv });
        expect(continued).toMatchObject({ code: 0, stderr: '' });
        expect(continued.stdout).toContain('OK: every record');
      } finally {
        await restored.close();
      }
    } finally {
      await dropSchemas(s.infra.databaseUrl, emptyPrefix);
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('root-key create: a new root key on the running system, working at once, its event naming the break-glass', async () => {
    const created = await admin(['root-key', 'create', '--account', s.accountId]);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const accessKeyId = /access key id: +(AKIA\w+)/.exec(created.stdout)?.[1] as string;
    const secretAccessKey = /secret access key: +(\S+)/.exec(created.stdout)?.[1] as string;
    const broken = new SignedClient(s.identity.url, { accessKeyId, secretAccessKey });
    const me = await eventually(
      () => broken.request<Json>('GET', '/v1/me'),
      (r) => r.status === 200,
    );
    expect(me.body.arn).toBe(`arn:aws:iam::${s.accountId}:root`);
    // Other services learn it from identity's topic.
    await eventually(
      async () =>
        (
          await new SignedClient(s.policy.url, { accessKeyId, secretAccessKey }).request(
            'GET',
            '/v1/policies?scope=Local',
          )
        ).status,
      (status) => status === 200,
      { timeoutMs: 30_000 },
    );
    // Audited: the event and its audit record name iam-admin's break-glass.
    const db = s.identity.app.get<SqlDatabase>(SQL_DATABASE);
    const { rows } = await db.query<{ id: string; actor: string; causation: string }>(
      `SELECT event_id AS id, metadata->>'actorArn' AS actor, metadata->>'causationId' AS causation
         FROM "${s.infra.schemaPrefix}identity".events
        WHERE event_type = 'iam.identity.AccessKeyCreated' AND data->>'accessKeyId' = $1`,
      [accessKeyId],
    );
    expect(rows).toEqual([
      {
        id: expect.any(String),
        actor: 'iam-admin:break-glass',
        causation: expect.stringMatching(/^operator .+@.+/),
      },
    ]);
    const audited = await eventually(
      async () =>
        (
          await db.query<{ actor_arn: string }>(
            `SELECT actor_arn FROM "${s.infra.schemaPrefix}audit".trail WHERE event_id = $1`,
            [rows[0].id],
          )
        ).rows,
      (found) => found.length === 1,
      { timeoutMs: 30_000 },
    );
    expect(audited[0].actor_arn).toBe('iam-admin:break-glass');
    // The root already has two keys now: a third is refused.
    const third = await admin(['root-key', 'create', '--account', s.accountId]);
    expect(third.code).toBe(2);
    expect(third.stderr).toContain('LimitExceeded');
  });
});
