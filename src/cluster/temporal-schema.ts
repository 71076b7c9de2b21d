/**
 * Temporal's databases and schemas on the harness's PostgreSQL, with `temporal-sql-tool` as the project's
 * compose file does: create `temporal` and `temporal_visibility`, set up the versioning tables (version 0.0)
 * and update to the newest version. The v1.32 tool embeds the schema files (`--schema-name
 * postgresql/v12/...`), so the server's module source is not needed.
 */
import type { Postgres } from './postgres';
import { runCommand } from './run-command';

/** The databases of the default store and of visibility (the SQL visibility store custom attributes need). */
export const TEMPORAL_DATABASES = { default: 'temporal', visibility: 'temporal_visibility' } as const;

/** Creates both databases and brings their schemas to the newest version the tool knows. */
export async function setUpTemporalSchemas(
  sqlTool: string,
  postgres: Postgres,
  log: (message: string) => void,
): Promise<void> {
  const common = ['--plugin', 'postgres12', '--endpoint', postgres.host, '--port', String(postgres.port)];
  common.push('--user', postgres.user);
  for (const [kind, database] of Object.entries(TEMPORAL_DATABASES)) {
    const tool = (args: string[], what: string) =>
      runCommand(sqlTool, [...common, '--database', database, ...args], { what });
    await tool(['create-database'], `create database ${database}`);
    await tool(['setup-schema', '--version', '0.0'], `set up the ${database} schema`);
    await tool(
      ['update-schema', '--schema-name', `postgresql/v12/${kind === 'default' ? 'temporal' : 'visibility'}`],
      `update the ${database} schema`,
    );
    log(`schema ${database} ready`);
  }
}
