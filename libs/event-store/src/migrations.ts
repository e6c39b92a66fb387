import { identifier, type SqlDatabase } from './sql-database';

/** A versioned schema change; `sql` may hold several statements and uses `{schema}` for the schema name. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Applies the missing migrations of one schema, in version order. Safe from
 * several replicas at once: a transaction-scoped advisory lock per schema
 * makes the others wait, then find nothing left to do.
 */
export async function runMigrations(
  db: SqlDatabase,
  schema: string,
  migrations: Migration[],
): Promise<number[]> {
  const quoted = identifier(schema);
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  assertUniqueVersions(schema, sorted);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`migrations:${schema}`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await tx.query(
      `CREATE TABLE IF NOT EXISTS ${quoted}.schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const { rows } = await tx.query<{ version: number }>(`SELECT version FROM ${quoted}.schema_migrations`);
    const applied = new Set(rows.map((row) => Number(row.version)));
    const done: number[] = [];
    for (const migration of sorted) {
      if (applied.has(migration.version)) continue;
      for (const statement of splitStatements(migration.sql.replaceAll('{schema}', quoted))) {
        await tx.query(statement);
      }
      await tx.query(`INSERT INTO ${quoted}.schema_migrations (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}

function assertUniqueVersions(schema: string, migrations: Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i].version === migrations[i - 1].version) {
      throw new Error(`schema ${schema}: two migrations with version ${migrations[i].version}`);
    }
  }
}

// Statements run one by one inside the migration transaction (the extended
// query protocol takes one statement at a time). Migrations keep `;` out of
// string literals and function bodies, so a split on `;` at line ends holds.
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}
