import type { NewEvent } from './event-envelope';

/**
 * The shape every slice's domain follows (emmett's decider): `decide` turns a
 * command and the current state into new events or throws an IamError;
 * `evolve` folds one event into the state. Both are pure.
 */
export interface Decider<TCommand, TEvent extends NewEvent, TState> {
  initialState: () => TState;
  evolve: (state: TState, event: TEvent) => TState;
  decide: (command: TCommand, state: TState) => TEvent[];
}

/** Replays a stream's events into state. */
export function fold<TEvent extends NewEvent, TState>(
  decider: Pick<Decider<unknown, TEvent, TState>, 'initialState' | 'evolve'>,
  events: readonly TEvent[],
): TState {
  return events.reduce(decider.evolve, decider.initialState());
}

/**
 * A typed event constructor for one slice's event union: the payload is
 * checked against the type it is raised with, and every event carries the
 * slice's current schema version.
 */
export function eventsOf<TEvent extends NewEvent>(schemaVersion: number) {
  return function event<TType extends TEvent['type']>(
    type: TType,
    payload: Extract<TEvent, { type: TType }>['payload'],
  ): Extract<TEvent, { type: TType }> {
    return { type, schemaVersion, payload } as Extract<TEvent, { type: TType }>;
  };
}
