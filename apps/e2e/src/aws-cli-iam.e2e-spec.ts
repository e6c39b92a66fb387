import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RunningApp } from '@iam/platform';
import { startStandalone } from './standalone-app';

const run = promisify(execFile);

/**
 * The AWS CLI (`aws`, as installed on the machine: CI installs Debian's
 * `awscli` when it is missing) against standalone mode, with nothing but
 * `--endpoint-url` and credentials from the environment.
 */
describe('the AWS CLI against our endpoint', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-aws-cli-'));
  let app: RunningApp;
  let credentials: { accessKeyId: string; secretAccessKey: string; accountId: string };

  beforeAll(async () => {
    app = await startStandalone(dataDir);
    credentials = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
  });

  afterAll(async () => {
    await app?.close();
  });

  /** `aws --endpoint-url … iam <args> --output json`: exit code, parsed stdout, stderr. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function aws(...args: string[]): Promise<{ code: number; json: any; stderr: string }> {
    const env = {
      PATH: process.env.PATH,
      HOME: dataDir,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: path.join(dataDir, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dataDir, 'no-credentials'),
      AWS_PAGER: '',
      AWS_MAX_ATTEMPTS: '1',
    };
    try {
      const { stdout, stderr } = await run(
        'aws',
        ['--endpoint-url', app.url, 'iam', ...args, '--output', 'json'],
        { env, timeout: 60_000 },
      );
      return { code: 0, json: stdout.trim() ? JSON.parse(stdout) : undefined, stderr };
    } catch (error) {
      const failed = error as { code?: number; stderr?: string };
      return { code: failed.code ?? -1, json: undefined, stderr: failed.stderr ?? String(error) };
    }
  }

  it('create-user, get-user and list-users (paginated by the CLI) answer as AWS does', async () => {
    const created = await aws(
      'create-user',
      '--user-name',
      'alice',
      '--path',
      '/cli/',
      '--tags',
      'Key=team,Value=ops',
    );
    expect(created.stderr).toBe('');
    expect(created.json.User).toMatchObject({
      UserName: 'alice',
      Path: '/cli/',
      Arn: `arn:aws:iam::${credentials.accountId}:user/cli/alice`,
      Tags: [{ Key: 'team', Value: 'ops' }],
    });

    const got = await aws('get-user', '--user-name', 'alice');
    expect(got.code).toBe(0);
    expect(got.json.User.UserId).toBe(created.json.User.UserId);

    for (const name of ['bob', 'carol', 'dave'])
      expect((await aws('create-user', '--user-name', name, '--path', '/cli/')).code).toBe(0);
    // --page-size 1: the CLI follows Marker across four calls and prints one list.
    const all = await aws('list-users', '--path-prefix', '/cli/', '--page-size', '1');
    expect(all.code).toBe(0);
    expect(all.json.Users.map((u: { UserName: string }) => u.UserName)).toEqual([
      'alice',
      'bob',
      'carol',
      'dave',
    ]);
    // --max-items 2: the CLI stops and hands out a NextToken to resume from.
    const firstTwo = await aws('list-users', '--path-prefix', '/cli/', '--max-items', '2');
    expect(firstTwo.json.Users).toHaveLength(2);
    const rest = await aws(
      'list-users',
      '--path-prefix',
      '/cli/',
      '--starting-token',
      firstTwo.json.NextToken,
    );
    expect(rest.json.Users.map((u: { UserName: string }) => u.UserName)).toEqual(['carol', 'dave']);
  });

  it('policies round-trip through the CLI (which URL-decodes documents as from AWS)', async () => {
    const document = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }],
    };
    const created = await aws(
      'create-policy',
      '--policy-name',
      'Reader',
      '--policy-document',
      JSON.stringify(document),
    );
    expect(created.code).toBe(0);
    const version = await aws(
      'get-policy-version',
      '--policy-arn',
      created.json.Policy.Arn,
      '--version-id',
      'v1',
    );
    expect(version.code).toBe(0);
    const shown = version.json.PolicyVersion.Document;
    // The CLI decodes a URL-encoded document and prints it as JSON.
    expect(typeof shown === 'string' ? JSON.parse(decodeURIComponent(shown)) : shown).toEqual(document);
  });

  it('get-account-authorization-details: filtered, paged by the CLI, documents decoded', async () => {
    const policies = await aws('get-account-authorization-details', '--filter', 'LocalManagedPolicy');
    expect(policies.code).toBe(0);
    expect(policies.json.UserDetailList).toEqual([]);
    const reader = policies.json.Policies.find((p: { PolicyName: string }) => p.PolicyName === 'Reader');
    expect(reader).toMatchObject({ DefaultVersionId: 'v1', AttachmentCount: 0, IsAttachable: true });
    const [version] = reader.PolicyVersionList;
    expect(version).toMatchObject({ VersionId: 'v1', IsDefaultVersion: true });
    const document = version.Document;
    expect(typeof document === 'string' ? JSON.parse(decodeURIComponent(document)) : document).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'iam:Get*', Resource: '*' }],
    });
    // The CLI follows the markers itself: a page size of one still lists every user, in name order.
    const users = await aws('get-account-authorization-details', '--filter', 'User', '--page-size', '1');
    expect(users.code).toBe(0);
    expect(users.json.UserDetailList.map((u: { UserName: string }) => u.UserName)).toEqual([
      'alice',
      'bob',
      'carol',
      'dave',
    ]);
  });

  it("an error is the CLI's error, with AWS's code and a failing exit code", async () => {
    const missing = await aws('get-user', '--user-name', 'nobody');
    expect(missing.code).toBeGreaterThan(0);
    expect(missing.stderr).toMatch(/NoSuchEntity/);
    const twice = await aws('create-user', '--user-name', 'alice');
    expect(twice.code).toBeGreaterThan(0);
    expect(twice.stderr).toMatch(/EntityAlreadyExists/);
  });
});
