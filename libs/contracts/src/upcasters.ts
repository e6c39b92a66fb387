import type { EventEnvelope } from './event-envelope';

/**
 * Turns the payload of an event stored or published with an older schema
 * version into the next version's shape. Stored events are never rewritten;
 * readers upcast on the way in.
 */
export type Upcaster = (payload: unknown) => unknown;

export interface UpcasterRegistration {
  type: string;
  /** The version this step reads; it produces `fromVersion + 1`. */
  fromVersion: number;
  upcast: Upcaster;
}

/** Brings an envelope to its type's current schema version (unchanged when no step applies). */
export type Upcast = <T extends EventEnvelope>(envelope: T) => T;

export const noUpcast: Upcast = (envelope) => envelope;

export function createUpcaster(registrations: readonly UpcasterRegistration[]): Upcast {
  const byKey = new Map(registrations.map((r) => [`${r.type}@${r.fromVersion}`, r.upcast]));
  if (byKey.size === 0) return noUpcast;
  return function upcast<T extends EventEnvelope>(envelope: T): T {
    let current = envelope;
    for (;;) {
      const step = byKey.get(`${current.type}@${current.schemaVersion}`);
      if (!step) return current;
      current = { ...current, schemaVersion: current.schemaVersion + 1, payload: step(current.payload) };
    }
  };
}
