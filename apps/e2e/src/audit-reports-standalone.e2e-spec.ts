import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CredentialReportNotPresentException,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { AuditClock, AuditTrailQueries } from '@iam/audit';
import { AuditEventTypes } from '@iam/contracts';
import type { RunningApp } from '@iam/platform';
import { eventually, SignedClient } from '@iam/testing';
import { startStandalone } from './standalone-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The reports and findings in standalone mode (PGlite, the in-process
 * transport): the same routes, fed by the in-process bus.
 */
describe('audit reports and findings (standalone)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-audit-reports-'));
  let app: RunningApp;
  let root: SignedClient;
  let accountId: string;
  let sdk: IAMClient;

  beforeAll(async () => {
    app = await startStandalone(dataDir);
    const credentials = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
    accountId = credentials.accountId;
    root = new SignedClient(app.url, credentials);
    sdk = new IAMClient({ endpoint: app.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  });

  afterAll(async () => {
    sdk?.destroy();
    await app?.close();
  });

  it("answers the AWS SDK's GenerateCredentialReport and GetCredentialReport, errors included", async () => {
    const missing = await sdk.send(new GetCredentialReportCommand({})).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(missing).toBeInstanceOf(CredentialReportNotPresentException);
    expect((await sdk.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    expect((await sdk.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    const report = await sdk.send(new GetCredentialReportCommand({}));
    expect(report.ReportFormat).toBe('text/csv');
    expect(report.GeneratedTime).toBeInstanceOf(Date);
    const csv = Buffer.from(report.Content!).toString('utf8');
    expect(csv.split('\n')[0]).toBe(
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,' +
        'mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,' +
        'access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,' +
        'access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,' +
        'cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
    );
  });

  it('reports a new user in the credential report and raises its inline-policy finding, then clears it', async () => {
    expect((await root.request('POST', '/v1/users', { userName: 'bob' })).status).toBe(201);
    expect(
      (
        await root.request('PUT', '/v1/users/bob/policies/read', {
          policyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
          }),
        })
      ).status,
    ).toBeLessThan(300);

    const rows = await eventually(
      async () => {
        // A report is kept 4 hours: move the audit clock past it for a fresh one.
        const clock = app.app.get(AuditClock);
        jest.spyOn(clock, 'now').mockReturnValue(new Date(clock.now().getTime() + 4 * 3_600_000 + 1000));
        await root.request('POST', '/v1/credential-report');
        const got = await root.request<Json>('GET', '/v1/credential-report');
        return Buffer.from(String(got.body.Content ?? ''), 'base64')
          .toString('utf8')
          .split('\n');
      },
      (lines) => lines.some((l) => l.startsWith('bob,')),
    );
    expect(rows[0].split(',')).toHaveLength(22);
    expect(rows[0].split(',')[0]).toBe('user');
    // (The management account's root is absent here: standalone relays its bootstrap events before audit
    // subscribes to the in-process bus, which keeps nothing for late subscribers; the trail misses them too.)
    expect(rows.find((l) => l.startsWith('bob,'))).toBe(
      `bob,arn:aws:iam::${accountId}:user/bob,${rows.find((l) => l.startsWith('bob,'))!.split(',')[2]},false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    );

    jest.restoreAllMocks();
    const bobArn = `arn:aws:iam::${accountId}:user/bob`;
    const inline = `IAM.INLINE_POLICY:${bobArn}:read`;
    await eventually(
      async () =>
        (await root.request<Json>('GET', '/v1/findings?ruleId=IAM.INLINE_POLICY')).body.findings as Json[],
      (findings) => findings.some((f) => f.findingId === inline),
    );
    expect((await root.request('DELETE', '/v1/users/bob/policies/read')).status).toBe(204);
    await eventually(
      async () =>
        (await root.request<Json>('GET', '/v1/findings?ruleId=IAM.INLINE_POLICY')).body.findings as Json[],
      (findings) => !findings.some((f) => f.findingId === inline),
    );
    const trail = await eventually(
      () => app.app.get(AuditTrailQueries).list(accountId, 0, 10_000),
      (entries) => entries.some((e) => e.eventType === AuditEventTypes.FindingCleared),
    );
    expect(trail.filter((e) => (e.payload as Json).findingId === inline).map((e) => e.eventType)).toEqual([
      AuditEventTypes.FindingRaised,
      AuditEventTypes.FindingCleared,
    ]);
  });
});
