import type { EventEnvelope } from '@iam/contracts';
import { newTestAccount, rootAccountStreams, type GivenStream, type TestAccount } from './root-account';
import { signedHeaders, type Credentials } from './signed-client';
import { SliceApp, type SliceAppOptions } from './slice-app';

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
}

/** Builds the request under test: `request.post('/v1/users', { userName: 'alice' })`. */
export const request = {
  get: (path: string): ApiRequest => ({ method: 'GET', path }),
  delete: (path: string): ApiRequest => ({ method: 'DELETE', path }),
  post: (path: string, body?: unknown): ApiRequest => ({ method: 'POST', path, body }),
  put: (path: string, body?: unknown): ApiRequest => ({ method: 'PUT', path, body }),
  patch: (path: string, body?: unknown): ApiRequest => ({ method: 'PATCH', path, body }),
};

export interface ApiOutcome {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON body, read by the spec's matchers
  body: any;
  /** Events the service's store committed while handling the request, in order. */
  newEvents: EventEnvelope[];
  account: TestAccount;
}

export type ApiAssertion = (outcome: ApiOutcome) => void;

/** Streams that exist before the request; a function gets the scenario's account (for ids and ARNs). */
export type Given = GivenStream | GivenStream[] | ((account: TestAccount) => GivenStream | GivenStream[]);

export interface ApiSpecification {
  /**
   * A scenario in an account of its own (its root user and root key come
   * first, as account creation appends them), with these streams.
   */
  given(...given: Given[]): {
    /** The request, signed by the account's root, or by `as(account)`'s credentials. */
    when(
      build: (account: TestAccount) => ApiRequest,
      options?: { as?: (account: TestAccount) => Credentials },
    ): { then(...assertions: ApiAssertion[]): Promise<ApiOutcome> };
  };
  /** The slice app, for what a spec needs beyond given/when/then. */
  readonly slice: SliceApp;
  close(): Promise<void>;
}

/**
 * Emmett-style API specification for a service's routes: given existing
 * events, when an HTTP request (SigV4-signed, injected into the app without
 * a socket), then the response and the new events, or an AWS error. Start
 * one per spec file (`beforeAll`); each scenario runs in a fresh account,
 * so scenarios do not see each other.
 */
export async function apiSpecification(options: SliceAppOptions): Promise<ApiSpecification> {
  const slice = await SliceApp.start(options);
  return {
    slice,
    close: () => slice.close(),
    given: (...given) => ({
      when: (build, whenOptions = {}) => ({
        then: async (...assertions) => {
          const account = newTestAccount();
          const streams = [
            ...rootAccountStreams(
              account,
              await slice.sealSecret(
                'access-key-secret',
                account.root.accessKeyId,
                account.root.secretAccessKey,
              ),
            ),
            ...given.flatMap((g) => (typeof g === 'function' ? g(account) : g)),
          ];
          for (const stream of streams) {
            await slice.storeOf(stream.topic).append(stream.streamId, 'any', [...stream.events], {
              accountId: stream.accountId ?? account.accountId,
              actorArn: `arn:aws:iam::${stream.accountId ?? account.accountId}:root`,
              correlationId: `given-${stream.streamId}`,
            });
          }
          await slice.settle();
          const mark = slice.store.position;
          const response = await send(slice, build(account), whenOptions.as?.(account) ?? account.root);
          const { events } = await slice.store.readAll(mark, Number.MAX_SAFE_INTEGER);
          const outcome: ApiOutcome = { ...response, newEvents: events, account };
          for (const assertion of assertions) assertion(outcome);
          return outcome;
        },
      }),
    }),
  };
}

async function send(
  slice: SliceApp,
  apiRequest: ApiRequest,
  credentials: Credentials,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(apiRequest.path, 'http://slice.test');
  const payload = apiRequest.body === undefined ? undefined : JSON.stringify(apiRequest.body);
  const raw = { body: payload, contentType: payload === undefined ? undefined : 'application/json' };
  const headers = await signedHeaders(credentials, apiRequest.method, url, raw);
  const response = await slice.app.inject({
    method: apiRequest.method,
    url: `${url.pathname}${url.search}`,
    headers: { ...headers, host: url.host },
    payload,
  });
  const text = response.body;
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: the text is the body.
  }
  return { status: response.statusCode, body };
}

/** What is expected, or a function of the scenario's account giving it (ids and ARNs are the account's). */
export type PerAccount<T> = T | ((account: TestAccount) => T);

function resolve<T>(value: PerAccount<T>, account: TestAccount): T {
  return typeof value === 'function' ? (value as (account: TestAccount) => T)(account) : value;
}

/** Then: this status, and a body that matches `body` (Jest's toMatchObject). */
export function expectResponse(status: number, body?: PerAccount<object>): ApiAssertion {
  return (outcome) => {
    expect({ status: outcome.status, body: outcome.body }).toMatchObject({
      status,
      ...(body === undefined ? {} : { body: resolve(body, outcome.account) }),
    });
  };
}

/**
 * Then: exactly these new events, in order; each matched as Jest's
 * toMatchObject does (`type`, and whatever of `streamId`, `payload`… is given).
 */
export function expectNewEvents(
  events: PerAccount<(Partial<Omit<EventEnvelope, 'payload'>> & { type: string; payload?: unknown })[]>,
): ApiAssertion {
  return (outcome) => {
    const expected = resolve(events, outcome.account);
    expect(outcome.newEvents.map((event) => event.type)).toEqual(expected.map((event) => event.type));
    expect(outcome.newEvents).toMatchObject(expected);
  };
}

/** Then: an AWS error with this status and code (and a message matching `message`), and no new events. */
export function expectError(status: number, code: string, message?: string | RegExp): ApiAssertion {
  return (outcome) => {
    expect({ status: outcome.status, code: outcome.body?.error?.code }).toEqual({ status, code });
    if (message !== undefined) expect(outcome.body.error.message).toMatch(message);
    expect(outcome.newEvents).toEqual([]);
  };
}
