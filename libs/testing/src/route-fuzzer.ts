import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import type { Credentials } from './signed-client';

/**
 * A bounded random and hostile-input run over every route a service
 * documents in its OpenAPI document: random operations, called by each of
 * the given callers (and unsigned), with hostile values in path parameters,
 * query parameters and body fields (NUL bytes, huge and unicode strings,
 * wrong types, nulls, arrays, objects, extreme numbers, deep nesting),
 * whole bodies that are malformed JSON or not JSON at all, and wrong
 * content types. Values come from fast-check, seeded, so a run can be
 * replayed. Any 5xx is a defect: bad input must be answered with a 4xx.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface FuzzTarget {
  /** Where the service listens (loopback). */
  baseUrl: string;
  /** Its OpenAPI document (GET /docs-json). */
  document: Json;
}

export interface FuzzCaller {
  name: string;
  /** Undefined: send the request unsigned. */
  credentials?: Credentials;
}

export interface FuzzOptions {
  targets: FuzzTarget[];
  callers: FuzzCaller[];
  /** Stop after this many requests… */
  maxRequests: number;
  /** …or after this long, whichever comes first. */
  maxMs: number;
  seed: number;
  /** Requests in flight at once (races are part of the input). */
  concurrency?: number;
  /** Well-formed values by parameter or field name, so a request gets past the first check it meets. */
  plausible?: Record<string, unknown>;
}

export interface FuzzedRequest {
  caller: string;
  method: string;
  url: string;
  contentType?: string;
  body?: string;
}

export interface FuzzReport {
  sent: number;
  elapsedMs: number;
  operations: number;
  /** e.g. `400 ValidationError` → count. */
  byStatus: Record<string, number>;
  /** The first few 5xx (request and answer), to replay. */
  serverErrors: { request: FuzzedRequest; status: number; body: string }[];
  /** Requests that got no answer at all (connection reset): as bad as a 5xx. */
  transportErrors: { request: FuzzedRequest; error: string }[];
}

interface Operation {
  baseUrl: string;
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  body?: { properties: Record<string, Json>; required: string[] };
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%00',
  '\u0001\u0002\u001f\u007f',
  '\r\nX-Injected: 1',
  '../../../../etc/passwd',
  "' OR '1'='1' --",
  '"; DROP TABLE users; --',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '\ud800',
  '\udfff\ud800',
  '💥'.repeat(300),
  'ǅ'.repeat(1000),
  'x'.repeat(129),
  'x'.repeat(70_000),
  '*',
  '?',
  '/',
  '//',
  '/a/../b/',
  ':',
  'arn:aws:iam::123456789012:user/alice',
  'arn:aws:iam::aws:policy/AdministratorAccess',
  'arn:aws:iam::*:*',
  'arn:aws:iam::123456789012:mfa/a:b/c',
  'null',
  'undefined',
  'true',
  'NaN',
  '-1',
  '1e400',
  '9007199254740993',
  '__proto__',
  'constructor',
  '{"Version":"2012-10-17"}',
  '[]',
  'v0',
  'v99999999999999999999',
  'AKIA' + 'A'.repeat(200),
];

const HOSTILE_NUMBERS = [
  0,
  -1,
  1,
  -0,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 63),
  1e308,
  -1e308,
  Number.MIN_VALUE,
  0.5,
];

function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
}

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.array(hostileString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constant(Array.from({ length: 5000 }, (_, i) => `k${i}`)) },
  { weight: 1, arbitrary: fc.array(fc.constant(null), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(nested(20, 'x'), nested(40, 'x'), nested(1500, 1)) },
  {
    weight: 1,
    arbitrary: fc.constant([
      { key: 'a\u0000', value: null },
      { key: [], value: {} },
    ]),
  },
);

/** What a whole body is sent as. */
type BodyShape =
  | { kind: 'fields' }
  | { kind: 'raw'; text: string; contentType?: string }
  | { kind: 'value'; value: unknown };

const wholeBody: fc.Arbitrary<BodyShape> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<BodyShape>({ kind: 'fields' }) },
  {
    weight: 1,
    arbitrary: hostileValue.map<BodyShape>((value) => ({ kind: 'value', value })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          '{',
          '{"a":',
          '[1,2',
          'nul',
          '{"a":1}}',
          '\u0000',
          '{"userName":"\u0000"}',
          '\ufeff{}',
          '{"a":"\\ud800"}',
          '{"__proto__":{"polluted":1}}',
          '{"constructor":{"prototype":{"polluted":1}}}',
          '['.repeat(5000) + ']'.repeat(5000),
          '{"a":' + '"x",'.repeat(1) + '"b":1e999999}',
          'userName=alice&path=/',
          '',
        ),
        fc.constantFrom<string | undefined>(
          'application/json',
          'application/json; charset=latin1',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/octet-stream',
          'multipart/form-data; boundary=x',
          'application/xml',
          '*/*',
          ';;;',
          undefined,
        ),
      )
      .map<BodyShape>(([text, contentType]) => ({ kind: 'raw', text, contentType })),
  },
);

const fieldMutation = fc.constantFrom('hostile', 'hostile', 'plausible', 'plausible', 'plausible', 'omit');

function operationsOf(target: FuzzTarget): Operation[] {
  const { document, baseUrl } = target;
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries<Json>(document.paths ?? {})) {
    if (!path.startsWith('/v1/')) continue;
    for (const [method, operation] of Object.entries<Json>(methods)) {
      const parameters: Json[] = operation.parameters ?? [];
      const schema = resolve(document, operation.requestBody?.content?.['application/json']?.schema);
      operations.push({
        baseUrl,
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name as string),
        body: schema
          ? { properties: schema.properties ?? {}, required: schema.required ?? [] }
          : ['POST', 'PUT', 'PATCH'].includes(method.toUpperCase())
            ? { properties: {}, required: [] }
            : undefined,
      });
    }
  }
  return operations;
}

function resolve(document: Json, schema: Json): Json {
  if (!schema?.$ref) return schema;
  const name = String(schema.$ref).split('/').pop() as string;
  return document.components?.schemas?.[name];
}

/** encodeURIComponent, or raw bytes when the string has a lone surrogate (which it refuses). */
function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return Array.from(Buffer.from(value, 'utf8'), (b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}

function pick<T>(values: readonly T[], seed: number): T {
  return values[Math.abs(seed) % values.length];
}

function sample<T>(arbitrary: fc.Arbitrary<T>, seed: number): T {
  return fc.sample(arbitrary, { seed, numRuns: 1 })[0];
}

/** One random request for `op`, decided by `seed` alone. */
export function fuzzedRequest(
  op: Operation,
  caller: FuzzCaller,
  seed: number,
  plausible: Record<string, unknown>,
): FuzzedRequest {
  let n = seed;
  const next = () => (n = (Math.imul(n, 1_103_515_245) + 12_345) | 0);
  const field = (name: string): { value?: unknown; omit?: boolean } => {
    const mutation = sample(fieldMutation, next());
    if (mutation === 'omit') return { omit: true };
    if (mutation === 'plausible' && name in plausible) return { value: plausible[name] };
    return { value: sample(hostileValue, next()) };
  };

  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const { value } = field(name);
    const text = value === undefined ? asText(plausible[name] ?? 'x') : asText(value);
    // Now and then a raw, malformed percent-escape instead of an encoded value.
    return pick(['%', '%zz', '%C0%AF', '%ED%A0%80', encodeSegment(text)], next() % 20 === 0 ? next() : 4);
  });
  const query = new URLSearchParams();
  for (const name of op.queryParams) {
    const { value, omit } = field(name);
    if (omit) continue;
    for (const item of Array.isArray(value) ? value.slice(0, 3) : [value]) query.append(name, asText(item));
  }
  if (next() % 10 === 0)
    query.append(asText(sample(hostileString, next())), asText(sample(hostileValue, next())));
  const search = query.toString();
  const url = `${op.baseUrl}${path}${search ? `?${search}` : ''}`;

  if (!op.body) return { caller: caller.name, method: op.method, url };
  const shape = sample(wholeBody, next());
  if (shape.kind === 'raw') {
    return { caller: caller.name, method: op.method, url, body: shape.text, contentType: shape.contentType };
  }
  if (shape.kind === 'value') {
    return {
      caller: caller.name,
      method: op.method,
      url,
      body: JSON.stringify(shape.value) ?? 'null',
      contentType: 'application/json',
    };
  }
  const body: Record<string, unknown> = {};
  for (const name of Object.keys(op.body.properties)) {
    const { value, omit } = field(name);
    if (!omit) body[name] = value;
  }
  if (next() % 8 === 0) body[asText(sample(hostileString, next()))] = sample(hostileValue, next());
  return {
    caller: caller.name,
    method: op.method,
    url,
    body: JSON.stringify(body),
    contentType: 'application/json',
  };
}

async function send(request: FuzzedRequest, caller: FuzzCaller): Promise<{ status: number; body: string }> {
  const url = new URL(request.url);
  const headers: Record<string, string> = { host: url.host };
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  let sent = headers;
  if (caller.credentials) {
    const query: Record<string, string | string[]> = {};
    for (const [key, value] of url.searchParams) {
      const existing = query[key];
      query[key] =
        existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    const signer = new SignatureV4({
      credentials: caller.credentials,
      region: 'us-east-1',
      service: 'iam',
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query,
      headers,
      body: request.body,
    });
    sent = { ...(signed.headers as Record<string, string>) };
  }
  delete sent.host;
  // A body without a content type must reach the server without one (fetch would add text/plain).
  const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
  const response = await fetch(url, { method: request.method, headers: sent, body });
  return { status: response.status, body: await response.text() };
}

export async function fuzzRoutes(options: FuzzOptions): Promise<FuzzReport> {
  const operations = options.targets.flatMap(operationsOf);
  if (operations.length === 0) throw new Error('no operations found in the OpenAPI documents');
  const callers = [...options.callers, { name: 'unsigned' }];
  const plausible = options.plausible ?? {};
  const report: FuzzReport = {
    sent: 0,
    elapsedMs: 0,
    operations: operations.length,
    byStatus: {},
    serverErrors: [],
    transportErrors: [],
  };
  const started = Date.now();
  let index = 0;
  const worker = async () => {
    while (index < options.maxRequests && Date.now() - started < options.maxMs) {
      const i = index++;
      const seed = (options.seed * 1_000_003 + i) | 0;
      // Round robin over operations, so every route is covered early; callers rotate too.
      const op = operations[i % operations.length];
      const caller = callers[Math.floor(i / operations.length) % callers.length];
      const request = fuzzedRequest(op, caller, seed, plausible);
      try {
        const answer = await send(request, caller);
        const code = errorCode(answer.body);
        const key = `${answer.status}${code ? ` ${code}` : ''}`;
        report.byStatus[key] = (report.byStatus[key] ?? 0) + 1;
        if (answer.status >= 500 && report.serverErrors.length < 20) {
          report.serverErrors.push({
            request: shorten(request),
            status: answer.status,
            body: answer.body.slice(0, 500),
          });
        }
      } catch (error) {
        report.byStatus['no answer'] = (report.byStatus['no answer'] ?? 0) + 1;
        if (report.transportErrors.length < 20) {
          report.transportErrors.push({
            request: shorten(request),
            error: String((error as Error).cause ?? error),
          });
        }
      }
      report.sent++;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  report.elapsedMs = Date.now() - started;
  return report;
}

function errorCode(body: string): string | undefined {
  try {
    const code = JSON.parse(body)?.error?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

function shorten(request: FuzzedRequest): FuzzedRequest {
  return {
    ...request,
    url: request.url.length > 400 ? `${request.url.slice(0, 400)}…` : request.url,
    body: request.body && request.body.length > 400 ? `${request.body.slice(0, 400)}…` : request.body,
  };
}

/** The report as lines for a terminal: totals, then counts per status, then any 5xx to replay. */
export function formatFuzzReport(report: FuzzReport): string {
  const lines = [
    `${report.sent} requests over ${report.operations} operations in ${(report.elapsedMs / 1000).toFixed(1)} s`,
    ...Object.entries(report.byStatus)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, count]) => `  ${status.padEnd(40)} ${count}`),
  ];
  const fives = Object.entries(report.byStatus)
    .filter(([status]) => status.startsWith('5') || status === 'no answer')
    .reduce((sum, [, count]) => sum + count, 0);
  lines.push(`5xx or no answer: ${fives}`);
  for (const e of report.serverErrors) lines.push(`  ${e.status} ${JSON.stringify(e.request)} -> ${e.body}`);
  for (const e of report.transportErrors) lines.push(`  no answer ${JSON.stringify(e.request)}: ${e.error}`);
  return lines.join('\n');
}

/**
 * Values that make a fuzzed request reach past validation to the entities a
 * run created (a user alice, group admins, role deployer, policy Read …), so
 * hostile values are tried beside valid ones.
 */
export function plausibleValues(created: {
  accountId: string;
  policyArn: string;
  accessKeyId: string;
  policyDocument: string;
  assumeRolePolicyDocument: string;
}): Record<string, unknown> {
  const alice = `arn:aws:iam::${created.accountId}:user/alice`;
  return {
    userName: 'alice',
    newUserName: 'alice2',
    groupName: 'admins',
    roleName: 'deployer',
    policyName: 'Read',
    policyArn: created.policyArn,
    versionId: 'v1',
    accessKeyId: created.accessKeyId,
    policyDocument: created.policyDocument,
    assumeRolePolicyDocument: created.assumeRolePolicyDocument,
    principalArn: alice,
    policySourceArn: alice,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/key',
    actionNames: ['s3:GetObject'],
    policyInputList: [created.policyDocument],
    path: '/',
    pathPrefix: '/',
    tags: [{ key: 'team', value: 'blue' }],
    maxItems: 10,
    password: 'Correct-Horse-Battery-9',
    virtualMfaDeviceName: 'phone',
  };
}
