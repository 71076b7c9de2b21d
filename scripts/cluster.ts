/**
 * `npm run cluster`: brings the production topology up on loopback in the foreground (PostgreSQL, the four
 * Temporal services, versitygw with a bucket, three `director worker` processes), prints the addresses and
 * the environment lines a shell needs to use it, and stops everything on Ctrl-C.
 *   npm run cluster                         three workers, the model chosen as `director worker` does
 *   npm run cluster -- --workers 1 --keep   one worker; keep the temporary folder (logs, data) afterwards
 */
import { parseArgs } from 'node:util';
import { stopOnSignals } from '../src/cluster/processes';
import { startTopology } from '../src/cluster/topology';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { workers: { type: 'string', default: '3' }, keep: { type: 'boolean', default: false } },
    strict: true,
  });
  const workers = Number(values.workers);
  if (!Number.isInteger(workers) || workers < 0 || workers > 16) {
    throw new Error(`--workers must be a whole number from 0 to 16, got ${JSON.stringify(values.workers)}`);
  }
  const log = (message: string) => console.log(`[cluster] ${message}`);
  const inherited = Object.fromEntries(
    [
      'DIRECTOR_MODEL',
      'GEMINI_API_KEY',
      'DIRECTOR_INPUT_DIRS',
      'DIRECTOR_FAKE_LATENCY_MS',
      'DIRECTOR_FAKE_TEXT_LATENCY_MS',
    ]
      .filter((name) => process.env[name])
      .map((name) => [name, process.env[name]]),
  );
  let stop: () => Promise<void> = async () => {};
  stopOnSignals(() => stop(), log);
  const topology = await startTopology({ workers, workerEnv: inherited, keepFolder: values.keep, log });
  stop = () => topology.stop();
  const processes = topology.temporal.processes();
  console.log(`
Production topology up in ${topology.timings.total?.toFixed(1)} s (folder ${topology.folder}):
  PostgreSQL       ${topology.postgres.host}:${topology.postgres.port} (user ${topology.postgres.user}, log ${topology.postgres.logFile})
  Temporal         frontend ${topology.temporal.address}, HTTP ${topology.temporal.httpAddress}
${Object.values(processes)
  .map((p) => `    ${p.name.padEnd(18)} pid ${p.pid}, log ${p.logFile}`)
  .join('\n')}
  S3 (versitygw)   ${topology.s3.endpoint}, bucket ${topology.s3.bucket}, store ${topology.storeUri}
${topology.workers.map((w) => `  ${w.name.padEnd(16)} pid ${w.process.pid}, log ${w.process.logFile}`).join('\n')}

Use it from another shell:
${Object.entries(topology.clientEnv)
  .map(([name, value]) => `  export ${name}=${value}`)
  .join('\n')}
  node bin/director.js run ecommerce --image ./shirt.jpg

Ctrl-C stops everything${values.keep ? ' (the folder is kept)' : ' and removes the folder'}.`);
  await new Promise<never>(() => {});
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
