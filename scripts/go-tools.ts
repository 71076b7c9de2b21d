/**
 * `npm run go-tools`: builds (or finds in the cache) the pinned Go programs of the production topology, so
 * that a later cluster run starts at once. Prints each program's path.
 */
import { resolveGoTool } from '../src/tools/go-tools';
import { TEMPORAL_SERVER, TEMPORAL_SQL_TOOL, VERSITYGW } from '../src/tools/go-tool-pins';

async function main(): Promise<void> {
  for (const pin of [VERSITYGW, TEMPORAL_SQL_TOOL, TEMPORAL_SERVER]) {
    const tool = await resolveGoTool(pin, { log: (message) => console.error(message) });
    console.log(`${pin.name} ${pin.version}: ${tool.path} (${tool.source})`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
