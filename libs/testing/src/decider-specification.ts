import { fold, IamError, type Decider, type IamErrorCode, type NewEvent } from '@iam/contracts';

/**
 * Given events / when command / then events or error, as emmett's
 * DeciderSpecification reads. For `*.decider.spec.ts` only (uses Jest's expect).
 */
export function deciderSpecification<TCommand, TEvent extends NewEvent, TState>(
  decider: Decider<TCommand, TEvent, TState>,
) {
  return (given: readonly TEvent[] = []) => ({
    when: (command: TCommand) => {
      const run = () => decider.decide(command, fold(decider, given));
      return {
        then: (expected: readonly TEvent[]) => {
          const events = run();
          expect(events).toEqual(expected);
          // Raised events must fold without surprises.
          expect(() => [...given, ...events].reduce(decider.evolve, decider.initialState())).not.toThrow();
          return events;
        },
        thenNothing: () => expect(run()).toEqual([]),
        thenThrows: (code: IamErrorCode, message?: string | RegExp) => {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(IamError);
          expect((caught as IamError).code).toBe(code);
          if (message !== undefined) expect((caught as IamError).message).toMatch(message);
        },
      };
    },
  });
}
