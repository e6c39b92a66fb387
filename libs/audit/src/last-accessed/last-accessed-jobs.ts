/**
 * How long a GetServiceLastAccessedDetails job stays readable after it was
 * generated (AWS names no figure): a week, long past any paginator's last
 * page. Older jobs are NoSuchEntity and are deleted as new ones are made.
 */
export const LAST_ACCESSED_JOB_RETENTION_MS = 7 * 24 * 3_600_000;

/**
 * The most jobs one requester keeps: generating more deletes its oldest,
 * so a caller allowed the action cannot grow the table without bound.
 */
export const LAST_ACCESSED_JOBS_PER_REQUESTER = 100;

/** Jobs generated before this time have expired. */
export function lastAccessedJobsExpireBefore(now: Date): string {
  return new Date(now.getTime() - LAST_ACCESSED_JOB_RETENTION_MS).toISOString();
}
