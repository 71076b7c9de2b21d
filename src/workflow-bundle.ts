import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { PROJECT_ROOT } from './config';
import { writeFileAtomic } from './storage/atomic-write';

/** The product's workflows: every Director, as production workers register them. */
export const DIRECTOR_WORKFLOWS = require.resolve('./workflows');

const SHARED_FOLDERS = ['src/workflows', 'src/shared'];

/**
 * The workflow bundle of the entry `workflowsPath` (default: the Directors), built once and cached under
 * `<cacheDir>/workflow-bundle-<hash>.js`, keyed by the entry and the content of the workflow and shared
 * sources (and of the entry's own folder) and the lock file, so a second start skips webpack.
 */
export async function loadWorkflowBundle(
  cacheDir: string,
  workflowsPath: string = DIRECTOR_WORKFLOWS,
): Promise<WorkflowBundle> {
  const hash = await sourceHash(workflowsPath);
  const file = path.join(cacheDir, `workflow-bundle-${hash}.js`);
  try {
    return { code: await readFile(file, 'utf8') };
  } catch {
    const { code } = await bundleWorkflowCode({
      workflowsPath,
      // Logs a Director's expected outcome as one line (see engine/outcome-log.ts and worker-runtime.ts);
      // passes the run's store identity on to its steps (engine/store-header.ts).
      workflowInterceptorModules: [
        require.resolve('./workflows/engine/outcome-log'),
        require.resolve('./workflows/engine/store-header'),
      ],
      logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
    });
    await mkdir(cacheDir, { recursive: true });
    await writeFileAtomic(file, Buffer.from(code));
    return { code };
  }
}

async function sourceHash(workflowsPath: string): Promise<string> {
  const hash = createHash('sha256').update(path.relative(PROJECT_ROOT, workflowsPath));
  const entryFolder = path.dirname(workflowsPath);
  const folders = new Set([...SHARED_FOLDERS.map((folder) => path.join(PROJECT_ROOT, folder)), entryFolder]);
  for (const folder of folders) {
    for (const file of await listFiles(folder)) {
      hash.update(path.relative(PROJECT_ROOT, file)).update(await readFile(file));
    }
  }
  hash.update(await readFile(path.join(PROJECT_ROOT, 'package-lock.json')).catch(() => Buffer.alloc(0)));
  return hash.digest('hex').slice(0, 16);
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}
