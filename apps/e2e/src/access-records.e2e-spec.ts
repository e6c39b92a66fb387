import { generateKeyPairSync } from 'node:crypto';
import { keyIdOf, parsePublicKey, verifyAccountTrail } from '@iam/audit';
import { PgDatabase } from '@iam/event-store';
import { eventually, type SignedClient } from '@iam/testing';
import { rootKey, startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FORM = 'application/x-www-form-urlencoded';
const password = 'Lantern-Quartz-71!';

/**
 * Access records end to end (distributed: identity, policy, sts, audit as
 * separate services on real Postgres, Redis and Kafka): calls through the
 * JSON door and the AWS Query door, accepted and refused, and sign-ins, each
 * land once in the caller's account chain in audit with CloudTrail's fields,
 * linked to the events they produced, with no secret; the chain heads are
 * signed and the whole trail verifies against the served public key.
 */
describe('access records: every call, either door, in the audit trail', () => {
  let s: DistributedServices;
  let db: PgDatabase;
  const signingKey = generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

  beforeAll(async () => {
    s = await startDistributedServices(
      { IAM_AUDIT_SIGNING_KEY: signingKey, IAM_AUDIT_DIGEST_INTERVAL_SECONDS: '1' },
      { sts: true },
    );
    db = new PgDatabase(s.infra.databaseUrl);
  });

  afterAll(async () => {
    await db?.close();
    await s?.stop();
  });

  const trail = () => `"${s.infra.schemaPrefix}audit".trail`;

  /** The access records in audit's trail matching a condition on the row, once there are `count`. */
  async function records(where: string, params: unknown[], count = 1): Promise<Json[]> {
    return eventually(
      async () =>
        (
          await db.query<Json>(
            // The topic is shared with earlier runs: only this run's accounts (and root key, for anonymous calls).
            `SELECT * FROM ${trail()} WHERE kind = 'access' AND ${where}
                AND (account_id = $${params.length + 1} OR access_key_id = $${params.length + 2})
              ORDER BY account_id, sequence`,
            [...params, s.accountId, rootKey.accessKeyId],
          )
        ).rows,
      (rows) => rows.length >= count,
      { timeoutMs: 30_000 },
    );
  }

  const query = (client: SignedClient, body: string) =>
    client.requestRaw<string>('POST', '/', { body, contentType: FORM });

  it('records CreateUser through the JSON door and the Query door, linked to the UserCreated event', async () => {
    expect((await s.rootIdentity.request('POST', '/v1/users', { userName: 'json-alice' })).status).toBe(201);
    expect(
      (await query(s.rootIdentity, 'Action=CreateUser&Version=2010-05-08&UserName=query-alice')).status,
    ).toBe(200);
    for (const userName of ['json-alice', 'query-alice']) {
      const [row] = await records(
        `event_name = 'CreateUser' AND payload->'requestParameters'->>'userName' = $1`,
        [userName],
      );
      const arn = `arn:aws:iam::${s.accountId}:user/${userName}`;
      expect(row).toMatchObject({
        account_id: s.accountId,
        event_type: 'AwsApiCall',
        event_source: 'iam.amazonaws.com',
        principal_arn: `arn:aws:iam::${s.accountId}:root`,
        access_key_id: expect.stringMatching(/^AKIA/),
        read_only: false,
        error_code: null,
        stream_id: `access/${row.correlation_id}`,
      });
      expect(row.payload).toMatchObject({
        eventVersion: '1.08',
        eventName: 'CreateUser',
        eventType: 'AwsApiCall',
        userIdentity: { type: 'Root', accountId: s.accountId },
        requestID: row.correlation_id,
        recipientAccountId: s.accountId,
        resources: [{ ARN: arn, accountId: s.accountId, type: 'AWS::IAM::User' }],
      });
      expect(row.payload.sourceIPAddress).toEqual(expect.any(String));
      const { rows: resources } = await db.query<Json>(
        `SELECT resource_arn, resource_type FROM "${s.infra.schemaPrefix}audit".trail_resources WHERE account_id = $1 AND sequence = $2`,
        [row.account_id, row.sequence],
      );
      expect(resources).toEqual([{ resource_arn: arn, resource_type: 'AWS::IAM::User' }]);
      // The link between a record and its call's events: the request id is their correlation id.
      const events = await eventually(
        async () =>
          (
            await db.query<Json>(
              `SELECT event_type FROM ${trail()} WHERE kind = 'event' AND correlation_id = $1`,
              [row.correlation_id],
            )
          ).rows,
        (found) => found.length > 0,
        { timeoutMs: 30_000 },
      );
      expect(events.map((e) => e.event_type)).toContain('iam.identity.UserCreated');
    }
  });

  it('records refused calls: a bad signature (anonymous chain) and AccessDenied (the caller account), with error code and message', async () => {
    const tamper = {
      tamper: (h: Record<string, string>) =>
        (h.authorization = h.authorization.replace(/Signature=\w{4}/, 'Signature=0000')),
    };
    expect(
      (await s.rootIdentity.request('POST', '/v1/users', { userName: 'forged-json' }, tamper)).status,
    ).toBe(403);
    expect(
      (
        await s.rootIdentity.requestRaw(
          'POST',
          '/',
          { body: 'Action=CreateUser&Version=2010-05-08&UserName=forged-query', contentType: FORM },
          tamper,
        )
      ).status,
    ).toBe(403);
    for (const userName of ['forged-json', 'forged-query']) {
      const [row] = await records(
        `account_id = 'anonymous' AND (payload->'requestParameters'->>'userName' = $1 OR payload->'requestParameters'->>'UserName' = $1)`,
        [userName],
      );
      expect(row).toMatchObject({
        error_code: 'SignatureDoesNotMatch',
        event_name: 'CreateUser',
        principal_arn: null,
      });
      expect(row.payload.userIdentity).toEqual({
        type: 'Unknown',
        accessKeyId: expect.stringMatching(/^AKIA/),
      });
      expect(row.payload.errorMessage).toEqual(expect.any(String));
    }

    // A user with no permission, through both doors.
    expect((await s.rootIdentity.request('POST', '/v1/users', { userName: 'nobody' })).status).toBe(201);
    const key = await s.rootIdentity.request<Json>('POST', '/v1/users/nobody/access-keys');
    const nobody = s.rootIdentity.withCredentials({
      accessKeyId: key.body.accessKey.accessKeyId,
      secretAccessKey: key.body.accessKey.secretAccessKey,
    });
    await eventually(
      async () => (await nobody.request('POST', '/v1/users', { userName: 'denied-json' })).status,
      (status) => status === 403,
    );
    expect((await query(nobody, 'Action=CreateUser&Version=2010-05-08&UserName=denied-query')).status).toBe(
      403,
    );
    for (const userName of ['denied-json', 'denied-query']) {
      const [row] = await records(
        `error_code = 'AccessDenied' AND payload->'requestParameters'->>'userName' = $1`,
        [userName],
      );
      expect(row).toMatchObject({
        account_id: s.accountId,
        event_name: 'CreateUser',
        principal_arn: `arn:aws:iam::${s.accountId}:user/nobody`,
        user_name: 'nobody',
        access_key_id: key.body.accessKey.accessKeyId,
      });
      expect(row.payload).toMatchObject({
        userIdentity: { type: 'IAMUser', userName: 'nobody' },
        responseElements: null,
        resources: [{ ARN: `arn:aws:iam::${s.accountId}:user/${userName}`, type: 'AWS::IAM::User' }],
      });
      expect(row.payload.errorMessage).toContain('not authorized');
    }
  });

  it('records every decision API call that is not an Allow, with its decision (allows are summarised per minute)', async () => {
    const asked = `arn:aws:iam::${s.accountId}:user/nobody-at-all`;
    const answer = await s.rootPolicy.request<Json>('POST', '/v1/authorize', {
      principalArn: asked,
      action: 'storage:GetObject',
      resource: 'arn:aws:s3:::bucket/key',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.decision).toBe('ImplicitDeny');
    const [row] = await records(
      `event_name = 'Authorize' AND payload->'requestParameters'->>'principalArn' = $1`,
      [asked],
    );
    expect(row).toMatchObject({ event_source: 'authorization.iam.local', read_only: true, error_code: null });
    expect(row.payload.additionalEventData).toEqual({ decision: 'ImplicitDeny', sampled: false });
  });

  it('keeps every secret out of the records: access keys, passwords, session credentials, sign-in', async () => {
    const secrets: string[] = [];
    expect((await s.rootIdentity.request('POST', '/v1/users', { userName: 'secretive' })).status).toBe(201);
    const key = await s.rootIdentity.request<Json>('POST', '/v1/users/secretive/access-keys');
    secrets.push(key.body.accessKey.secretAccessKey);
    const viaQuery = await query(
      s.rootIdentity,
      'Action=CreateAccessKey&Version=2010-05-08&UserName=secretive',
    );
    const queried = /<SecretAccessKey>([^<]+)<\/SecretAccessKey>/.exec(String(viaQuery.body));
    expect(queried).not.toBeNull();
    secrets.push(queried![1]);
    expect(
      (
        await query(
          s.rootIdentity,
          `Action=CreateLoginProfile&Version=2010-05-08&UserName=secretive&Password=${encodeURIComponent(password)}`,
        )
      ).status,
    ).toBe(200);
    secrets.push(password);
    await eventually(
      async () =>
        (
          await s.rootPolicy.request('PUT', '/v1/users/secretive/policies/Console', {
            policyDocument: JSON.stringify({
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }],
            }),
          })
        ).status,
      (status) => status === 204,
    );
    const signIn = (body: Json) =>
      fetch(`${s.sts!.url}/v1/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Json }));
    // Sign in once sts knows the login profile: earlier attempts are failures, and failures are throttled.
    await eventually(
      async () =>
        (
          await db.query(
            `SELECT 1 FROM "${s.infra.schemaPrefix}sts".sign_in_users
              WHERE account_id = $1 AND user_name_key = 'secretive' AND password_hash_id IS NOT NULL`,
            [s.accountId],
          )
        ).rows.length,
      (found) => found === 1,
      { timeoutMs: 30_000 },
    );
    const wrong = await signIn({
      account: s.accountId,
      userName: 'secretive',
      password: 'Wrong-Password-00!',
    });
    expect(wrong.status).toBe(403);
    secrets.push('Wrong-Password-00!');
    const signedIn = await eventually(
      () => signIn({ account: s.accountId, userName: 'secretive', password }),
      (r) => r.status === 200,
      { timeoutMs: 30_000 },
    );
    secrets.push(signedIn.body.credentials.secretAccessKey, signedIn.body.credentials.sessionToken);

    const signInRecords = (outcome: string) =>
      records(
        `event_type = 'AwsConsoleSignIn' AND payload->'userIdentity'->>'userName' = 'secretive' AND ${outcome}`,
        [],
      );
    const [failure] = await signInRecords(`error_code = 'AccessDenied'`);
    const [success] = await signInRecords('error_code IS NULL');
    const logins = [failure, success];
    expect(
      logins.map((r) => [
        r.event_name,
        r.event_source,
        r.error_code,
        r.payload.responseElements.ConsoleLogin,
      ]),
    ).toEqual([
      ['ConsoleLogin', 'signin.amazonaws.com', 'AccessDenied', 'Failure'],
      ['ConsoleLogin', 'signin.amazonaws.com', null, 'Success'],
    ]);
    expect(success.payload.userIdentity).toMatchObject({
      type: 'IAMUser',
      arn: `arn:aws:iam::${s.accountId}:user/secretive`,
      accountId: s.accountId,
    });
    expect(logins.every((r) => r.account_id === s.accountId)).toBe(true);
    const [created] = await records(
      `event_name = 'CreateAccessKey' AND payload->'requestParameters'->>'userName' = 'secretive'`,
      [],
      2,
    );
    expect(created.payload.responseElements.accessKey).toMatchObject({
      accessKeyId: expect.stringMatching(/^AKIA/),
      secretAccessKey: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    });
    await records(`event_name = 'CreateLoginProfile'`, []);
    const everything = JSON.stringify((await db.query(`SELECT * FROM ${trail()}`)).rows);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });

  it('signs the chain heads and the trail verifies against the public key it serves', async () => {
    const served = await fetch(`${s.audit.url}/v1/audit/public-key`).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as Json,
    }));
    expect(served.status).toBe(200);
    const publicKey = parsePublicKey(served.body.publicKey);
    expect(served.body).toMatchObject({ algorithm: 'Ed25519', keyId: keyIdOf(publicKey) });
    const schema = `${s.infra.schemaPrefix}audit`;
    // Wait for a digest that covers the head as it is now.
    const head = await db.query<Json>(`SELECT sequence FROM "${schema}".chain_heads WHERE account_id = $1`, [
      s.accountId,
    ]);
    await eventually(
      async () =>
        (
          await db.query<Json>(
            `SELECT max(chain_sequence) AS s FROM "${schema}".trail_digests WHERE account_id = $1`,
            [s.accountId],
          )
        ).rows[0].s,
      (sequence) => Number(sequence) >= Number(head.rows[0].sequence),
      { timeoutMs: 30_000 },
    );
    const report = await verifyAccountTrail(db, {
      schema,
      accountId: s.accountId,
      publicKeys: new Map([[keyIdOf(publicKey), publicKey]]),
    });
    expect(report.problems).toEqual([]);
    expect(report.recordsChecked).toBeGreaterThan(10);
    expect(report.digestsChecked).toBeGreaterThan(0);
  });
});
