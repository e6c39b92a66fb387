import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Keeps the body's bytes as received (`request.rawBody`): a SigV4 signature
 * covers the exact bytes, not their parsed JSON. A malformed body is a 400.
 */
export function keepRawJsonBody(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    (request as unknown as { rawBody: Buffer }).rawBody = raw;
    if (raw.length === 0) return done(null, {});
    try {
      done(null, JSON.parse(raw.toString('utf8')));
    } catch {
      const error = new Error('The request body is not valid JSON.') as Error & { statusCode: number };
      error.statusCode = 400;
      done(error, undefined);
    }
  });
}
