/**
 * The stream moved on since the command read it: someone else appended. The
 * edge answers 409 ConcurrentModification; the caller may retry.
 */
export class ConcurrencyError extends Error {
  readonly code = 'ConcurrentModification';

  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number | undefined,
  ) {
    super(
      actualVersion === undefined
        ? `Stream ${streamId} was modified concurrently; retry the request.`
        : `Stream ${streamId} is at version ${actualVersion}, expected ${expectedVersion}; retry the request.`,
    );
    this.name = 'ConcurrencyError';
  }
}
