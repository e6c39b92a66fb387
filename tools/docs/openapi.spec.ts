import type { OpenAPIObject } from '@nestjs/swagger';
import { documentProblems, operationsOf } from './openapi-checks';
import { buildOpenApiDocument, SERVICE_MODULES } from './openapi-documents';
import { SCHEMALESS_OPERATIONS } from './openapi-schemaless';

describe.each(Object.keys(SERVICE_MODULES))('the OpenAPI document of %s', (name) => {
  let document: OpenAPIObject;
  beforeAll(async () => {
    document = await buildOpenApiDocument(name);
  });

  it('gives every operation its action name, permission or unsigned mark, SigV4, a 2xx schema and the AWS errors', () => {
    expect(operationsOf(document).length).toBeGreaterThan(0);
    expect(documentProblems(document, SCHEMALESS_OPERATIONS)).toEqual([]);
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

describe('SCHEMALESS_OPERATIONS (the operations still without a 2xx schema)', () => {
  it('lists only operations that exist and still lack one', async () => {
    const document = await buildOpenApiDocument('standalone');
    const schemaless = operationsOf(document)
      .filter(({ operation }) =>
        Object.entries(operation.responses).some(
          ([status, response]) => /^2\d\d$/.test(status) && status !== '204' && !response.content,
        ),
      )
      .map(({ operation }) => operation.operationId)
      .sort();
    expect([...SCHEMALESS_OPERATIONS].sort()).toEqual(schemaless);
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
  ])('names an operation with %s', (_what, change, problem) => {
    expect(documentProblems(documentWith({ ...operation(), ...change })).join('\n')).toContain(problem);
  });
});
