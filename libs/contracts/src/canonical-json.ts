/**
 * JSON with keys sorted at every level and undefined members left out, so a
 * hash or MAC over it does not depend on key order (the audit trail's hash
 * chain, the event MAC).
 *
 * Written as plain loops: every published event and every consumed one is
 * put through it (its MAC), so it is on the hot path of every service.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // As Array.prototype.join: an element with no JSON (undefined, a function) is left empty.
      out += canonicalJson(value[i]) ?? '';
    }
    return `${out}]`;
  }
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object).sort(byCodeUnits);
    let out = '{';
    let first = true;
    for (const key of keys) {
      const member = object[key];
      if (member === undefined) continue;
      out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
      first = false;
    }
    return `${out}}`;
  }
  return JSON.stringify(value);
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
