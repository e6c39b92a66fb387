import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { apiOf, iamActions, RouteRegistry, stsActions } from '@iam/aws-query';
import type { RunningApp } from '@iam/platform';
import { SignedClient } from '@iam/testing';
import { startStandalone } from './standalone-app';

const xml = new XMLParser();
const FORM = 'application/x-www-form-urlencoded';

/**
 * Bad and hostile input to the AWS Query door: every refusal is a 4xx in
 * AWS's XML error shape with AWS's code, never a 5xx or a JSON body.
 */
describe('the AWS Query door refuses bad input as AWS does', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iam-aws-query-input-'));
  let app: RunningApp;
  let root: SignedClient;
  let stsRoot: SignedClient;

  beforeAll(async () => {
    app = await startStandalone(dataDir);
    root = new SignedClient(
      app.url,
      JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8')),
    );
  });

  beforeAll(() => {
    stsRoot = new SignedClient(
      app.url,
      JSON.parse(readFileSync(path.join(dataDir, 'root-credentials.json'), 'utf8')),
      { service: 'sts' },
    );
  });

  afterAll(async () => {
    await app?.close();
  });

  async function post(body: string, contentType = FORM, client: SignedClient | null = root) {
    const response = client
      ? await client.requestRaw<string>('POST', '/', { body, contentType })
      : await fetch(new URL('/', app.url), {
          method: 'POST',
          body,
          headers: { 'content-type': contentType },
        }).then(async (r) => ({ status: r.status, body: await r.text() }));
    const text = String(response.body);
    return { status: response.status, text, parsed: xml.parse(text) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  }

  function expectError(answer: Awaited<ReturnType<typeof post>>, status: number, code: string) {
    expect({ status: answer.status, code: answer.parsed.ErrorResponse?.Error?.Code }).toEqual({
      status,
      code,
    });
    expect(answer.parsed.ErrorResponse.Error.Type).toBe('Sender');
    expect(answer.parsed.ErrorResponse.RequestId).toEqual(expect.any(String));
    expect(answer.text).toContain('<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">');
  }

  it('finds the JSON route of every action it lists in standalone mode (a renamed route fails here)', () => {
    const registry = app.app.get(RouteRegistry);
    const unresolved = Object.entries({ ...iamActions, ...stsActions }).filter(
      ([, wire]) => !registry.find(wire.route),
    );
    expect(unresolved).toEqual([]);
    expect(Object.keys(iamActions).length).toBeGreaterThanOrEqual(80);
  });

  it('answers the protocol errors: no signature, no Action, unknown Action, missing or wrong Version', async () => {
    expectError(
      await post('Action=ListUsers&Version=2010-05-08', FORM, null),
      403,
      'MissingAuthenticationToken',
    );
    expectError(await post('Version=2010-05-08'), 400, 'MissingAction');
    expectError(await post('Action=LaunchRockets&Version=2010-05-08'), 400, 'InvalidAction');
    expectError(await post('Action=ListUsers&Version=2099-01-01'), 400, 'InvalidAction');
    expectError(await post('Action=ListUsers'), 400, 'MissingParameter');
    expectError(await post('Action=ListUsers&Action=GetUser&Version=2010-05-08'), 400, 'MissingAction');
  });

  it('answers a body that is not a form, and malformed members, with XML errors', async () => {
    expectError(await post('{"Action":"ListUsers"}', 'application/json'), 415, 'UnsupportedMediaType');
    expectError(await post('Action=GetUser&Version=2010-05-08'), 400, 'ValidationError');
    expectError(await post('Action=GetUser&Version=2010-05-08&UserName=a%00b'), 400, 'ValidationError');
    expectError(await post('Action=GetUser&Version=2010-05-08&UserName.member.1=x'), 400, 'ValidationError');
    expectError(
      await post('Action=TagUser&Version=2010-05-08&UserName=x&Tags.member.0.Key=a'),
      400,
      'ValidationError',
    );
    expectError(
      await post('Action=TagUser&Version=2010-05-08&UserName=x&Tags=a&Tags.member.1.Key=a'),
      400,
      'ValidationError',
    );
    expectError(await post('Action=ListUsers&Version=2010-05-08&MaxItems=lots'), 400, 'ValidationError');
    expectError(await post('Action=ListUsers&Version=2010-05-08&__proto__.x=1'), 400, 'ValidationError');
    expectError(
      await post('Action=CreateUser&Version=2010-05-08&UserName=x&Surprise=1'),
      400,
      'ValidationError',
    );
    expectError(await post('Action=GetUser&Version=2010-05-08&UserName=nobody'), 404, 'NoSuchEntity');
  });

  it('never answers random and hostile forms with a 5xx or anything but AWS XML', async () => {
    const hostile = fc.constantFrom(
      '',
      'a',
      'alice',
      '\u0000',
      '%',
      '&',
      '<x>',
      ']]>',
      '\ud800',
      'x'.repeat(5000),
      '-1',
      '0',
      '1e999',
      'true',
      'arn:aws:iam::000000000000:policy/x',
      '{"Version":"2012-10-17","Statement":[]}',
      '__proto__',
      'constructor',
    );
    const memberName = fc.oneof(
      fc.constantFrom(
        'UserName',
        'GroupName',
        'RoleName',
        'PolicyArn',
        'PolicyName',
        'PolicyDocument',
        'AssumeRolePolicyDocument',
        'Path',
        'PathPrefix',
        'Marker',
        'MaxItems',
        'Tags.member.1.Key',
        'Tags.member.1.Value',
        'Tags.member.x.Key',
        'TagKeys.member.1',
        'TagKeys.member.1.Key',
        'SerialNumber',
        'AccessKeyId',
        'Status',
        'NewUserName',
        'SetAsDefault',
        'PasswordResetRequired',
        'MinimumPasswordLength',
        'Summary.entry.1.key',
        'RoleArn',
        'RoleSessionName',
        'DurationSeconds',
        'Policy',
        'PolicyArns.member.1.arn',
        'EncodedMessage',
        'Name',
        'ActionNames.member.1',
        'PolicyInputList.member.1',
        'ContextEntries.member.1.ContextKeyValues.member.1',
        'ContextEntries.member.1.ContextKeyType',
        'a..b',
        '.',
        'Version',
      ),
      fc.string({ maxLength: 12 }),
    );
    const form = fc.record({
      action: fc.oneof(
        fc.constantFrom(...Object.keys(iamActions), ...Object.keys(stsActions)),
        fc.string({ maxLength: 20 }),
      ),
      version: fc.constantFrom('2010-05-08', '2010-05-08', '2010-05-08', '', '2011-06-15'),
      members: fc.array(fc.tuple(memberName, hostile), { maxLength: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(form, async ({ action, version, members }) => {
        const body = new URLSearchParams([['Action', action], ['Version', version], ...members]).toString();
        // Signed for the API the action belongs to (STS actions for `sts`), as the SDKs sign.
        const service = apiOf(action)?.signingService ?? 'iam';
        const answer = await post(body, FORM, service === 'sts' ? stsRoot : root);
        if (answer.status >= 500 || !(answer.status === 200 || answer.parsed.ErrorResponse?.Error?.Code))
          throw new Error(`${answer.status} for ${body}: ${answer.text.slice(0, 300)}`);
        if (answer.status === 200 && !answer.text.includes(`<${action}Response `))
          throw new Error(`200 without <${action}Response> for ${body}`);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: Number(process.env.FUZZ_SEED ?? 20_110) },
    );
  });
});
