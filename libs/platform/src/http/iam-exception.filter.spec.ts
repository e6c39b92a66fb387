import type { ArgumentsHost } from '@nestjs/common';
import type { Logger } from 'pino';
import { IamExceptionFilter } from './iam-exception.filter';

/** Runs the filter on `exception` and returns what it answered. */
function answer(exception: unknown): { status: number; body: { error: { code: string; message: string } } } {
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
  new IamExceptionFilter(logger).catch(exception, host);
  return sent as { status: number; body: { error: { code: string; message: string } } };
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
});
