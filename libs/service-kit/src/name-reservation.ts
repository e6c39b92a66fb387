import { IamError } from '@iam/contracts';
import { sqlErrorCode, UNIQUE_VIOLATION } from '@iam/event-store';

/**
 * Runs `work` and turns a violated unique index that holds the entity's
 * name (the same-transaction name reservation) into AWS's
 * EntityAlreadyExists. Name every unique index the insert can violate on a
 * duplicate name: two creates of one name that race past the existence
 * check meet whichever index Postgres checks first (for a managed policy
 * that is its ARN's, not the name's), and a violation not named here stays
 * an unexpected error.
 */
export async function reservingName<T>(
  work: () => Promise<T>,
  constraints: string | readonly string[],
  alreadyExists: () => IamError,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const message = String((error as Error).message);
    const names = typeof constraints === 'string' ? [constraints] : constraints;
    if (sqlErrorCode(error) === UNIQUE_VIOLATION && names.some((name) => message.includes(`"${name}"`))) {
      throw alreadyExists();
    }
    throw error;
  }
}
