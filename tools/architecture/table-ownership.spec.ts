import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * No library reads or writes another library's tables by SQL: a need for
 * another library's data is a port that library owns (issue 9). A table
 * belongs to the library whose migrations create it.
 */
const libs = join(__dirname, '..', '..', 'libs');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec|slice-spec)\.ts$/.test(name) ? [path] : [];
  });
}

/**
 * table name → the libraries owning a table of that name, from every
 * `CREATE TABLE {schema}.<name>` (each service has its own schema, so two
 * libraries may each own a `roles` of their own).
 */
function tableOwners(): Map<string, Set<string>> {
  const owners = new Map<string, Set<string>>();
  for (const lib of readdirSync(libs)) {
    for (const file of sourceFiles(join(libs, lib, 'src'))) {
      for (const [, table] of readFileSync(file, 'utf8').matchAll(
        /CREATE TABLE (?:IF NOT EXISTS )?\{schema\}\.(\w+)/g,
      )) {
        owners.set(table, (owners.get(table) ?? new Set()).add(lib));
      }
    }
  }
  return owners;
}

describe('table ownership', () => {
  const owners = tableOwners();

  it('finds the tables of every library that has migrations', () => {
    expect(new Set([...owners.values()].flatMap((libs) => [...libs]))).toEqual(
      new Set(['event-store', 'identity', 'auth', 'policy', 'audit', 'sts']),
    );
    expect(owners.get('authz_principals')).toEqual(new Set(['auth']));
    expect(owners.get('roles')).toEqual(new Set(['identity', 'sts']));
  });

  it('lets no library name a table of another library in its SQL', () => {
    const crossings: string[] = [];
    for (const lib of readdirSync(libs)) {
      for (const file of sourceFiles(join(libs, lib, 'src'))) {
        const text = readFileSync(file, 'utf8');
        // `${identifier(schema)}.users`, `${schema}.users`, `{schema}.users`, `"iam_identity".users`…
        for (const [, table] of text.matchAll(/[}"]\.(\w+)\b/g)) {
          const owning = owners.get(table);
          // A migration may move data out of its own schema's event store (events, outbox…):
          // every service schema has one, and only a migration reads it by SQL.
          if (owning?.has('event-store') && file.endsWith('.migrations.ts')) continue;
          if (owning !== undefined && !owning.has(lib))
            crossings.push(`${relative(libs, file)}: ${table} (${[...owning].join(', ')}'s)`);
        }
      }
    }
    expect(crossings).toEqual([]);
  });
});
