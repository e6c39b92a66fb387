import type { ContextScalar } from '../evaluation/authorization-request';

/**
 * Conversions between the JSON/context representations of condition values
 * and what the operators compare: numbers, instants, booleans.
 */

// ISO 8601 as AWS accepts it: a date, optionally a time with seconds,
// fractions and a zone. Epoch seconds are handled separately.
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?)?$/;
const EPOCH = /^-?\d{1,15}$/;
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A number from a policy or context value, or NaN. */
export function toNumber(value: ContextScalar): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return NaN;
  return NUMERIC.test(value) ? Number(value) : NaN;
}

/** Milliseconds since the epoch from an ISO 8601 string or epoch seconds, or NaN. */
export function toInstant(value: ContextScalar): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value * 1000 : NaN;
  if (typeof value === 'boolean') return NaN;
  if (EPOCH.test(value)) return Number(value) * 1000;
  const m = ISO_DATE.exec(value);
  if (!m) return NaN;
  const [, date, time, fraction, zone] = m;
  if (time === undefined) return Date.parse(`${date}T00:00:00Z`);
  // A time without a zone is read as UTC, never as the host's zone.
  const offset = zone === undefined || zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const millis = fraction === undefined ? '' : `.${fraction.slice(0, 3)}`;
  const seconds = time.length === 5 ? `${time}:00` : time;
  return Date.parse(`${date}T${seconds}${millis}${offset}`);
}

/** `true`/`false` (any case) as a boolean, or `undefined`. */
export function toBool(value: ContextScalar): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const lower = String(value).toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

export function isNumericText(text: string): boolean {
  return NUMERIC.test(text);
}

export function isBase64Text(text: string): boolean {
  return text.length > 0 && BASE64.test(text);
}

/** A context scalar as the string operators see it. */
export function toConditionString(value: ContextScalar): string {
  return typeof value === 'string' ? value : String(value);
}
