import type { OpenAPIObject } from '@nestjs/swagger';
import { documentProblems, operationsOf } from './openapi-checks';
import { buildOpenApiDocument, SERVICE_MODULES } from './openapi-documents';

describe.each(Object.keys(SERVICE_MODULES))('the OpenAPI document of %s', (name) => {
  let document: OpenAPIObject;
  beforeAll(async () => {
    document = await buildOpenApiDocument(name);
  });

  it('gives every operation its action name, permission or unsigned mark, SigV4, a 2xx schema and the AWS errors', () => {
    expect(operationsOf(document).length).toBeGreaterThan(0);
    expect(documentProblems(document)).toEqual([]);
  });

  it('names operations after their AWS action, not after the controller method', () => {
    const ids = operationsOf(document).map(({ operation }) => operation.operationId);
    if (name === 'identity' || name === 'standalone') expect(ids).toContain('CreateUser');
    if (name === 'sts' || name === 'standalone')
      expect(ids).toEqual(expect.arrayContaining(['AssumeRole', 'SignIn']));
    expect(ids.filter((id) => id?.includes('_'))).toEqual([]);
  });

  it('marks the routes whose credential is in the body, and the audit public key, as unsigned, and only those', () => {
    const unsigned = operationsOf(document)
      .filter(({ operation }) => JSON.stringify(operation.security) === '[]')
      .map(({ operation }) => operation.operationId)
      .sort();
    const expected = [
      ...(name === 'sts' || name === 'standalone'
        ? ['AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'SignIn']
        : []),
      // Anyone verifying a digest needs it, as CloudTrail publishes its digest keys.
      ...(name === 'audit' || name === 'standalone' ? ['GetTrailPublicKey'] : []),
    ].sort();
    expect(unsigned).toEqual(expected);
  });
});

describe('documentProblems', () => {
  const operation = () => ({
    operationId: 'CreateUser',
    'x-iam-action': 'iam:CreateUser',
    responses: {
      '201': { description: '', content: { 'application/json': { schema: { type: 'object' } } } },
      ...Object.fromEntries(
        ['400', '403', '404', '409', '415', '429', '503'].map((status) => [
          status,
          {
            description: '',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/AwsError' } } },
          },
        ]),
      ),
    } as Record<string, unknown>,
  });
  const documentWith = (post: Record<string, unknown>) =>
    ({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      security: [{ sigv4: [] }],
      components: { securitySchemes: { sigv4: { type: 'apiKey', in: 'header', name: 'Authorization' } } },
      paths: { '/v1/users': { post } },
    }) as unknown as OpenAPIObject;

  it('finds nothing wrong with a complete operation', () => {
    expect(documentProblems(documentWith(operation()))).toEqual([]);
  });

  it('takes a 2xx schema of another media type, and an unsigned route without security', () => {
    const stream = { description: '', content: { 'text/event-stream': { schema: { type: 'string' } } } };
    const unsigned = { 'x-iam-action': undefined, 'x-iam-unsigned': true, security: [] };
    expect(
      documentProblems(
        documentWith({ ...operation(), ...unsigned, responses: { ...operation().responses, '201': stream } }),
      ),
    ).toEqual([]);
  });

  it('names a document without the SigV4 scheme, or without it as the default requirement', () => {
    const document = documentWith(operation());
    const problems = documentProblems({ ...document, security: [], components: {} }).join('\n');
    expect(problems).toContain('no sigv4 security scheme');
    expect(problems).toContain('sigv4 is not the default security requirement');
  });

  it.each([
    [
      'a controller-method operationId',
      { operationId: 'UsersController_create' },
      'operationId is not an action name',
    ],
    [
      'an operationId other than its action',
      { operationId: 'MakeUser' },
      'operationId is not its action iam:CreateUser',
    ],
    [
      'no action and no mark',
      { 'x-iam-action': undefined },
      'neither an action, nor marked authentication-only or unsigned',
    ],
    ['no security on a signed route', { security: [] }, 'security is not the default sigv4'],
    [
      'no 2xx schema',
      { responses: { ...operation().responses, '201': { description: '' } } },
      '201 has no schema',
    ],
    [
      'no error responses',
      { responses: { '201': operation().responses['201'] } },
      'no 403 AwsError response',
    ],
    [
      'an error response not in the AwsError shape',
      { responses: { ...operation().responses, '409': { description: '' } } },
      'no 409 AwsError response',
    ],
    [
      'a stream without a schema',
      {
        responses: {
          ...operation().responses,
          '201': { description: '', content: { 'text/event-stream': {} } },
        },
      },
      '201 has no schema',
    ],
    [
      'security on a route marked unsigned',
      { 'x-iam-action': undefined, 'x-iam-unsigned': true },
      'security is not none (unsigned)',
    ],
  ])('names an operation with %s', (_what, change, problem) => {
    expect(documentProblems(documentWith({ ...operation(), ...change })).join('\n')).toContain(problem);
  });
});
