import type { Decider, EventMetadata, NewEvent } from '@iam/contracts';
import type { EventStore, Queryable } from '@iam/event-store';

export interface Decided<TState, TEvent> {
  /** State before the command. */
  before: TState;
  /** State after the new events. */
  after: TState;
  events: TEvent[];
}

/**
 * The one way a command changes an aggregate: read its stream, fold the
 * state, decide, append at the version read (a concurrent writer gets
 * ConcurrentModification), all in the caller's transaction.
 */
export async function executeOnStream<TCommand, TEvent extends NewEvent, TState>(
  store: EventStore,
  tx: Queryable,
  decider: Decider<TCommand, TEvent, TState>,
  streamId: string,
  command: TCommand,
  metadata: EventMetadata,
): Promise<Decided<TState, TEvent>> {
  const history = await store.readStream<TEvent>(streamId, tx);
  const before = history.reduce(decider.evolve, decider.initialState());
  const events = decider.decide(command, before);
  if (events.length > 0) await store.appendWithin(tx, streamId, history.length, events, metadata);
  return { before, after: events.reduce(decider.evolve, before), events };
}

/** Reads an aggregate's current state without changing it. */
export async function loadState<TEvent extends NewEvent, TState>(
  store: EventStore,
  tx: Queryable,
  decider: Pick<Decider<unknown, TEvent, TState>, 'initialState' | 'evolve'>,
  streamId: string,
): Promise<TState> {
  const history = await store.readStream<TEvent>(streamId, tx);
  return history.reduce(decider.evolve, decider.initialState());
}
