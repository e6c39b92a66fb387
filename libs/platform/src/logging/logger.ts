import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stdout. The redact list is a second line of
 * defence: no code path should log a secret in the first place.
 */
export function createLogger(level: string, service: string): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        '*.password',
        '*.oldPassword',
        '*.newPassword',
        '*.base32StringSeed',
        '*.secretAccessKey',
        '*.sessionToken',
        '*.authorization',
        '*.headers.authorization',
        '*.headers["x-amz-security-token"]',
      ],
      censor: '[redacted]',
    },
  });
}

/** Routes Nest's own log lines through pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  // Nest's own chatter (module init, one line per mapped route) is debug;
  // the service's own start-up line says what matters.
  log(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
