import { randomUUID } from 'node:crypto';
import { Reflector } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AccessRecorder } from '../access/access-recorder';
import { captureAccessRecords } from '../access/access-capture';
import { ROUTE_ACCESS_NAMES, type RouteAccessNames } from '../access/unrouted-calls';
import { errorBody } from '../http/error-body';
import { DENIAL_ENCODER, type DenialEncoder } from '../http/denial-encoder';
import { IamExceptionFilter } from '../http/iam-exception.filter';
import { iamValidationPipe } from '../http/iam-validation.pipe';
import { validatePathParameters } from '../http/path-parameters';
import { keepRawBodies } from '../http/raw-body';
import { HandlerSpanInterceptor } from '../tracing/handler-span.interceptor';
import { traceHttpRequests } from '../tracing/http-spans';

/**
 * Fastify as every service runs it (also under slice tests, so they see the
 * same HTTP). `request.ip` is the caller's address: the connection's, or,
 * behind the trusted proxies (IAM_TRUSTED_PROXIES), the one they forwarded.
 */
export function serviceHttpAdapter(trustedProxies: string[] = []): FastifyAdapter {
  return new FastifyAdapter({
    genReqId: () => randomUUID(),
    ...(trustedProxies.length > 0 ? { trustProxy: trustedProxies } : {}),
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    // A path Fastify cannot decode (`%zz`, overlong or surrogate UTF-8) is answered before any
    // route or Nest filter: in our error shape, never Fastify's.
    frameworkErrors: (_error: Error, request: FastifyRequest, reply: FastifyReply) => {
      void reply
        .status(400)
        .header('x-amzn-requestid', String(request.id))
        .send(
          errorBody(
            'ValidationError',
            'The request path is not valid: it has a malformed percent-escape or is not UTF-8.',
            String(request.id),
          ),
        );
    },
  });
}

/** Raw bodies for signatures, path parameter rules, AWS error bodies, validation and trace spans, on every service. */
export function applyHttpConventions(app: NestFastifyApplication, logger: Logger): void {
  keepRawBodies(app);
  validatePathParameters(app);
  app.useGlobalFilters(new IamExceptionFilter(logger, optionalProvider<DenialEncoder>(app, DENIAL_ENCODER)));
  app.useGlobalPipes(iamValidationPipe());
  traceHttpRequests(app);
  app.useGlobalInterceptors(new HandlerSpanInterceptor(app.get(Reflector)));
  const recorder = optionalProvider<AccessRecorder>(app, AccessRecorder);
  if (recorder)
    captureAccessRecords(app, recorder, logger, optionalProvider<RouteAccessNames>(app, ROUTE_ACCESS_NAMES));
}

/** A provider some processes have (auth's), or undefined. */
function optionalProvider<T>(
  app: NestFastifyApplication,
  token: symbol | (abstract new (...args: never[]) => T),
): T | undefined {
  try {
    return app.get<T>(token, { strict: false });
  } catch {
    return undefined;
  }
}
