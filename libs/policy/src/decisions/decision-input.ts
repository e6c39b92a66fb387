import type { ContextValue } from '@iam/policy-engine';
import { validationError } from '@iam/contracts';

// Shape checks shared by the class-validator DTOs and the batch route, whose
// 1,000 items are checked by hand (class-transformer on 1,000 nested objects
// costs more than the decisions themselves); both name the field the same way.

export type ContextInput = Record<string, string | number | boolean | string[]>;

export const MAX_CONTEXT_KEYS = 100;
export const MAX_BATCH = 1000;
/** S3's bucket-policy quota: the largest resource-based policy AWS takes. */
export const RESOURCE_POLICY_SIZE = 20480;

/** Why a context value is not acceptable, or undefined if it is. */
export function contextProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return 'Member must be an object of context keys';
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_CONTEXT_KEYS) return `Member must have at most ${MAX_CONTEXT_KEYS} keys`;
  for (const [key, v] of entries) {
    if (key.length === 0 || key.length > 256)
      return `Context key '${key.slice(0, 64)}' must have 1-256 characters`;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      if (typeof v === 'number' && !Number.isFinite(v)) return `Context key '${key}' must be a finite number`;
      continue;
    }
    if (Array.isArray(v) && v.length <= 1000 && v.every((item) => typeof item === 'string')) continue;
    return `Context key '${key}' must be a string, number, boolean or array of strings`;
  }
  return undefined;
}

export interface AuthorizeItem {
  principalArn: string;
  action: string;
  resource: string;
  context?: ContextInput;
  resourcePolicy?: string;
  resourceAccountId?: string;
}

export interface AuthorizeBatch {
  requests: AuthorizeItem[];
  explain: boolean;
}

/** `{ requests: [1..1000 items], explain?: boolean }`, every field checked and named on error. */
export function checkAuthorizeBatch(raw: unknown): AuthorizeBatch {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw validationError('body', raw, 'Member must be an object');
  }
  const body = raw as Record<string, unknown>;
  for (const key of Object.keys(body)) {
    if (key !== 'requests' && key !== 'explain')
      throw validationError(key, body[key], 'property should not exist');
  }
  const requests = body.requests;
  if (!Array.isArray(requests) || requests.length < 1 || requests.length > MAX_BATCH) {
    throw validationError(
      'requests',
      Array.isArray(requests) ? `[${requests.length} items]` : (requests ?? null),
      `Member must be an array of 1 to ${MAX_BATCH} requests`,
    );
  }
  if (body.explain !== undefined && typeof body.explain !== 'boolean') {
    throw validationError('explain', body.explain, 'Member must be a boolean');
  }
  const items: AuthorizeItem[] = new Array(requests.length);
  for (let i = 0; i < requests.length; i++) items[i] = checkAuthorizeItem(requests[i], `requests[${i}]`);
  return { requests: items, explain: body.explain === true };
}

const ACTION = /^[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+$/;
const ACCOUNT = /^\d{12}$/;

/** Checks what the DTO's decorators cannot say (and, for batch items, everything). */
export function checkAuthorizeItem(raw: unknown, at: string): AuthorizeItem {
  // Field names are only built for an error: a batch checks 1,000 items per call.
  const field = (name: string) => (at ? `${at}.${name}` : name);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw validationError(at || 'body', raw, 'Member must be an object');
  }
  const item = raw as Record<string, unknown>;
  for (const key in item) {
    if (!KNOWN.has(key)) throw validationError(field(key), item[key], 'property should not exist');
  }
  requireString(field, 'principalArn', item.principalArn, 2048);
  requireString(field, 'action', item.action, 128);
  if (!ACTION.test(item.action as string)) {
    throw validationError(field('action'), item.action, 'Member must be service:Action');
  }
  requireString(field, 'resource', item.resource, 2048);
  if (item.context !== undefined) {
    const problem = contextProblem(item.context);
    if (problem) throw validationError(field('context'), item.context, problem);
  }
  if (item.resourcePolicy !== undefined) requireString(field, 'resourcePolicy', item.resourcePolicy, 131072);
  if (item.resourceAccountId !== undefined) {
    requireString(field, 'resourceAccountId', item.resourceAccountId, 12);
    if (!ACCOUNT.test(item.resourceAccountId as string)) {
      throw validationError(field('resourceAccountId'), item.resourceAccountId, 'Member must be 12 digits');
    }
  }
  return item as unknown as AuthorizeItem;
}

const KNOWN = new Set([
  'principalArn',
  'action',
  'resource',
  'context',
  'resourcePolicy',
  'resourceAccountId',
]);

function requireString(field: (name: string) => string, name: string, value: unknown, max: number): void {
  if (typeof value !== 'string') throw validationError(field(name), value ?? null, 'Member must be a string');
  if (value.length === 0 || value.length > max) {
    throw validationError(field(name), value.slice(0, 64), `Member must have length between 1 and ${max}`);
  }
}

/** The context as the engine takes it. */
export function toEngineContext(context: ContextInput | undefined): Record<string, ContextValue> {
  return { ...(context ?? {}) };
}
