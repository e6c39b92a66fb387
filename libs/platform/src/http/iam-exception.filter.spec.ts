import type { ArgumentsHost } from '@nestjs/common';
import type { Logger } from 'pino';
import { IamError } from '@iam/contracts';
import type { DenialEncoder } from './denial-encoder';
import { IamExceptionFilter } from './iam-exception.filter';

/** Runs the filter on `exception` and returns what it answered. */
function answer(
  exception: unknown,
  denials?: DenialEncoder,
): {
  status: number;
  body: { error: { code: string; message: string; encodedAuthorizationMessage?: string } };
} {
  const sent: { status: number; body: unknown } = { status: 0, body: undefined };
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header() {
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const host = {
    switchToHttp: () => ({
      getRequest: () => ({ id: 'r-1', method: 'POST', url: '/v1/users' }),
      getResponse: () => reply,
    }),
  } as unknown as ArgumentsHost;
  const logger = { error: () => undefined, warn: () => undefined } as unknown as Logger;
  new IamExceptionFilter(logger, denials).catch(exception, host);
  return sent as ReturnType<typeof answer>;
}

describe('IamExceptionFilter', () => {
  it('answers a database connection lost mid-request with a retryable 503, not a 500', () => {
    const terminated = Object.assign(new Error('terminating connection due to administrator command'), {
      code: '57P01',
    });
    for (const error of [terminated, new Error('Connection terminated unexpectedly')]) {
      const { status, body } = answer(error);
      expect(status).toBe(503);
      expect(body.error.code).toBe('ServiceUnavailable');
      expect(body.error.message).not.toMatch(/administrator|terminated/);
    }
  });

  it('answers anything else unexpected with a 500 that tells nothing of it', () => {
    const { status, body } = answer(new Error('secret detail'));
    expect(status).toBe(500);
    expect(body.error.code).toBe('InternalFailure');
    expect(body.error.message).not.toContain('secret detail');
  });

  it('gives every AccessDenied an encoded authorization message, and nothing else one', () => {
    const denials: DenialEncoder = { encodeDenial: (_request, message) => `sealed(${message})` };
    const engine = new IamError('AccessDenied', 'denied by a policy');
    engine.encodedAuthorizationMessage = 'sealed-by-the-authorizer';
    expect(answer(engine, denials).body.error).toEqual({
      code: 'AccessDenied',
      message: 'denied by a policy',
      requestId: 'r-1',
      encodedAuthorizationMessage: 'sealed-by-the-authorizer',
    });
    // A denial a handler decided gets one from the encoder.
    expect(answer(new IamError('AccessDenied', 'old password wrong'), denials).body.error).toMatchObject({
      encodedAuthorizationMessage: 'sealed(old password wrong)',
    });
    expect(answer(new IamError('NoSuchEntity', 'no user'), denials).body.error).not.toHaveProperty(
      'encodedAuthorizationMessage',
    );
    // A process without auth answers the error alone.
    expect(answer(new IamError('AccessDenied', 'denied')).body.error).not.toHaveProperty(
      'encodedAuthorizationMessage',
    );
  });
});
