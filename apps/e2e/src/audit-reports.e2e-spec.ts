import { randomUUID } from 'node:crypto';
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  GenerateCredentialReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetCredentialReportCommand,
  GetServiceLastAccessedDetailsCommand,
  IAMClient,
  ListUsersCommand,
  NoSuchEntityException,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { AuditClock, AuditTrailQueries, FindingsSweeper } from '@iam/audit';
import {
  AccessRecordTypes,
  AuditEventTypes,
  Topics,
  type AccessRecord,
  type EventEnvelope,
} from '@iam/contracts';
import { EventAuthenticator, KafkaEventBus } from '@iam/messaging';
import { eventually, SignedClient, TEST_EVENT_KEYS } from '@iam/testing';
import { rootKey, startDistributedServices, type DistributedServices } from './services';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const enc = encodeURIComponent;
const doc = (...statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const DAY_MS = 86_400_000;
/**
 * Access records reach audit's usage projection through the shared
 * `iam.access.v1` topic, which a new consumer group reads from its start:
 * on a topic other runs have filled (a benchmark writes 100,000 records)
 * this run's records may be a minute or more away.
 */
const USAGE_MS = 180_000;

/**
 * IAM's reports and the best-practice findings, end to end in distributed
 * mode on real Postgres, Redis and Kafka: users, keys, passwords and policies
 * made through identity's and policy's APIs reach audit through their
 * topics; last use arrives as access records published on `iam.access.v1`
 * (the AUDIT.md contract), as the services' producers will publish them.
 */
describe('audit: credential report, access advisor and findings (distributed, real Kafka)', () => {
  let s: DistributedServices;
  let audit: SignedClient;
  let bus: KafkaEventBus;
  let aliceArn: string;
  let aliceKey: string;
  const clock = () => s.audit.app.get(AuditClock);

  /** An access record of the contract, as a service's door would publish it. */
  const publishAccess = async (
    record: Partial<AccessRecord> & Pick<AccessRecord, 'eventName' | 'userIdentity'>,
  ) => {
    const requestID = randomUUID();
    const eventTime = record.eventTime ?? new Date().toISOString();
    const payload: AccessRecord = {
      eventVersion: '1.08',
      eventTime,
      eventSource: 'iam.amazonaws.com',
      eventType: 'AwsApiCall',
      readOnly: true,
      sourceIPAddress: '127.0.0.1',
      userAgent: 'e2e',
      requestParameters: null,
      responseElements: null,
      requestID,
      resources: [],
      recipientAccountId: s.accountId,
      ...record,
    };
    const envelope: EventEnvelope = {
      eventId: randomUUID(),
      type:
        payload.eventType === 'AwsConsoleSignIn'
          ? AccessRecordTypes.consoleSignIn
          : AccessRecordTypes.apiCall,
      schemaVersion: 1,
      streamId: `access/${requestID}`,
      streamVersion: 1,
      accountId: s.accountId,
      actorArn: record.userIdentity.arn ?? 'anonymous',
      correlationId: requestID,
      causationId: null,
      occurredAt: eventTime,
      payload,
    };
    await bus.publish([{ topic: Topics.access, key: s.accountId, envelope }]);
  };

  const csvRows = async () => {
    const got = await audit.request<Json>('GET', '/v1/credential-report');
    expect(got.status).toBe(200);
    const [header, ...rows] = Buffer.from(got.body.Content, 'base64').toString('utf8').split('\n');
    const columns = header.split(',');
    return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [columns[i], v])));
  };
  const regenerate = async () => {
    // A report is kept 4 hours: move the clock past it to get a fresh one.
    const now = clock().now();
    jest.spyOn(clock(), 'now').mockReturnValue(new Date(now.getTime() + 4 * 3_600_000 + 1000));
    expect((await audit.request<Json>('POST', '/v1/credential-report')).body.State).toBe('STARTED');
  };
  const findings = async (query = '') =>
    (await audit.request<Json>('GET', `/v1/findings${query}`)).body.findings as Json[];
  const ruleIds = async (query = '') => (await findings(query)).map((f) => `${f.ruleId} ${f.entityArn}`);

  beforeAll(async () => {
    s = await startDistributedServices();
    audit = new SignedClient(s.audit.url, rootKey);
    bus = new KafkaEventBus({
      brokers: s.infra.kafkaBrokers.split(','),
      clientId: 'audit-reports-e2e',
      authenticator: EventAuthenticator.fromConfig(TEST_EVENT_KEYS),
    });
    // Audit learns the root key from identity's topic, as the policy service did.
    await eventually(
      async () => (await audit.request<Json>('GET', '/v1/credential-report')).body.error?.code,
      (code) => code !== 'InvalidClientTokenId',
      { timeoutMs: 60_000 },
    );
    const user = await s.rootIdentity.request<Json>('POST', '/v1/users', { userName: 'alice' });
    expect(user.status).toBe(201);
    aliceArn = user.body.user.arn;
    const key = await s.rootIdentity.request<Json>('POST', '/v1/users/alice/access-keys');
    aliceKey = key.body.accessKey.accessKeyId;
    expect(
      (await s.rootIdentity.request('PUT', '/v1/users/alice/login-profile', { password: 'Correct-Horse-9!' }))
        .status,
    ).toBeLessThan(300);
  }, 120_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await bus?.close();
    await s?.stop();
  });

  it('answers ReportNotPresent before any report, and refuses a caller without the action', async () => {
    const none = await audit.request<Json>('GET', '/v1/credential-report');
    expect([none.status, none.body.error.code]).toEqual([410, 'ReportNotPresent']);
    const alice = audit.withCredentials(
      (await s.rootIdentity.request<Json>('POST', '/v1/users/alice/access-keys')).body.accessKey,
    );
    // The new key reaches audit's credentials projection through identity's topic.
    const refused = await eventually(
      () => alice.request<Json>('POST', '/v1/credential-report'),
      (r) => r.body.error?.code !== 'InvalidClientTokenId',
      { timeoutMs: 30_000 },
    );
    expect([refused.status, refused.body.error.code]).toEqual([403, 'AccessDenied']);
    const refusedFindings = await alice.request<Json>('GET', '/v1/findings');
    expect([refusedFindings.status, refusedFindings.body.error.code]).toEqual([403, 'AccessDenied']);
  });

  it('generates the credential report: AWS columns, root first, the user with its password and keys', async () => {
    await eventually(
      async () => (await s.audit.app.get(AuditTrailQueries).list(s.accountId, 0, 1000)).length,
      (n) => n > 0,
      { timeoutMs: 30_000 },
    );
    const rows = await eventually(
      async () => {
        await regenerate();
        return csvRows();
      },
      (r) =>
        r.some(
          (row) =>
            row.user === 'alice' && row.password_enabled === 'true' && row.access_key_2_active === 'true',
        ),
      { timeoutMs: 30_000 },
    );
    expect(rows[0]).toMatchObject({
      user: '<root_account>',
      arn: `arn:aws:iam::${s.accountId}:root`,
      password_enabled: 'not_supported',
      password_last_changed: 'not_supported',
      password_next_rotation: 'not_supported',
      mfa_active: 'false',
      access_key_1_active: 'true',
      cert_1_active: 'false',
      cert_1_last_rotated: 'N/A',
    });
    const alice = rows.find((r) => r.user === 'alice')!;
    expect(alice).toMatchObject({
      arn: aliceArn,
      password_enabled: 'true',
      password_last_used: 'no_information',
      password_next_rotation: 'N/A',
      mfa_active: 'false',
      access_key_1_active: 'true',
      access_key_1_last_used_date: 'N/A',
      access_key_2_active: 'true',
    });
    expect(alice.user_creation_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    expect(alice.password_last_changed).toMatch(/\+00:00$/);
    const report = await audit.request<Json>('GET', '/v1/credential-report');
    expect(report.body).toMatchObject({ ReportFormat: 'text/csv' });
    expect(report.body.GeneratedTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // A second generation within 4 hours keeps the report.
    expect((await audit.request<Json>('POST', '/v1/credential-report')).body.State).toBe('COMPLETE');
  });

  it("answers the AWS SDK through identity's endpoint: the door forwards the report's actions to audit", async () => {
    const sdk = new IAMClient({
      endpoint: s.identity.url,
      region: 'us-east-1',
      credentials: rootKey,
      maxAttempts: 1,
    });
    try {
      expect((await sdk.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
      const report = await sdk.send(new GetCredentialReportCommand({}));
      expect(report.ReportFormat).toBe('text/csv');
      expect(Buffer.from(report.Content!).toString('utf8')).toContain(`\nalice,${aliceArn},`);
    } finally {
      sdk.destroy();
    }
  });

  it('fills the last-used columns from access records, and expires the report after 4 hours', async () => {
    const usedAt = new Date(Date.now() - 60_000).toISOString();
    await publishAccess({
      eventName: 'ListUsers',
      eventTime: usedAt,
      userIdentity: {
        type: 'IAMUser',
        arn: aliceArn,
        accountId: s.accountId,
        accessKeyId: aliceKey,
        userName: 'alice',
      },
    });
    await publishAccess({
      eventName: 'ConsoleLogin',
      eventType: 'AwsConsoleSignIn',
      eventSource: 'signin.amazonaws.com',
      eventTime: usedAt,
      userIdentity: { type: 'IAMUser', arn: aliceArn, accountId: s.accountId, userName: 'alice' },
    });
    const rows = await eventually(
      async () => {
        await regenerate();
        return csvRows();
      },
      (r) =>
        r.some(
          (row) =>
            row.user === 'alice' &&
            row.access_key_1_last_used_date !== 'N/A' &&
            row.password_last_used !== 'no_information',
        ),
      { timeoutMs: 30_000 },
    );
    const alice = rows.find((r) => r.user === 'alice')!;
    const expected = usedAt.replace(/\.\d{3}Z$/, '+00:00');
    expect(alice).toMatchObject({
      access_key_1_last_used_date: expected,
      access_key_1_last_used_region: 'us-east-1',
      access_key_1_last_used_service: 'iam',
      password_last_used: expected,
    });

    // An older record (a retry) and a refused signature move nothing; a marker after them (same
    // account: same partition, so consumed after them) says when they were consumed.
    await publishAccess({
      eventName: 'GetUser',
      eventTime: new Date(Date.parse(usedAt) - 3_600_000).toISOString(),
      userIdentity: {
        type: 'IAMUser',
        arn: aliceArn,
        accountId: s.accountId,
        accessKeyId: aliceKey,
        userName: 'alice',
      },
    });
    await publishAccess({
      eventName: 'ListRoles',
      errorCode: 'SignatureDoesNotMatch',
      userIdentity: {
        type: 'IAMUser',
        arn: aliceArn,
        accountId: s.accountId,
        accessKeyId: aliceKey,
        userName: 'alice',
      },
    });
    await publishAccess({
      eventName: 'ListUsers',
      userIdentity: {
        type: 'Root',
        arn: `arn:aws:iam::${s.accountId}:root`,
        accountId: s.accountId,
        accessKeyId: rootKey.accessKeyId,
      },
    });
    const after = await eventually(
      async () => {
        await regenerate();
        return csvRows();
      },
      (r) => r[0].access_key_1_last_used_date !== 'N/A',
      { timeoutMs: 30_000 },
    );
    expect(after.find((r) => r.user === 'alice')).toMatchObject({ access_key_1_last_used_date: expected });

    jest.spyOn(clock(), 'now').mockReturnValue(new Date(clock().now().getTime() + 4 * 3_600_000));
    const expired = await audit.request<Json>('GET', '/v1/credential-report');
    expect([expired.status, expired.body.error.code]).toEqual([410, 'ReportExpired']);
    jest.restoreAllMocks();
  });

  it("tells a user's, a group's and a policy's last accessed services and actions", async () => {
    await s.rootIdentity.request('POST', '/v1/groups', { groupName: 'readers' });
    expect((await s.rootIdentity.request('PUT', '/v1/groups/readers/members/alice')).status).toBe(204);
    const user = await eventually(
      () => audit.request<Json>('GET', `/v1/last-accessed?arn=${enc(aliceArn)}&granularity=ACTION_LEVEL`),
      (r) => r.status === 200 && r.body.ServicesLastAccessed.length > 0,
      { timeoutMs: 30_000 },
    );
    expect(user.body).toMatchObject({ JobStatus: 'COMPLETED', JobType: 'ACTION_LEVEL' });
    const iam = user.body.ServicesLastAccessed.find((x: Json) => x.ServiceNamespace === 'iam');
    expect(iam).toMatchObject({ LastAuthenticatedEntity: aliceArn, TotalAuthenticatedEntities: 1 });
    expect(iam.TrackedActionsLastAccessed.map((a: Json) => a.ActionName)).toContain('ListUsers');

    const groupArn = `arn:aws:iam::${s.accountId}:group/readers`;
    const group = await eventually(
      () => audit.request<Json>('GET', `/v1/last-accessed?arn=${enc(groupArn)}`),
      (r) => r.status === 200 && r.body.ServicesLastAccessed.some((x: Json) => x.ServiceNamespace === 'iam'),
      { timeoutMs: 30_000 },
    );
    expect(group.body.ServicesLastAccessed[0].TrackedActionsLastAccessed).toBeUndefined();

    const readOnly = 'arn:aws:iam::aws:policy/IAMReadOnlyAccess';
    expect(
      (await s.rootPolicy.request('PUT', `/v1/groups/readers/attached-policies/${enc(readOnly)}`)).status,
    ).toBe(204);
    await eventually(
      () => audit.request<Json>('GET', `/v1/last-accessed?arn=${enc(readOnly)}`),
      (r) =>
        r.status === 200 &&
        r.body.ServicesLastAccessed.some((x: Json) => x.LastAuthenticatedEntity === aliceArn),
      { timeoutMs: 30_000 },
    );

    const unknown = await audit.request<Json>(
      'GET',
      `/v1/last-accessed?arn=${enc(`arn:aws:iam::${s.accountId}:user/ghost`)}`,
    );
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NoSuchEntity']);
    const bad = await audit.request<Json>('GET', '/v1/last-accessed?arn=nonsense');
    expect(bad.status).toBe(400);
  });

  it("answers the AWS SDK's GenerateServiceLastAccessedDetails and GetServiceLastAccessedDetails through identity's endpoint", async () => {
    const sdk = new IAMClient({
      endpoint: s.identity.url,
      region: 'us-east-1',
      credentials: rootKey,
      maxAttempts: 1,
    });
    try {
      // A user whose own call (ListUsers, allowed by an inline policy) is what the advisor reports.
      const carol = (await sdk.send(new CreateUserCommand({ UserName: 'carol' }))).User!;
      const key = (await sdk.send(new CreateAccessKeyCommand({ UserName: 'carol' }))).AccessKey!;
      await eventually(
        () =>
          sdk
            .send(
              new PutUserPolicyCommand({
                UserName: 'carol',
                PolicyName: 'list',
                PolicyDocument: doc({
                  Effect: 'Allow',
                  Action: ['iam:ListUsers', 'iam:GetServiceLastAccessedDetails'],
                  Resource: '*',
                }),
              }),
            )
            .then(
              () => true,
              () => false,
            ),
        (done) => done,
        { timeoutMs: 60_000, intervalMs: 200 },
      );
      const asCarol = new IAMClient({
        endpoint: s.identity.url,
        region: 'us-east-1',
        credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
        maxAttempts: 1,
      });
      await eventually(
        () =>
          asCarol.send(new ListUsersCommand({})).then(
            () => true,
            () => false,
          ),
        (done) => done,
        { timeoutMs: 60_000, intervalMs: 200 },
      );

      // And a call to sts, as its door records it: two services, for paging.
      await publishAccess({
        eventName: 'GetCallerIdentity',
        eventSource: 'sts.amazonaws.com',
        userIdentity: {
          type: 'IAMUser',
          arn: carol.Arn!,
          accountId: s.accountId,
          accessKeyId: key.AccessKeyId!,
          userName: 'carol',
        },
      });

      // The job is generated (forwarded to audit), then read: eventually both calls are in it.
      const details = await eventually(
        async () => {
          const { JobId } = await sdk.send(
            new GenerateServiceLastAccessedDetailsCommand({ Arn: carol.Arn, Granularity: 'ACTION_LEVEL' }),
          );
          expect(JobId).toMatch(/^[0-9a-f-]{36}$/);
          return { JobId: JobId!, ...(await sdk.send(new GetServiceLastAccessedDetailsCommand({ JobId }))) };
        },
        (r) => (r.ServicesLastAccessed ?? []).length === 2,
        { timeoutMs: USAGE_MS, intervalMs: 200 },
      );
      expect(details).toMatchObject({ JobStatus: 'COMPLETED', JobType: 'ACTION_LEVEL', IsTruncated: false });
      expect(details.JobCreationDate).toBeInstanceOf(Date);
      expect(details.JobCompletionDate).toBeInstanceOf(Date);
      expect(details.ServicesLastAccessed!.map((x) => x.ServiceNamespace)).toEqual(['iam', 'sts']);
      const iam = details.ServicesLastAccessed![0];
      expect(iam).toMatchObject({
        ServiceName: 'AWS Identity and Access Management',
        LastAuthenticatedEntity: carol.Arn,
        LastAuthenticatedRegion: 'us-east-1',
        TotalAuthenticatedEntities: 1,
      });
      expect(iam.LastAuthenticated).toBeInstanceOf(Date);
      expect(iam.TrackedActionsLastAccessed?.map((a) => a.ActionName)).toContain('ListUsers');

      // The same job, one service a page.
      const first = await sdk.send(
        new GetServiceLastAccessedDetailsCommand({ JobId: details.JobId, MaxItems: 1 }),
      );
      expect(first.ServicesLastAccessed?.map((x) => x.ServiceNamespace)).toEqual(['iam']);
      expect(first.IsTruncated).toBe(true);
      const second = await sdk.send(
        new GetServiceLastAccessedDetailsCommand({ JobId: details.JobId, MaxItems: 1, Marker: first.Marker }),
      );
      expect(second.ServicesLastAccessed?.map((x) => x.ServiceNamespace)).toEqual(['sts']);
      expect(second.IsTruncated).toBe(false);

      // SERVICE_LEVEL: no actions.
      const { JobId } = await sdk.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: carol.Arn }));
      const serviceLevel = await sdk.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
      expect(serviceLevel.JobType).toBe('SERVICE_LEVEL');
      expect(serviceLevel.ServicesLastAccessed?.[0].TrackedActionsLastAccessed).toBeUndefined();

      // A JobId is its generator's to read (AWS: the same user or role session); carol may call the action.
      // (Audit learns carol's policy from policy's events: AccessDenied until then.)
      const notHers = await eventually(
        () => asCarol.send(new GetServiceLastAccessedDetailsCommand({ JobId })).catch((e: unknown) => e),
        (e) => (e as Error).name !== 'AccessDenied',
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      expect(notHers).toBeInstanceOf(NoSuchEntityException);
      asCarol.destroy();

      const unknown = await sdk
        .send(new GetServiceLastAccessedDetailsCommand({ JobId: randomUUID() }))
        .catch((e: unknown) => e);
      expect(unknown).toBeInstanceOf(NoSuchEntityException);
      const ghost = await sdk
        .send(
          new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${s.accountId}:user/ghost` }),
        )
        .catch((e: unknown) => e);
      expect(ghost).toBeInstanceOf(NoSuchEntityException);

      // A requester keeps its newest 100 jobs: the 101st made after this one deletes it.
      const oldest = (await sdk.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: carol.Arn })))
        .JobId;
      const newer: string[] = [];
      for (let i = 0; i < 100; i++)
        newer.push(
          (await sdk.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: carol.Arn }))).JobId!,
        );
      const dropped = await sdk
        .send(new GetServiceLastAccessedDetailsCommand({ JobId: oldest }))
        .catch((e: unknown) => e);
      expect(dropped).toBeInstanceOf(NoSuchEntityException);
      const kept = await sdk.send(new GetServiceLastAccessedDetailsCommand({ JobId: newer[0] }));
      expect(kept.JobStatus).toBe('COMPLETED');

      // A job is readable for a week: past it, its JobId is NoSuchEntity.
      jest.spyOn(clock(), 'now').mockReturnValue(new Date(Date.now() + 7 * DAY_MS + 60_000));
      try {
        const expired = await sdk
          .send(new GetServiceLastAccessedDetailsCommand({ JobId: newer[99] }))
          .catch((e: unknown) => e);
        expect(expired).toBeInstanceOf(NoSuchEntityException);
      } finally {
        jest.restoreAllMocks();
      }
      expect((await sdk.send(new GetServiceLastAccessedDetailsCommand({ JobId: newer[99] }))).JobStatus).toBe(
        'COMPLETED',
      );
    } finally {
      sdk.destroy();
    }
  }, 600_000);

  it("raises findings from the account's state, and clears them when fixed, as events on the trail", async () => {
    const root = `arn:aws:iam::${s.accountId}:root`;
    const admin = await s.rootPolicy.request<Json>('POST', '/v1/policies', {
      policyName: 'TooMuch',
      policyDocument: doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }),
    });
    expect(admin.status).toBe(201);
    const tooMuch = admin.body.policy.arn;
    expect(
      (await s.rootPolicy.request('PUT', `/v1/users/alice/attached-policies/${enc(tooMuch)}`)).status,
    ).toBe(204);

    const open = await eventually(
      () => ruleIds(),
      (ids) => ids.includes(`IAM.USER_PRIVILEGE_ESCALATION ${aliceArn}`),
      { timeoutMs: 30_000 },
    );
    expect(open).toEqual(
      expect.arrayContaining([
        `IAM.ROOT_ACCESS_KEY ${root}`,
        `IAM.ROOT_NO_MFA ${root}`,
        `IAM.PASSWORD_POLICY_WEAK ${root}`,
        `IAM.USER_CONSOLE_NO_MFA ${aliceArn}`,
        `IAM.USER_ATTACHED_POLICY ${aliceArn}`,
        `IAM.POLICY_ADMIN_ACCESS ${tooMuch}`,
        `IAM.USER_PRIVILEGE_ESCALATION ${aliceArn}`,
      ]),
    );
    expect(open).not.toContain(`IAM.UNUSED_ACCESS_KEY ${aliceArn}`);
    expect(await ruleIds('?severity=CRITICAL')).toEqual([
      `IAM.ROOT_ACCESS_KEY ${root}`,
      `IAM.ROOT_NO_MFA ${root}`,
    ]);
    expect(await ruleIds(`?entityArn=${enc(tooMuch)}`)).toEqual([`IAM.POLICY_ADMIN_ACCESS ${tooMuch}`]);
    const bad = await audit.request<Json>('GET', '/v1/findings?severity=URGENT');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'ValidationError']);

    // Fix: a strong password policy, no console password, nothing attached directly.
    expect(
      (
        await s.rootIdentity.request('PUT', '/v1/account/password-policy', {
          minimumPasswordLength: 14,
          requireSymbols: true,
          requireNumbers: true,
          requireUppercaseCharacters: true,
          requireLowercaseCharacters: true,
        })
      ).status,
    ).toBeLessThan(300);
    expect((await s.rootIdentity.request('DELETE', '/v1/users/alice/login-profile')).status).toBe(204);
    expect(
      (await s.rootPolicy.request('DELETE', `/v1/users/alice/attached-policies/${enc(tooMuch)}`)).status,
    ).toBe(204);
    const fixed = await eventually(
      () => ruleIds(),
      (ids) =>
        !ids.includes(`IAM.USER_ATTACHED_POLICY ${aliceArn}`) &&
        !ids.includes(`IAM.USER_CONSOLE_NO_MFA ${aliceArn}`) &&
        !ids.includes(`IAM.PASSWORD_POLICY_WEAK ${root}`),
      { timeoutMs: 30_000 },
    );
    expect(fixed).not.toContain(`IAM.USER_PRIVILEGE_ESCALATION ${aliceArn}`);
    expect(fixed).toContain(`IAM.POLICY_ADMIN_ACCESS ${tooMuch}`);

    // Raised and cleared are the audit service's own events: on iam.audit.v1, so in the trail.
    const trail = await eventually(
      () => s.audit.app.get(AuditTrailQueries).list(s.accountId, 0, 10_000),
      (entries) =>
        entries.some(
          (e) =>
            e.eventType === AuditEventTypes.FindingCleared &&
            (e.payload as Json).findingId === `IAM.USER_ATTACHED_POLICY:${aliceArn}`,
        ),
      { timeoutMs: 30_000 },
    );
    expect(
      trail
        .filter((e) => (e.payload as Json).findingId === `IAM.USER_ATTACHED_POLICY:${aliceArn}`)
        .map((e) => e.eventType),
    ).toEqual([AuditEventTypes.FindingRaised, AuditEventTypes.FindingCleared]);
  });

  it('moves with the clock: 91 days on, the unused and unrotated keys are findings', async () => {
    jest.spyOn(clock(), 'now').mockReturnValue(new Date(Date.now() + 91 * DAY_MS));
    const later = await ruleIds();
    expect(later).toEqual(
      expect.arrayContaining([`IAM.UNUSED_ACCESS_KEY ${aliceArn}`, `IAM.ACCESS_KEY_NOT_ROTATED ${aliceArn}`]),
    );
    jest.restoreAllMocks();
    const now = await ruleIds();
    expect(now).not.toContain(`IAM.UNUSED_ACCESS_KEY ${aliceArn}`);
    expect(now).not.toContain(`IAM.ACCESS_KEY_NOT_ROTATED ${aliceArn}`);
  });

  it('records findings as they arise without anyone asking: the sweep raises and clears them', async () => {
    const id = `IAM.UNUSED_ROLE:arn:aws:iam::${s.accountId}:role/idle`;
    expect(
      (
        await s.rootIdentity.request('POST', '/v1/roles', {
          roleName: 'idle',
          assumeRolePolicyDocument: doc({
            Effect: 'Allow',
            Principal: { Service: 'ec2.amazonaws.com' },
            Action: 'sts:AssumeRole',
          }),
        })
      ).status,
    ).toBe(201);
    const sweeper = s.audit.app.get(FindingsSweeper);
    const eventsOf = async () =>
      (await s.audit.app.get(AuditTrailQueries).list(s.accountId, 0, 10_000))
        .filter((e) => (e.payload as Json).findingId === id)
        .map((e) => e.eventType);
    jest.spyOn(clock(), 'now').mockReturnValue(new Date(Date.now() + 91 * DAY_MS));
    // The role reaches audit through identity's topic; each sweep evaluates the account again.
    await eventually(
      async () => {
        await sweeper.sweep();
        return eventsOf();
      },
      (types) => types.includes(AuditEventTypes.FindingRaised),
      { timeoutMs: 30_000 },
    );
    jest.restoreAllMocks();
    await sweeper.sweep();
    expect(await eventually(eventsOf, (types) => types.length === 2, { timeoutMs: 30_000 })).toEqual([
      AuditEventTypes.FindingRaised,
      AuditEventTypes.FindingCleared,
    ]);
  });
});
