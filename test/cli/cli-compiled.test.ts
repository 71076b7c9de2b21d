import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

// `director` runs compiled JavaScript from dist/ (bin/build.js), never a build older than src/.

const PROJECT_ROOT = path.resolve(__dirname, '../..');

/** bin/build.js, which has no type declarations of its own. */
interface Build {
  ensureBuilt(root?: string, log?: (message: string) => void): string | undefined;
  freshEntry(root?: string): string | undefined;
}
const build = createRequire(__filename)(path.join(PROJECT_ROOT, 'bin/build.js')) as Build;

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

function run(file: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** A project with one source file, `src/client.ts`, printing `text`. */
async function project(text: string): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'director-build-'));
  dirs.push(root);
  await mkdir(path.join(root, 'src'));
  await writeFile(path.join(root, 'src/client.ts'), `const text: string = '${text}';\nconsole.log(text);\n`);
  return root;
}

const printed = async (entry: string) => (await run(process.execPath, [entry], os.tmpdir())).output.trim();

describe('the compiled CLI', () => {
  it('prints its help from dist/ without loading tsx', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'director-modules-'));
    dirs.push(dir);
    const record = path.join(dir, 'modules.json');
    // Runs bin/director.js as `director --help` and records every module it loaded.
    const script = [
      `process.argv = [process.execPath, ${JSON.stringify(path.join(PROJECT_ROOT, 'bin/director.js'))}, '--help'];`,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(Object.keys(require.cache))));`,
      `require(process.argv[1]);`,
    ].join('\n');
    const help = await run(process.execPath, ['-e', script], PROJECT_ROOT);
    assert.equal(help.code, 0, help.output);
    assert.match(help.output, /Usage: director/);
    const modules = JSON.parse(await readFile(record, 'utf8')) as string[];
    const tsx = modules.filter((file) => /[\\/]node_modules[\\/]tsx[\\/]/.test(file));
    assert.deepEqual(tsx, [], 'tsx was loaded');
    assert.ok(modules.includes(path.join(PROJECT_ROOT, 'dist', 'client.js')), modules.join('\n'));
  });

  it('is rebuilt when a source changes, whichever way its mtime moves', async () => {
    const root = await project('one');
    const entry = build.ensureBuilt(root);
    assert.ok(entry, 'built');
    assert.equal(await printed(entry), 'one');
    assert.equal(build.freshEntry(root), entry);

    // Same size, an older mtime (as a checkout or an unpacked archive leaves it): still stale.
    const source = path.join(root, 'src/client.ts');
    const before = await stat(source);
    await writeFile(source, (await readFile(source, 'utf8')).replace("'one'", "'two'"));
    const past = new Date(before.mtimeMs - 3_600_000);
    await utimes(source, past, past);
    assert.equal(build.freshEntry(root), undefined, 'a build older than its sources is not used');
    assert.equal(await printed(build.ensureBuilt(root) ?? ''), 'two');
  });

  it('is rebuilt when a source is added or removed', async () => {
    const root = await project('one');
    build.ensureBuilt(root);
    const extra = path.join(root, 'src/extra.ts');
    await writeFile(extra, 'export const extra = 1;\n');
    assert.equal(build.freshEntry(root), undefined, 'an added source makes the build stale');
    build.ensureBuilt(root);
    await stat(path.join(root, 'dist/extra.js'));
    await unlink(extra);
    assert.equal(build.freshEntry(root), undefined, 'a removed source makes the build stale');
    build.ensureBuilt(root);
    await assert.rejects(stat(path.join(root, 'dist/extra.js')), 'the removed source’s output is gone');
  });

  it("runs a short command from the one-file build, Temporal's client inside it", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'director-modules-'));
    dirs.push(dir);
    const record = path.join(dir, 'modules.json');
    // `director status x` against a port where nothing listens (exit 3), recording the modules it loaded.
    const recorder = path.join(dir, 'record.js');
    await writeFile(
      recorder,
      `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(Object.keys(require.cache))));\n`,
    );
    const child = spawn(
      process.execPath,
      ['--require', recorder, path.join(PROJECT_ROOT, 'bin/director.js'), 'status', 'x'],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, TEMPORAL_ADDRESS: '127.0.0.1:1', TEMPORAL_NAMESPACE: 'default' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    assert.equal(code, 3, output);
    assert.match(output, /cannot reach the Temporal server at 127\.0\.0\.1:1/);
    const modules = JSON.parse(await readFile(record, 'utf8')) as string[];
    assert.ok(modules.includes(path.join(PROJECT_ROOT, 'dist', 'cli-bundle.js')), modules.join('\n'));
    const apart = modules.filter((file) =>
      /[\\/](dist[\\/]cli[\\/]|node_modules[\\/]@temporalio[\\/]client[\\/])/.test(file),
    );
    assert.deepEqual(apart, [], 'the command loaded modules the bundle holds');
  });

  it('is rebuilt when npm installs other packages (the one-file build holds them)', async () => {
    const root = await project('one');
    build.ensureBuilt(root);
    assert.ok(build.freshEntry(root), 'built');
    await mkdir(path.join(root, 'node_modules'));
    await writeFile(path.join(root, 'node_modules/.package-lock.json'), '{"packages":{}}\n');
    assert.equal(build.freshEntry(root), undefined, 'an install makes the build stale');
    build.ensureBuilt(root);
    assert.ok(build.freshEntry(root), 'rebuilt');
    await writeFile(path.join(root, 'node_modules/.package-lock.json'), '{"packages":{"a":{}}}\n');
    assert.equal(build.freshEntry(root), undefined, 'another install makes it stale again');
  });

  it('falls back to the sources when it cannot build, saying why', async () => {
    const root = await project('one');
    await writeFile(path.join(root, 'src/client.ts'), 'const broken: = ;\n');
    const messages: string[] = [];
    assert.equal(
      build.ensureBuilt(root, (message) => messages.push(message)),
      undefined,
    );
    assert.match(messages.join('\n'), /cannot compile src\/ to dist\/.*running the sources through tsx/s);
  });
});
