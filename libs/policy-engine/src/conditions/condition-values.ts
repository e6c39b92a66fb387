import type { ContextScalar } from '../evaluation/authorization-request';

/**
 * Conversions between the JSON/context representations of condition values
 * and what the operators compare: numbers, instants, booleans.
 */

// ISO 8601 as AWS accepts it: a date, optionally a time with seconds,
// fractions and a zone. Epoch seconds are handled separately.
const ISO_DATE =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?)?$/;
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
  // Requests of the same second carry the same aws:CurrentTime text: remember the last one.
  if (value === lastInstantText) return lastInstant;
  const instant = parseInstant(value);
  lastInstantText = value;
  lastInstant = instant;
  return instant;
}

let lastInstantText = '';
let lastInstant = NaN;

function parseInstant(value: string): number {
  if (value.length === 20 && value.charCodeAt(19) === 90 /* Z */) {
    const fast = parseUtcSeconds(value);
    if (!Number.isNaN(fast)) return fast;
  }
  if (EPOCH.test(value)) return Number(value) * 1000;
  const m = ISO_DATE.exec(value);
  if (!m) return NaN;
  const [, date, time, fraction, zone] = m;
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const hour = time === undefined ? 0 : Number(time.slice(0, 2));
  const minute = time === undefined ? 0 : Number(time.slice(3, 5));
  const second = time === undefined || time.length === 5 ? 0 : Number(time.slice(6, 8));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return NaN;
  const millis = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (new Date(local).getUTCDate() !== day) return NaN;
  // A time without a zone is read as UTC, never as the host's zone.
  if (zone === undefined || zone === 'Z') return local;
  const sign = zone[0] === '-' ? -1 : 1;
  const offsetMinutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2));
  return local - sign * offsetMinutes * 60_000;
}

/** `YYYY-MM-DDTHH:MM:SSZ`, the form services put in aws:CurrentTime, without regex or Date.parse. */
function parseUtcSeconds(v: string): number {
  const n = (from: number, len: number): number => {
    let out = 0;
    for (let i = from; i < from + len; i++) {
      const d = v.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return NaN;
      out = out * 10 + d;
    }
    return out;
  };
  if (v[4] !== '-' || v[7] !== '-' || v[10] !== 'T' || v[13] !== ':' || v[16] !== ':') return NaN;
  const year = n(0, 4);
  const month = n(5, 2);
  const day = n(8, 2);
  const hour = n(11, 2);
  const minute = n(14, 2);
  const second = n(17, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return NaN;
  const time = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 31 February over into March; such a date is invalid, not a later one.
  return new Date(time).getUTCDate() === day ? time : NaN;
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
