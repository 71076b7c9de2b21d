/**
 * The runtime dependencies are what the shipped code (src/, bin/) imports, no more and no less: the
 * worker image installs `dependencies` only (`npm ci --omit=dev`), so a test- or bench-only package there
 * ships for nothing, and a runtime import of a dev dependency breaks the image. Versions are exact, and
 * protobufjs, which Temporal's history JSON needs as one copy, is pinned through `overrides`.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');

interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  overrides?: Record<string, string>;
}
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string }>;
};

/** The npm packages a source file imports or requires (static, dynamic, type-only excluded). */
function packagesImportedBy(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^import (?!type )[^;]*?from '([^']+)'/gms),
    ...source.matchAll(/\b(?:\w*[rR]equire\w*|import)\('([^']+)'\)/g),
  ].map((match) => match[1] ?? '');
  return specifiers
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'))
    .map((specifier) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/'),
    );
}

function shippedFiles(): string[] {
  const files = (folder: string) =>
    readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(ts|js)$/.test(entry.name))
      .map((entry) => path.join(entry.parentPath, entry.name));
  return [...files('src'), ...files('bin')];
}

const imported = new Map<string, string>(); // package → a file that imports it
for (const file of shippedFiles())
  for (const name of packagesImportedBy(readFileSync(file, 'utf8')))
    if (!imported.has(name)) imported.set(name, path.relative(ROOT, file));

void describe('package.json', () => {
  void test('lists as runtime dependencies exactly the packages src/ and bin/ import', () => {
    const unused = Object.keys(manifest.dependencies).filter((name) => !imported.has(name));
    assert.deepEqual(unused, [], `runtime dependencies nothing shipped imports (dev, or overrides?)`);
    const missing = [...imported].filter(([name]) => !(name in manifest.dependencies));
    assert.deepEqual(missing, [], 'packages shipped code imports that the image would not install');
  });

  void test('pins every runtime dependency to an exact version', () => {
    const ranges = Object.entries(manifest.dependencies).filter(([, v]) => !/^\d+\.\d+\.\d+$/.test(v));
    assert.deepEqual(ranges, []);
  });

  void test('pins protobufjs through overrides, to one copy in the lock file', () => {
    const pinned = manifest.overrides?.protobufjs;
    assert.match(pinned ?? '', /^\d+\.\d+\.\d+$/, 'overrides.protobufjs is an exact version');
    const copies = Object.entries(lock.packages).filter(([key]) =>
      /(^|\/)node_modules\/protobufjs$/.test(key),
    );
    assert.deepEqual(
      copies.map(([key, { version }]) => [key, version]),
      [['node_modules/protobufjs', pinned]],
    );
  });
});
