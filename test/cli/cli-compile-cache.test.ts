import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

// The short `director` commands compile their modules through a V8 code cache (bin/compile-cache.js).

const PROJECT_ROOT = path.resolve(__dirname, '../..');
const COMPILE_CACHE = path.join(PROJECT_ROOT, 'bin/compile-cache.js');
const DIRECTOR = path.join(PROJECT_ROOT, 'bin/director.js');

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'director-compile-cache-'));
  dirs.push(dir);
  return dir;
}

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; output: string }> {
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), (output += chunk.toString())));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, output }));
  });
}

/** A process that installs the cache at `cacheFile` and requires `moduleFile`: what it exported, and the counters. */
async function requireThroughCache(
  cacheFile: string,
  moduleFile: string,
): Promise<{ value: unknown; hits: number; misses: number }> {
  const script = [
    `const stats = require(${JSON.stringify(COMPILE_CACHE)}).install(${JSON.stringify(cacheFile)});`,
    `const value = require(${JSON.stringify(moduleFile)});`,
    `console.log(JSON.stringify({ value, ...stats }));`,
  ].join('\n');
  const result = await run(['-e', script]);
  assert.equal(result.code, 0, result.output);
  return JSON.parse(result.stdout) as { value: unknown; hits: number; misses: number };
}

/** A CommonJS module exporting `text` and, through a function compiled on first call, its length. */
async function writeModule(file: string, text: string): Promise<void> {
  await writeFile(
    file,
    `const measure = (s) => s.length;\nmodule.exports = { text: '${text}', length: measure('${text}') };\n`,
  );
}

describe("the CLI's code cache", () => {
  it('compiles a module from the code of the previous start, with the same exports', async () => {
    const dir = await tempDir();
    const cacheFile = path.join(dir, 'cache', 'test.bin');
    const moduleFile = path.join(dir, 'greeting.js');
    await writeModule(moduleFile, 'hello');
    const first = await requireThroughCache(cacheFile, moduleFile);
    assert.deepEqual(first, { value: { text: 'hello', length: 5 }, hits: 0, misses: 1 });
    assert.ok((await stat(cacheFile)).size > 0, 'the first start saved its code');
    const second = await requireThroughCache(cacheFile, moduleFile);
    assert.deepEqual(second, { value: { text: 'hello', length: 5 }, hits: 1, misses: 0 });
  });

  it('compiles an edited module from its source, never from the code of the old one', async () => {
    const dir = await tempDir();
    const cacheFile = path.join(dir, 'test.bin');
    const moduleFile = path.join(dir, 'greeting.js');
    await writeModule(moduleFile, 'hello');
    await requireThroughCache(cacheFile, moduleFile);
    // Same length (V8's own check of cached code looks at little more), a later mtime.
    await writeModule(moduleFile, 'world');
    const later = new Date(Date.now() + 5000);
    await utimes(moduleFile, later, later);
    const edited = await requireThroughCache(cacheFile, moduleFile);
    assert.deepEqual(edited, { value: { text: 'world', length: 5 }, hits: 0, misses: 1 });
    const again = await requireThroughCache(cacheFile, moduleFile);
    assert.deepEqual(again, { value: { text: 'world', length: 5 }, hits: 1, misses: 0 });
  });

  it('ignores a corrupt cache file and replaces it', async () => {
    const dir = await tempDir();
    const cacheFile = path.join(dir, 'test.bin');
    const moduleFile = path.join(dir, 'greeting.js');
    await writeModule(moduleFile, 'hello');
    for (const garbage of ['not a cache', 'LDCC1\n\u00ff\u00ff\u00ff\u0000[[']) {
      await writeFile(cacheFile, garbage, 'latin1');
      const read = await requireThroughCache(cacheFile, moduleFile);
      assert.deepEqual(read, { value: { text: 'hello', length: 5 }, hits: 0, misses: 1 });
    }
    const replaced = await requireThroughCache(cacheFile, moduleFile);
    assert.deepEqual(replaced, { value: { text: 'hello', length: 5 }, hits: 1, misses: 0 });
  });

  it('works where the cache cannot be written', async () => {
    const dir = await tempDir();
    const blocker = path.join(dir, 'a-file');
    await writeFile(blocker, 'not a folder');
    const moduleFile = path.join(dir, 'greeting.js');
    await writeModule(moduleFile, 'hello');
    const cacheFile = path.join(blocker, 'cache', 'test.bin'); // under a file: no folder can be made
    for (let i = 0; i < 2; i += 1) {
      const read = await requireThroughCache(cacheFile, moduleFile);
      assert.deepEqual(read, { value: { text: 'hello', length: 5 }, hits: 0, misses: 1 });
    }
  });

  it('gives `director --help` the same output from a cold, a warm and a corrupt cache', async () => {
    const cacheHome = await tempDir();
    const env = { XDG_CACHE_HOME: cacheHome, DIRECTOR_COMPILE_CACHE: '' };
    const uncached = await run([DIRECTOR, '--help'], { DIRECTOR_COMPILE_CACHE: '0' });
    assert.equal(uncached.code, 0, uncached.output);
    const cold = await run([DIRECTOR, '--help'], env);
    const folder = path.join(cacheHome, 'linn-director', 'compile-cache');
    const [version] = await readdir(folder);
    assert.ok(version?.startsWith(`${process.version}-${process.arch}-`), String(version));
    const cacheFile = path.join(folder, version ?? '', 'help.bin');
    assert.ok((await stat(cacheFile)).size > 0, 'the first start saved its code');
    const warm = await run([DIRECTOR, '--help'], env);
    await writeFile(cacheFile, (await readFile(cacheFile)).subarray(0, 200)); // cut short
    const corrupt = await run([DIRECTOR, '--help'], env);
    for (const result of [cold, warm, corrupt]) {
      assert.equal(result.code, 0, result.output);
      assert.equal(result.output, uncached.output);
    }
  });
});
