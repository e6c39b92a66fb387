import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { DataDirectoryInUse, DataDirectoryLock, LockFileName, processStartTime } from './data-directory-lock';

describe('DataDirectoryLock: one process per standalone data directory', () => {
  let dir: string;
  let lockFile: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'iam-lock-'));
    lockFile = path.join(dir, LockFileName);
  });

  const writeHolder = (holder: Record<string, unknown>) =>
    writeFileSync(
      lockFile,
      JSON.stringify({ host: hostname(), since: '2026-01-01T00:00:00.000Z', nonce: 'n', ...holder }),
    );
  const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid as number;

  it('creates a 0600 lock file naming this process, and removes it on release', () => {
    const lock = DataDirectoryLock.acquire(dir);
    expect(statSync(lockFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    lock.release();
    expect(existsSync(lockFile)).toBe(false);
    DataDirectoryLock.acquire(dir).release();
  });

  it('refuses a second open in the same process', () => {
    const lock = DataDirectoryLock.acquire(dir);
    expect(() => DataDirectoryLock.acquire(dir)).toThrow(/already open in this process/);
    lock.release();
  });

  it('refuses a directory held by a live process, naming its pid, and leaves its lock alone', () => {
    // The parent of this test process is alive and started at the time recorded.
    const pid = process.ppid;
    writeHolder({ pid, startTime: processStartTime(pid) });
    const before = readFileSync(lockFile, 'utf8');
    expect(() => DataDirectoryLock.acquire(dir)).toThrow(DataDirectoryInUse);
    expect(() => DataDirectoryLock.acquire(dir)).toThrow(`is in use by process ${pid}`);
    expect(readFileSync(lockFile, 'utf8')).toBe(before);
  });

  it('takes over the lock of a dead process (kill -9, crash)', () => {
    writeHolder({ pid: deadPid(), startTime: '1' });
    const lock = DataDirectoryLock.acquire(dir);
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock whose pid now belongs to a process started at another time (pid reuse)', () => {
    const pid = process.ppid;
    if (processStartTime(pid) === null) return; // no /proc: pid reuse cannot be told apart here
    writeHolder({ pid, startTime: 'another-time' });
    DataDirectoryLock.acquire(dir).release();
  });

  it("takes over a lock naming this process's own pid (a restarted container is pid 1 again)", () => {
    writeHolder({ pid: process.pid, startTime: processStartTime(process.pid) });
    DataDirectoryLock.acquire(dir).release();
  });

  it('never takes over a lock written on another host: it cannot be checked from here', () => {
    writeHolder({ pid: deadPid(), startTime: null, host: 'elsewhere.example' });
    expect(() => DataDirectoryLock.acquire(dir)).toThrow(
      /locked by process \d+ on host elsewhere\.example .*If that process no longer runs, delete/,
    );
  });

  it('waits out a lock file still being written, and takes over one left empty long ago', () => {
    writeFileSync(lockFile, '');
    expect(() => DataDirectoryLock.acquire(dir)).toThrow(/being locked by another process just now/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockFile, old, old);
    DataDirectoryLock.acquire(dir).release();
  });

  it('removes a stale lock only under the takeover guard, so two starters cannot both take it', () => {
    writeHolder({ pid: deadPid(), startTime: '1' });
    const guard = path.join(dir, `${LockFileName}.takeover`);
    writeFileSync(guard, '1\n');
    expect(() => DataDirectoryLock.acquire(dir)).toThrow(/being taken over by another process/);
    expect(existsSync(lockFile)).toBe(true);
    const old = new Date(Date.now() - 60_000);
    utimesSync(guard, old, old);
    // A guard left by a crash is cleared.
    DataDirectoryLock.acquire(dir).release();
    expect(existsSync(guard)).toBe(false);
  });

  it('does not remove a lock that is no longer its own on release', () => {
    const lock = DataDirectoryLock.acquire(dir);
    writeHolder({ pid: 12345, startTime: null });
    lock.release();
    expect(existsSync(lockFile)).toBe(true);
  });
});
