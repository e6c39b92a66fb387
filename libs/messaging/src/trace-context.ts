import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';

/**
 * A span context written as text fields by the registered propagator (W3C
 * `traceparent`, and `tracestate` when there is one): what the outbox stores
 * with an event and what travels in a message's headers.
 */
export type TraceCarrier = Record<string, string>;

/**
 * The given (default: active) context as a carrier; undefined when there is
 * nothing to carry. With tracing off the API's no-op propagator writes
 * nothing, so this costs one empty object.
 */
export function traceCarrierOf(from: Context = context.active()): TraceCarrier | undefined {
  const carrier: TraceCarrier = {};
  propagation.inject(from, carrier);
  return Object.keys(carrier).length > 0 ? carrier : undefined;
}

/** The remote span context a carrier holds, to continue its trace (the root context when there is none). */
export function contextOfCarrier(carrier: TraceCarrier | null | undefined): Context {
  return carrier ? propagation.extract(ROOT_CONTEXT, carrier) : ROOT_CONTEXT;
}

/** The propagator's fields of a Kafka message's headers (values arrive as Buffers). */
export function carrierOfKafkaHeaders(headers: IHeaders | undefined): TraceCarrier | undefined {
  if (!headers) return undefined;
  const carrier: TraceCarrier = {};
  for (const field of propagation.fields()) {
    const value = headers[field];
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) carrier[field] = first.toString();
  }
  return Object.keys(carrier).length > 0 ? carrier : undefined;
}
