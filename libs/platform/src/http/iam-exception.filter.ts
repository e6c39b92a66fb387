import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IamError, type IamErrorCode } from '@iam/contracts';
import type { Logger } from 'pino';
import { isConnectionError } from '@iam/event-store';
import type { RecordedRequest } from '../access/access-notes';
import type { DenialEncoder } from './denial-encoder';
import { errorBody } from './error-body';
import { errorRendererOf } from './error-renderer';
import { errorStatus } from './error-status';
import { ProtocolError } from './protocol-error';

/**
 * Maps every failure to `{"error": {code, message, requestId}}`. Domain
 * errors carry their AWS code; a framework 4xx becomes the nearest AWS code;
 * anything unexpected is a 500 with no detail for the caller (the log has it).
 */
@Catch()
export class IamExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    /** Gives every AccessDenied an encoded authorization message (absent in processes without auth). */
    private readonly denials?: DenialEncoder,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const requestId = String(request.id);
    if (exception instanceof HttpException && exception.getStatus() === 503) {
      // A readiness check that failed: its report says which dependency is down.
      void reply.status(503).header('x-amzn-requestid', requestId).send(exception.getResponse());
      return;
    }
    const { status, code, message } = this.describe(exception, request, requestId);
    // The call's access record names the error as the caller got it.
    (request as FastifyRequest & RecordedRequest).accessError = { code, message };
    const encoded =
      code !== 'AccessDenied'
        ? undefined
        : exception instanceof IamError && exception.encodedAuthorizationMessage !== undefined
          ? exception.encodedAuthorizationMessage
          : this.denials?.encodeDenial(request, message);
    const render = errorRendererOf(request);
    if (render)
      return render(
        reply,
        { status, code, message, ...(encoded === undefined ? {} : { encodedAuthorizationMessage: encoded }) },
        requestId,
        request,
      );
    void reply
      .status(status)
      .header('x-amzn-requestid', requestId)
      .send(errorBody(code, message, requestId, encoded));
  }

  private describe(exception: unknown, request: FastifyRequest, requestId: string) {
    if (exception instanceof IamError) {
      return { status: errorStatus[exception.code], code: exception.code, message: exception.message };
    }
    if (exception instanceof ProtocolError) {
      return { status: exception.status, code: exception.code, message: exception.message };
    }
    const coded = codeOf(exception);
    if (coded && coded in errorStatus) {
      const code = coded as IamErrorCode;
      return { status: errorStatus[code], code, message: (exception as Error).message };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) {
        return {
          status,
          code: 'NotFound',
          message: `No route for ${request.method} ${request.url.split('?')[0]}`,
        };
      }
      if (status < 500) return { status, code: httpCode(status), message: httpMessage(exception) };
    }
    const fastifyStatus = statusOf(exception);
    if (fastifyStatus !== undefined && fastifyStatus >= 400 && fastifyStatus < 500) {
      // Fastify's own rejections: malformed JSON, unsupported content type, body too large.
      return { status: fastifyStatus, code: httpCode(fastifyStatus), message: (exception as Error).message };
    }
    if (isConnectionError(exception)) {
      // The database went away mid-request (a restart, a failover): the caller's
      // problem is ours, and temporary.
      this.logger.warn({ err: exception, requestId }, 'database connection lost during a request');
      return {
        status: 503,
        code: 'ServiceUnavailable',
        message: 'The service lost its database connection while handling the request; retry.',
      };
    }
    this.logger.error(
      { err: exception, requestId, method: request.method, url: request.url },
      'unhandled error',
    );
    return {
      status: 500,
      code: 'InternalFailure',
      message: 'The request processing has failed because of an unknown error.',
    };
  }
}

function codeOf(exception: unknown): string | undefined {
  return typeof exception === 'object' &&
    exception !== null &&
    typeof (exception as { code?: unknown }).code === 'string'
    ? (exception as { code: string }).code
    : undefined;
}

function statusOf(exception: unknown): number | undefined {
  const value = (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof value === 'number' ? value : undefined;
}

function httpCode(status: number): string {
  switch (status) {
    case 400:
      return 'ValidationError';
    case 401:
    case 403:
      return 'AccessDenied';
    case 405:
      return 'MethodNotAllowed';
    case 413:
      return 'RequestEntityTooLarge';
    case 415:
      return 'UnsupportedMediaType';
    case 429:
      return 'Throttling';
    default:
      return 'InvalidRequest';
  }
}

function httpMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message ?? exception.message);
}
