/**
 * Operations whose 2xx answer has no schema in the OpenAPI document yet: a
 * list that may only shrink (tools/docs/openapi.spec.ts fails on an operation
 * missing from it that lacks a schema, and on one listed here that has one).
 */
export const SCHEMALESS_OPERATIONS: ReadonlySet<string> = new Set([
  'DecodeAuthorizationMessage',
  'GetAccessKeyInfo',
  'RevokeRoleSessions',
  'SignIn',
]);
