import { Command } from 'commander';
import type { AdminIo } from './admin-context';
import { adminCommands } from './commands';
import { runAdmin } from './iam-admin';

function capture(): AdminIo & { stdout: string; stderr: string } {
  const io = {
    env: {},
    stdout: '',
    stderr: '',
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
    readStdin: async () => '',
  };
  return io;
}

/** Every command path of the program, e.g. ['dead-letters', 'replay']. */
function commandPaths(): string[][] {
  const program = new Command('iam-admin');
  for (const register of adminCommands) register(program, capture());
  const paths: string[][] = [];
  const walk = (command: Command, path: string[]) => {
    for (const sub of command.commands) {
      paths.push([...path, sub.name()]);
      walk(sub, [...path, sub.name()]);
    }
  };
  walk(program, []);
  return paths;
}

describe('iam-admin command line', () => {
  it('lists every command in its help', async () => {
    const io = capture();
    expect(await runAdmin(['--help'], io)).toBe(0);
    for (const name of ['rebuild', 'lag', 'dead-letters', 'accounts', 'root-key'])
      expect(io.stdout).toContain(name);
  });

  it.each(commandPaths().map((path) => [path.join(' '), path]))('has --help on `%s`', async (_, path) => {
    const io = capture();
    expect(await runAdmin([...(path as string[]), '--help'], io)).toBe(0);
    expect(io.stdout).toContain(`Usage: iam-admin ${(path as string[]).join(' ')}`);
  });

  it('answers a wrong command line with exit code 1 and what was wrong, without touching a database', async () => {
    const io = capture();
    expect(await runAdmin(['rebuild', 'identity'], io)).toBe(1);
    expect(io.stderr).toContain("missing required argument 'projection'");
  });

  it('refuses a malformed argument with exit code 2 before opening anything', async () => {
    const io = capture();
    expect(await runAdmin(['root-key', 'create', '--account', '12'], io)).toBe(2);
    expect(io.stderr).toContain('--account must be 12 digits');
    const replay = capture();
    expect(await runAdmin(['dead-letters', 'replay', 'iam.identity.v1', 'x'], replay)).toBe(2);
    expect(replay.stderr).toContain('offset must be a whole number');
  });

  it('says where standalone data is missing when no DATABASE_URL is given', async () => {
    const io = capture();
    expect(await runAdmin(['lag', '--data-dir', '/nonexistent/iam-data'], io)).toBe(2);
    expect(io.stderr).toContain('no standalone data in /nonexistent/iam-data');
  });
});
