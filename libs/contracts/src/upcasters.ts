import type { EventEnvelope } from './event-envelope';

/**
 * Turns an event stored with an older schema version into the current shape.
 * Stored events are never rewritten; readers upcast on the way in.
 */
export type Upcaster = (payload: unknown) => unknown;

export interface UpcasterRegistration {
  type: string;
  fromVersion: number;
  upcast: Upcaster;
}

export function createUpcaster(registrations: UpcasterRegistration[]) {
  const byKey = new Map(registrations.map((r) => [`${r.type}@${r.fromVersion}`, r.upcast]));
  return function upcast<T extends EventEnvelope>(envelope: T): T {
    let current = envelope;
    for (;;) {
      const step = byKey.get(`${current.type}@${current.schemaVersion}`);
      if (!step) return current;
      current = { ...current, schemaVersion: current.schemaVersion + 1, payload: step(current.payload) };
    }
  };
}
