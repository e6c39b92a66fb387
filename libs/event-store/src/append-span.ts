import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { NewEvent } from '@iam/contracts';

const tracer = trace.getTracer('@iam/event-store');

/**
 * Runs an append in a span of its own (a no-op while tracing is off). The
 * outbox rows written inside it store this span's context, so the relay's
 * send span, however much later, is its child.
 */
export function inAppendSpan<T>(
  streamId: string,
  expected: number | 'any',
  events: NewEvent[],
  append: () => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(
    'event-store append',
    {
      attributes: {
        'db.system.name': 'postgresql',
        'iam.stream.id': streamId,
        'iam.stream.expected_version': String(expected),
        'iam.event.types': events.map((event) => event.type),
      },
    },
    async (span) => {
      try {
        return await append();
      } catch (error) {
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
