import { randomUUID } from 'node:crypto';
import { readFileSync, realpathSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/** The lock file in the data directory; it names the process that holds the directory. */
export const LockFileName = 'iam.lock';
const TakeoverFileName = 'iam.lock.takeover';

/** A lock file that is still being written, or a takeover guard, older than this was abandoned. */
const AbandonedAfterMs = 10_000;

/** What the lock file holds: enough to tell a live holder from a dead one whose pid was reused. */
interface LockHolder {
  pid: number;
  /** Start time of the process in clock ticks since boot (Linux), null where unknown. */
  startTime: string | null;
  host: string;
  since: string;
  /** Tells this lock from an earlier one of a process with the same pid. */
  nonce: string;
}

export class DataDirectoryInUse extends Error {}

/** Paths locked by this process, so a second open in the same process is refused too. */
const lockedHere = new Set<string>();

/**
 * One process per standalone data directory: PGlite is one in-process
 * Postgres, and two of them on one folder each acknowledge writes the other
 * overwrites. The lock file is created with O_EXCL before anything else in
 * the folder is opened, and removed on shutdown. A lock whose process is
 * gone (`kill -9`, a crash) is stale: its pid is dead, or now belongs to a
 * process that started at another time (pid reuse), or is our own pid. A
 * lock written on another host cannot be checked and is never taken over.
 */
export class DataDirectoryLock {
  // An exit without a clean stop (process.exit after a failed start) still leaves the folder free.
  private readonly onExit = () => this.release();
  private released = false;

  private constructor(
    private readonly file: string,
    private readonly content: string,
  ) {
    process.once('exit', this.onExit);
  }

  /** `dataDir` must exist; it is named by its real path, so a symbolic link to it is the same folder. */
  static acquire(dataDir: string): DataDirectoryLock {
    const dir = realpathSync(dataDir);
    const file = path.join(dir, LockFileName);
    if (lockedHere.has(dir)) {
      throw new DataDirectoryInUse(
        `IAM_DATA_DIR ${dir} is already open in this process (pid ${process.pid}): one standalone instance per data directory.`,
      );
    }
    const me: LockHolder = {
      pid: process.pid,
      startTime: processStartTime(process.pid),
      host: hostname(),
      since: new Date().toISOString(),
      nonce: randomUUID(),
    };
    const content = `${JSON.stringify(me)}\n`;
    // Twice at most: a stale lock is removed once, then creation must win or someone else did.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        writeFileSync(file, content, { flag: 'wx', mode: 0o600 });
        lockedHere.add(dir);
        return new DataDirectoryLock(file, content);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const found = readIfExists(file);
      if (found === undefined) continue; // released meanwhile
      const problem = whyNotStale(found, file, dir);
      if (problem) throw new DataDirectoryInUse(problem);
      removeStaleLock(dir, file, found);
    }
    const holder = parseHolder(readIfExists(file) ?? '');
    throw new DataDirectoryInUse(
      `IAM_DATA_DIR ${dir} was locked by another process starting at the same time${
        holder ? ` (pid ${holder.pid})` : ''
      }: one standalone instance per data directory.`,
    );
  }

  /** Removes the lock file if it is still this process's. */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.removeListener('exit', this.onExit);
    lockedHere.delete(path.dirname(this.file));
    if (readIfExists(this.file) === this.content) unlinkSync(this.file);
  }
}

/** Undefined when the lock in `found` is stale; else why the directory cannot be taken. */
function whyNotStale(found: string, file: string, dir: string): string | undefined {
  const holder = parseHolder(found);
  if (!holder) {
    // Created but not yet written (the holder is writing it now), or left empty by a crash.
    return ageMs(file) > AbandonedAfterMs
      ? undefined
      : `IAM_DATA_DIR ${dir} is being locked by another process just now: one standalone instance per data directory.`;
  }
  if (holder.host !== hostname()) {
    return (
      `IAM_DATA_DIR ${dir} is locked by process ${holder.pid} on host ${holder.host} (since ${holder.since}), ` +
      `which this host cannot check. If that process no longer runs, delete ${file}.`
    );
  }
  if (holder.pid === process.pid || !isRunning(holder.pid)) return undefined;
  const startTime = processStartTime(holder.pid);
  if (holder.startTime !== null && startTime !== null && startTime !== holder.startTime) return undefined;
  return (
    `IAM_DATA_DIR ${dir} is in use by process ${holder.pid} (since ${holder.since}): ` +
    'one standalone instance per data directory. Stop that process, or set another IAM_DATA_DIR.'
  );
}

/**
 * Two starters may both find the same stale lock; each must remove only
 * that one, never the fresh lock the other has just created. The re-read
 * and the unlink happen while holding a second O_EXCL file, so they are
 * one step with respect to other starters.
 */
function removeStaleLock(dir: string, file: string, stale: string): void {
  const guard = path.join(dir, TakeoverFileName);
  takeGuard(guard, dir);
  try {
    if (readIfExists(file) === stale) unlinkSync(file);
  } finally {
    unlinkIfExists(guard);
  }
}

/** The guard is held for a re-read and an unlink; one older than that was left by a crash. */
function takeGuard(guard: string, dir: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(guard, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (attempt > 0 || ageMs(guard) <= AbandonedAfterMs) {
      throw new DataDirectoryInUse(
        `IAM_DATA_DIR ${dir} is being taken over by another process just now: one standalone instance per data directory.`,
      );
    }
    unlinkIfExists(guard);
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    return Number.isSafeInteger(value.pid) && (value.pid as number) > 0 && typeof value.host === 'string'
      ? (value as LockHolder)
      : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Field 22 of /proc/<pid>/stat, after the command name (which may hold spaces and parentheses). */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function unlinkIfExists(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
