/**
 * The test command: starts one Temporal dev server and builds the workflow bundle once, then runs every
 * `test/**\/*.test.ts` file with Node's test runner against them, and stops the server.
 * `npm test -- test/some.test.ts` runs just the named files. `test/cluster/` and `test/catalog-scale/` are left to `npm run test:cluster` and `npm run test:catalog`.
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { startTestServer, TEST_ENV } from './helpers/test-server';

/**
 * Suites run by a command of their own: `npm run test:cluster` starts the production topology for
 * test/cluster; `npm run test:catalog` runs the heavy catalog suite (hundreds of lines, killed workers).
 */
const OWN_RUNNER = [path.join(__dirname, 'cluster'), path.join(__dirname, 'catalog-scale')];

const inside = (file: string, folder: string) => `${file}${path.sep}`.startsWith(folder + path.sep);

/** Test files under `folder`, leaving out the suites with a runner of their own unless `folder` is in one. */
async function findTestFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const skipped = OWN_RUNNER.filter((own) => !inside(folder, own));
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .filter((entry) => !skipped.some((own) => inside(entry.parentPath, own)))
    .map((entry) => path.relative(process.cwd(), path.join(entry.parentPath, entry.name)))
    .sort();
}

/** Test files as named, with folders expanded to the test files under them. */
async function expand(paths: string[]): Promise<string[]> {
  const lists = await Promise.all(
    paths.map(async (p) => ((await stat(p)).isDirectory() ? findTestFiles(path.resolve(p)) : [p])),
  );
  return lists.flat();
}

async function main(): Promise<number> {
  const requested = process.argv.slice(2);
  const files = requested.length > 0 ? await expand(requested) : await findTestFiles(__dirname);
  // A command that runs no test would pass without checking anything.
  if (files.length === 0) throw new Error(`no test files in ${requested.join(', ') || __dirname}`);
  const log = (message: string) => console.log(`[test-server] ${message}`);
  const { server, bundleDir } = await startTestServer(log);
  log(`dev server at ${server.address}, Web UI ${server.uiUrl}`);
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
      stdio: 'inherit',
      env: {
        ...process.env,
        [TEST_ENV.address]: server.address,
        [TEST_ENV.uiUrl]: server.uiUrl,
        [TEST_ENV.bundle]: bundleDir,
      },
    });
    return await new Promise<number>((resolve) =>
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))),
    );
  } finally {
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
