import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * Routes whose operationId is not their `@Action`'s name: they share the
 * action with another operation (AWS checks `iam:GetUser` to read a user's
 * permissions boundary, `iam:PutRolePolicy` to revoke a role's sessions),
 * and an operationId is unique.
 */
export const SHARED_ACTION_OPERATIONS: Record<string, string> = {
  GetUserPermissionsBoundary: 'iam:GetUser',
  GetRolePermissionsBoundary: 'iam:GetRole',
  RevokeRoleSessions: 'iam:PutRolePolicy',
  // GET /v1/last-accessed: GenerateServiceLastAccessedDetails and its report in one call.
  ServiceLastAccessedDetails: 'iam:GenerateServiceLastAccessedDetails',
};

/** Every AWS error status a route may answer (errorStatus of @iam/platform). */
const ERROR_STATUSES = ['400', '403', '404', '409', '415', '429', '503'];

type Operation = Record<string, unknown> & {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

export function operationsOf(document: OpenAPIObject): { route: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    (['get', 'put', 'post', 'delete', 'patch'] as const).flatMap((method) => {
      const operation = (item as Record<string, Operation | undefined>)[method];
      return operation ? [{ route: `${method.toUpperCase()} ${path}`, operation }] : [];
    }),
  );
}

/**
 * What the document lacks: the SigV4 scheme; per operation an operationId
 * that is its AWS action name (unique), the permission it needs or a mark
 * that it needs none, SigV4 unless marked unsigned, a 2xx answer with a
 * schema for each of its media types (204 has no body), and the error
 * answers in the AwsError shape.
 */
export function documentProblems(document: OpenAPIObject): string[] {
  const problems: string[] = [];
  const scheme = document.components?.securitySchemes?.sigv4 as Record<string, unknown> | undefined;
  if (scheme?.type !== 'apiKey' || scheme.in !== 'header' || scheme.name !== 'Authorization')
    problems.push('no sigv4 security scheme (apiKey in the Authorization header)');
  if (JSON.stringify(document.security) !== JSON.stringify([{ sigv4: [] }]))
    problems.push('sigv4 is not the default security requirement');
  const seen = new Set<string>();
  for (const { route, operation } of operationsOf(document)) {
    const id = operation.operationId ?? '';
    const at = `${route} (${id || 'no operationId'})`;
    if (!/^[A-Z][A-Za-z0-9]+$/.test(id)) problems.push(`${at}: operationId is not an action name`);
    if (seen.has(id)) problems.push(`${at}: operationId used twice`);
    seen.add(id);
    const action = operation['x-iam-action'] as string | undefined;
    const unsigned = operation['x-iam-unsigned'] === true;
    if (action !== undefined) {
      const expected = SHARED_ACTION_OPERATIONS[id] ?? `${action.split(':')[0]}:${id}`;
      if (action !== expected) problems.push(`${at}: operationId is not its action ${action}`);
    } else if (!unsigned && operation['x-iam-authentication-only'] !== true) {
      problems.push(`${at}: neither an action, nor marked authentication-only or unsigned`);
    }
    if (unsigned ? JSON.stringify(operation.security) !== '[]' : operation.security !== undefined)
      problems.push(`${at}: security is not ${unsigned ? 'none (unsigned)' : 'the default sigv4'}`);
    const success = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
    if (success.length === 0) problems.push(`${at}: no 2xx response`);
    for (const [status, response] of success) {
      // JSON mostly; a stream (SSE, JSON Lines) is its own media type, with a schema all the same.
      const media = Object.values(response.content ?? {});
      if (status !== '204' && (media.length === 0 || media.some((type) => !type.schema)))
        problems.push(`${at}: ${status} has no schema`);
    }
    for (const status of ERROR_STATUSES) {
      const schema = operation.responses[status]?.content?.['application/json']?.schema as
        { $ref?: string } | undefined;
      if (schema?.$ref !== '#/components/schemas/AwsError')
        problems.push(`${at}: no ${status} AwsError response`);
    }
  }
  return problems;
}
