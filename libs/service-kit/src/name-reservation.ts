import { IamError } from '@iam/contracts';
import { sqlErrorCode, UNIQUE_VIOLATION } from '@iam/event-store';

/**
 * Runs `work` and turns a violated name index (the same-transaction name
 * reservation) into AWS's EntityAlreadyExists.
 */
export async function reservingName<T>(
  work: () => Promise<T>,
  constraint: string,
  alreadyExists: () => IamError,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (sqlErrorCode(error) === UNIQUE_VIOLATION && String((error as Error).message).includes(constraint)) {
      throw alreadyExists();
    }
    throw error;
  }
}
