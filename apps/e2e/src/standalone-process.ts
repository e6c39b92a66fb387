import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
let built = false;

/** `npm start` without the npm: builds dist/ once per test file, then runs the standalone entry. */
export function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, [path.join(root, 'tools/build.js')], { cwd: root, stdio: 'inherit' });
  built = true;
}

/** A standalone server in its own process, as a developer runs it, with everything it printed. */
export class StandaloneProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;

  constructor(env: Record<string, string>) {
    buildOnce();
    this.child = spawn(process.execPath, [path.join(root, 'dist/apps/standalone/src/main.js')], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** The URL once it listens; rejects with what it printed if it exits first. */
  async ready(timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    while (Date.now() < deadline) {
      const url = /"url":"(http:\/\/[^"]+)","msg":"standalone listening"/.exec(this.stdout)?.[1];
      if (url) return url;
      if (exited) throw new Error(`standalone exited before listening:\n${this.stdout}\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`standalone did not listen within ${timeoutMs} ms:\n${this.stdout}\n${this.stderr}`);
  }

  kill(signal: NodeJS.Signals): Promise<number | null> {
    this.child.kill(signal);
    return this.exited;
  }
}
