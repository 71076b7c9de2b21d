/**
 * The bench's worker as production runs it: compiled JavaScript, not TypeScript through tsx. Compiles
 * `worker-process.ts` and the bench files it imports into one file, whose imports of `src/` point at the
 * compiled CLI build in `dist/` (built first when stale, as `bin/director.js` does) and whose packages stay
 * in `node_modules`; the GC preload is compiled beside it. Written under `.director/bench-worker/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config';

/** The compiled worker script and its preload. */
export interface CompiledWorker {
  script: string;
  preload: string;
}

interface EsbuildPlugin {
  name: string;
  setup(build: {
    onResolve(
      options: { filter: RegExp },
      callback: (args: {
        path: string;
        resolveDir: string;
      }) => { path: string; external: boolean } | undefined,
    ): void;
  }): void;
}

interface Esbuild {
  build(options: Record<string, unknown> & { plugins?: EsbuildPlugin[] }): Promise<unknown>;
}

// bin/build.js is plain JavaScript shared with the CLI's launcher.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require('../../bin/build.js') as {
  ensureBuilt(): string | undefined;
  loadEsbuild(): Esbuild | undefined;
};

/** Builds the compiled bench worker (about a second when `dist/` is fresh). Throws when it cannot. */
export async function compileBenchWorker(
  outDir = path.join(PROJECT_ROOT, '.director', 'bench-worker'),
): Promise<CompiledWorker> {
  if (!build.ensureBuilt()) throw new Error('cannot compile src/ to dist/ for the bench worker');
  const esbuild = build.loadEsbuild();
  if (!esbuild) throw new Error('esbuild (installed with tsx) is missing: run npm install');
  const src = path.join(PROJECT_ROOT, 'src') + path.sep;
  const dist = path.join(PROJECT_ROOT, 'dist');
  // `src/x` → `dist/x`: the worker runs the same compiled modules as `director worker`.
  const toDist: EsbuildPlugin = {
    name: 'src-to-dist',
    setup(builder) {
      builder.onResolve({ filter: /^\./ }, (args) => {
        const target = path.resolve(args.resolveDir, args.path);
        if (!target.startsWith(src)) return undefined;
        return { path: path.join(dist, path.relative(src, target)), external: true };
      });
    },
  };
  fs.mkdirSync(outDir, { recursive: true });
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'silent' };
  const script = path.join(outDir, 'worker-process.js');
  const preload = path.join(outDir, 'gc-all-threads.js');
  await esbuild.build({
    ...common,
    entryPoints: [path.join(__dirname, 'worker-process.ts')],
    outfile: script,
    packages: 'external',
    sourcemap: true,
    plugins: [toDist],
  });
  await esbuild.build({
    ...common,
    entryPoints: [path.join(__dirname, 'gc-all-threads.ts')],
    outfile: preload,
  });
  return { script, preload };
}
