import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RunningApp } from '@iam/platform';
import { startStandalone } from './standalone-app';

const run = promisify(execFile);

/**
 * tools/aws-cli/smoke.sh (the AWS CLI's `iam` and `sts` commands, JSON
 * pagination, a role profile with role_arn + source_profile) against
 * standalone mode. CI installs Debian's `awscli` when it is missing.
 */
describe('the AWS CLI smoke script against standalone mode', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-aws-cli-smoke-'));
  let app: RunningApp;

  beforeAll(async () => {
    app = await startStandalone(dataDir);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('runs every step, each checked by the script', async () => {
    const root = JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8'));
    const script = path.join(__dirname, '../../../tools/aws-cli/smoke.sh');
    const result = await run('bash', [script], {
      env: {
        PATH: process.env.PATH,
        HOME: dataDir,
        IAM_ENDPOINT: app.url,
        AWS_ACCESS_KEY_ID: root.accessKeyId,
        AWS_SECRET_ACCESS_KEY: root.secretAccessKey,
      },
      // Each CLI call starts a Python interpreter: slow on a loaded 2-core machine.
      timeout: 480_000,
    }).catch((error: { code?: number; stdout?: string; stderr?: string }) => error);
    const { stdout = '', stderr = '' } = result as { stdout?: string; stderr?: string };
    // On a failure, the steps that passed say where it stopped.
    if ((result as { code?: number }).code !== undefined)
      process.stderr.write(`smoke.sh output:\n${stdout}\n`);
    expect({ stderr, code: (result as { code?: number }).code }).toEqual({ stderr: '', code: undefined });
    expect(stdout).toContain('ok   get-caller-identity --profile role');
    expect(stdout).toContain('ok   list-users --page-size 1');
    expect(stdout).toContain('ok   delete-open-id-connect-provider');
    expect(stdout.trim().endsWith('smoke: all passed')).toBe(true);
  }, 540_000);
});
