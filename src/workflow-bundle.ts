import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { PROJECT_ROOT } from './config';
import { writeFileAtomic } from './storage/atomic-write';

const BUNDLED_FOLDERS = ['src/workflows', 'src/shared'];

/**
 * The workflow bundle, built once and cached under `<cacheDir>/workflow-bundle-<hash>.js`, keyed by the
 * content of the workflow and shared sources and the lock file, so a second start skips webpack.
 */
export async function loadWorkflowBundle(cacheDir: string): Promise<WorkflowBundle> {
  const hash = await sourceHash();
  const file = path.join(cacheDir, `workflow-bundle-${hash}.js`);
  try {
    return { code: await readFile(file, 'utf8') };
  } catch {
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('./workflows'),
      // Logs a Director's expected outcome as one line (see engine/outcome-log.ts and worker-runtime.ts).
      workflowInterceptorModules: [require.resolve('./workflows/engine/outcome-log')],
      logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
    });
    await mkdir(cacheDir, { recursive: true });
    await writeFileAtomic(file, Buffer.from(code));
    return { code };
  }
}

async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const folder of BUNDLED_FOLDERS) {
    for (const file of await listFiles(path.join(PROJECT_ROOT, folder))) {
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
