#!/usr/bin/env node
/**
 * Compiles `src/` to JavaScript in `dist/` (one file per source, CommonJS, source maps), so the CLI starts
 * without compiling TypeScript on every run. The compiler is esbuild, the same transform tsx applies at
 * run time (tsx is a runtime dependency and brings it), so compiled and tsx-run code behave alike.
 *
 * `dist/.source-stamp` records a fingerprint of `src/` (every file's path, size and mtime, and this
 * script's version) taken before the build. `ensureBuilt()` compares it with the sources: a stale or
 * missing build is rebuilt, never run. Run directly (`node bin/build.js`, npm's `prepare` and `build`),
 * it builds when stale and prints what it did.
 */
'use strict';
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** The project's root; every function takes another root for tests. */
const ROOT = path.resolve(__dirname, '..');
const STAMP = '.source-stamp';
/** Bump when the build's output changes for the same sources (compiler options, layout). */
const BUILD_VERSION = 'esbuild-cjs-node20-v3';
/**
 * The short commands' build (see director.js): src/client.ts and what it loads, Temporal's client and gRPC
 * included, in one file, so a command resolves and reads one module instead of a few hundred. Packages
 * only a worker, the store or a model uses stay outside it, loaded from node_modules when a command needs
 * them (the commands that run a worker start from dist/client.js instead).
 */
const BUNDLE = 'cli-bundle.js';
const BUNDLE_EXTERNAL = [
  ...['@temporalio/worker', '@temporalio/core-bridge', 'webpack', 'sharp', '@google/genai', '@aws-sdk/*'],
  ...['@swc/*', 'tsx', 'esbuild'],
];
/** npm's record of what is installed: the bundle holds packages, so installing others makes it stale. */
const INSTALLED = path.join('node_modules', '.package-lock.json');

/** Every file and folder under `dir`, sorted, with its size and mtime: what a source change touches. */
function listTree(dir) {
  const entries = [];
  const walk = (folder) => {
    const names = fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of names) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile()) entries.push(file);
    }
  };
  walk(dir);
  return entries;
}

/**
 * The fingerprint of `src/`: a hash of each file's relative path, size and mtime (a deleted, added or
 * edited file changes it, whichever way its mtime moves), of the build version, and of npm's record of
 * the installed packages (which the bundle holds).
 */
function sourceFingerprint(root = ROOT, files = listTree(path.join(root, 'src'))) {
  const hash = createHash('sha256').update(BUILD_VERSION);
  for (const file of files) {
    const { size, mtimeMs } = fs.statSync(file);
    hash.update(`\0${path.relative(root, file)}\0${size}\0${mtimeMs}`);
  }
  try {
    const { size, mtimeMs } = fs.statSync(path.join(root, INSTALLED));
    hash.update(`\0${INSTALLED}\0${size}\0${mtimeMs}`);
  } catch {
    // no npm install here (a test's project): nothing installed to follow
  }
  return hash.digest('hex');
}

/** The compiled CLI entry, `dist/client.js`, when `dist/` was built from today's `src/`; else undefined. */
function freshEntry(root = ROOT) {
  const dist = path.join(root, 'dist');
  try {
    const stamp = fs.readFileSync(path.join(dist, STAMP), 'utf8').trim();
    return stamp === sourceFingerprint(root) ? path.join(dist, 'client.js') : undefined;
  } catch {
    return undefined;
  }
}

/** esbuild, from this project's dependencies (tsx's own copy), or undefined when it is not installed. */
function loadEsbuild() {
  try {
    return require(
      require.resolve('esbuild', { paths: [path.dirname(require.resolve('tsx/package.json'))] }),
    );
  } catch {
    return undefined;
  }
}

/**
 * Builds `dist/` from `src/` into a fresh folder and swaps it in, so a process never sees a half-written
 * build (two processes building at once each swap in a complete one). Returns the entry, or throws.
 */
function build(root = ROOT) {
  const esbuild = loadEsbuild();
  if (!esbuild) throw new Error('esbuild (installed with tsx) is missing: run npm install');
  const src = path.join(root, 'src');
  const dist = path.join(root, 'dist');
  const files = listTree(src);
  const fingerprint = sourceFingerprint(root, files);
  // Beside dist/ on the same disk (a rename), in a folder every tool already ignores.
  const scratch = path.join(root, '.director');
  fs.mkdirSync(scratch, { recursive: true });
  const temp = path.join(scratch, `dist-tmp-${process.pid}-${Date.now()}`);
  try {
    esbuild.buildSync({
      entryPoints: files.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts')),
      outdir: temp,
      outbase: src,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // `import('./x.js')` becomes `Promise.resolve().then(() => require('./x.js'))`: the same module,
      // without starting Node's ESM loader (and its CommonJS export scan) for a CommonJS file, and
      // without `import()`, which the CLI's code cache cannot compile (see compile-cache.js).
      supported: { 'dynamic-import': false },
      sourcemap: true,
      logLevel: 'silent',
    });
    const client = path.join(src, 'client.ts');
    if (fs.existsSync(client)) {
      esbuild.buildSync({
        entryPoints: [client],
        outfile: path.join(temp, BUNDLE),
        bundle: true,
        external: BUNDLE_EXTERNAL,
        format: 'cjs',
        platform: 'node',
        target: 'node20',
        supported: { 'dynamic-import': false },
        logLevel: 'silent',
      });
    }
    // Non-TypeScript files in src/ (data read next to the code) come along unchanged.
    for (const file of files.filter((f) => !f.endsWith('.ts'))) {
      const target = path.join(temp, path.relative(src, file));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(file, target);
    }
    fs.writeFileSync(path.join(temp, STAMP), `${fingerprint}\n`);
    const old = path.join(scratch, `dist-old-${process.pid}-${Date.now()}`);
    try {
      fs.renameSync(dist, old);
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
    try {
      fs.renameSync(temp, dist);
    } catch (error) {
      // Another process swapped in its build between the two renames: use it when it is fresh.
      if (!freshEntry(root)) throw error;
    }
    fs.rmSync(old, { recursive: true, force: true });
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
  return path.join(dist, 'client.js');
}

/**
 * The compiled CLI entry, built first when `dist/` is missing or stale. Undefined when it cannot be built
 * (no esbuild, an unwritable folder, a syntax error): the caller then runs the sources through tsx.
 */
function ensureBuilt(root = ROOT, log = (message) => process.stderr.write(`${message}\n`)) {
  const entry = freshEntry(root);
  if (entry) return entry;
  try {
    return build(root);
  } catch (error) {
    log(`director: cannot compile src/ to dist/ (${error.message}); running the sources through tsx`);
    return undefined;
  }
}

module.exports = { ensureBuilt, freshEntry, build, sourceFingerprint, loadEsbuild, BUNDLE };

if (require.main === module) {
  const started = Date.now();
  if (freshEntry()) {
    console.log('dist/ is up to date with src/');
  } else if (!loadEsbuild()) {
    // An install without tsx (e.g. omitted on purpose): the CLI says so when it is run.
    console.log('esbuild is not installed: dist/ not built');
  } else {
    build();
    console.log(`compiled src/ to dist/ in ${Date.now() - started} ms`);
  }
}
