import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from '@iam/auth';
import { ProtocolError, SERVICE_CONFIG, type ServiceEnvironment } from '@iam/platform';
import type { OwningService } from './action-table';

/** Where each owning service is reached, by the setting that says so. */
const OWNER_URLS = {
  identity: 'IAM_IDENTITY_URL',
  policy: 'IAM_POLICY_URL',
  sts: 'IAM_STS_URL',
  audit: 'IAM_AUDIT_URL',
} as const satisfies Record<OwningService, keyof ServiceEnvironment>;

/** Marks a forwarded request: it is answered where it arrives, never forwarded again (no loops). */
const FORWARDED = 'x-iam-forwarded-by';
const TIMEOUT_MS = 30_000;
/** Hop-by-hop headers, which belong to one connection and are not passed on. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'content-length',
]);

/**
 * In distributed mode one endpoint answers every IAM and STS action: a
 * service's door passes a request for another service's action on to that
 * service (IAM_IDENTITY_URL, IAM_POLICY_URL, IAM_STS_URL), byte for byte with the headers the
 * signature covers (Host included), and relays its answer. The owner
 * authenticates and authorizes it as if it had been sent there.
 */
@Injectable()
export class QueryForwarder {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceEnvironment) {}

  async forward(
    owner: OwningService,
    action: string,
    request: FastifyRequest & AuthenticatedRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const variable = OWNER_URLS[owner];
    const base = this.config[variable];
    if (!base || request.headers[FORWARDED] !== undefined)
      throw new ProtocolError(
        'InvalidAction',
        `${action} is answered by the ${owner} service, which this endpoint cannot reach (${variable} is not set here); send it to the ${owner} service.`,
      );
    const answer = await send(new URL('/', base), request);
    // The owner recorded the call, linked to its events: this door records none (one record per call).
    // A call it could not pass on is this door's to record.
    if (request.access) request.access.forwarded = true;
    void reply
      .status(answer.status)
      .headers(pick(answer.headers, ['content-type', 'x-amzn-requestid']))
      .send(answer.body);
  }
}

function send(
  target: URL,
  request: FastifyRequest & AuthenticatedRequest,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  const body = request.rawBody ?? Buffer.alloc(0);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(request.headers))
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  headers['content-length'] = String(body.length);
  headers[FORWARDED] = 'aws-query';
  // As a proxy does: the chain it was given, then who connected to it. The owner believes the
  // chain as far as IAM_TRUSTED_PROXIES says (this service among them), so it sees the caller's address.
  const forwardedFor = request.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = [
    ...(forwardedFor === undefined ? [] : [String(forwardedFor)]),
    request.socket.remoteAddress ?? '',
  ].join(', ');
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = send(target, { method: 'POST', headers, timeout: TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 502,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      );
      response.on('error', reject);
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', () =>
      reject(
        new ProtocolError(
          'ServiceUnavailable',
          `The service that answers this action (${target.origin}) could not be reached; retry.`,
          503,
        ),
      ),
    );
    outgoing.end(body);
  });
}

function pick(headers: IncomingHttpHeaders, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}
