/**
 * `iam-admin`: the operators' command line, against standalone data (a
 * PGlite data directory, the server stopped) or the distributed services'
 * Postgres (DATABASE_URL, with IAM_SCHEMA_PREFIX if they use one) and Kafka
 * (KAFKA_BROKERS). `iam-admin --help`, `iam-admin <command> --help`.
 */
import { Command, CommanderError } from 'commander';
import { UsageError, type AdminIo } from './admin-context';
import { adminCommands } from './commands';

/** Runs one command line; resolves with its exit code (0 done, 1 failed, 2 usage). */
export async function runAdmin(argv: string[], io: AdminIo): Promise<number> {
  const program = new Command('iam-admin')
    .description(
      'Operate the IAM services: rebuild projections, show lag, replay dead letters, back up and restore accounts, break-glass root keys, rotate key-encryption keys, verify the audit trail.\n' +
        'Database: DATABASE_URL (Postgres), else the standalone data directory (--data-dir, IAM_DATA_DIR, ./.iam-data).',
    )
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.err(text) })
    .showHelpAfterError();
  for (const register of adminCommands) register(program, io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof UsageError) {
      io.err(`iam-admin: ${error.message}\n`);
      return 2;
    }
    io.err(`iam-admin: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

/** The process's command line, streams and exit code (`bin/iam-admin.js`, `node dist/tools/cli/iam-admin.js`). */
export function main(): void {
  void runAdmin(process.argv.slice(2), {
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readStdin,
  }).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) main();
