import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { IamError } from '@iam/contracts';

/** What a route takes when it declares nothing: AWS's JSON REST shape. */
export const DEFAULT_CONTENT_TYPES: readonly BodyMediaType[] = ['application/json'];

/** The media types this server can turn into a body; a route declares the ones it takes. */
export type BodyMediaType = 'application/json' | 'application/x-www-form-urlencoded';

/**
 * Deepest nesting of arrays and objects a JSON body may have. Our deepest
 * legitimate body (a batch of requests with multi-valued context keys) is
 * 5 levels; a body nested 1,500 levels deep would otherwise overflow the
 * stack of class-transformer or class-validator (a 500).
 */
export const MAX_JSON_DEPTH = 32;

interface BodyRouteConfig {
  acceptedContentTypes?: readonly BodyMediaType[];
}

/**
 * The content types a route accepts (default: `application/json`). A body of
 * any other type is refused with 415 `UnsupportedMediaType` before
 * authentication, validation or the handler see it. For the AWS Query
 * protocol a route declares `application/x-www-form-urlencoded`.
 */
export const AcceptsContentTypes = (...types: BodyMediaType[]) =>
  RouteConfig({ acceptedContentTypes: types } satisfies BodyRouteConfig);

/**
 * Keeps every request body's bytes as received (`request.rawBody`),
 * whatever its content type: a SigV4 signature covers the exact bytes, so
 * the signature is checked against them and never against an empty
 * payload. A body is only parsed as one of the types its route accepts;
 * anything else is 415, a malformed or too deeply nested body 400.
 */
export function keepRawBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  // Fastify's own JSON and text parsers would parse without keeping the bytes.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    (request as unknown as { rawBody: Buffer }).rawBody = raw;
    try {
      done(null, parseBody(request, raw));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

function parseBody(request: FastifyRequest, raw: Buffer): unknown {
  const config = request.routeOptions.config as BodyRouteConfig | undefined;
  return parseRequestBody(request.headers['content-type'], config?.acceptedContentTypes, raw);
}

/**
 * The body of a request with this Content-Type header, for a route that
 * accepts `accepted` (default JSON): 415 for another type (or none), 400
 * for a body that is not what its type says.
 */
export function parseRequestBody(
  contentType: string | string[] | undefined,
  accepted: readonly BodyMediaType[] = DEFAULT_CONTENT_TYPES,
  raw: Buffer,
): unknown {
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === undefined || !(accepted as readonly string[]).includes(mediaType)) {
    throw new IamError(
      'UnsupportedMediaType',
      `${mediaType === undefined ? 'A request body needs a Content-Type' : `Content-Type ${mediaType.slice(0, 100)} is not accepted`}; this operation accepts ${accepted.join(', ')}.`,
    );
  }
  if (raw.length === 0) return {};
  const text = raw.toString('utf8');
  return mediaType === 'application/json' ? parseJson(text) : parseForm(text);
}

function mediaTypeOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const mediaType = value.split(';')[0].trim().toLowerCase();
  return mediaType === '' ? undefined : mediaType;
}

function parseJson(text: string): unknown {
  if (nestingExceeds(text, MAX_JSON_DEPTH)) {
    throw new IamError(
      'ValidationError',
      `The request body is nested more than ${MAX_JSON_DEPTH} levels deep.`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new IamError('ValidationError', 'The request body is not valid JSON.');
  }
  // Every operation takes named fields; an array or a bare value has none.
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new IamError('ValidationError', 'The request body must be a JSON object.');
  }
  return body;
}

/** `a=1&b=2&b=3` → `{ a: '1', b: ['2', '3'] }`: flat, as AWS's Query protocol sends it. */
function parseForm(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of new URLSearchParams(text)) {
    const existing = fields[key];
    fields[key] =
      existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return { ...fields };
}

/**
 * Whether JSON text opens more than `max` arrays or objects inside each
 * other, counted before parsing (one pass, brackets inside strings skipped)
 * so a hostile body is refused before anything recurses over it.
 */
export function nestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
