import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { LocalDirectorModel } from '../../src/model/local/local-model';
import { selectModel } from '../../src/model/select-model';

const SRC = path.resolve(__dirname, '../../src');
const MODEL = path.join(SRC, 'model');

/** Every .ts file below a folder, as absolute paths. */
async function sources(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The relative module paths a file imports (static, re-exported or dynamic), resolved to absolute paths. */
function relativeImports(file: string, text: string): string[] {
  const found = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)];
  return found.map((m) => path.resolve(path.dirname(file), m[1] ?? ''));
}

/** The files below `folder` (src/model by default) whose text matches `pattern`, relative to src/model. */
async function modelFilesMatching(pattern: RegExp, folder = MODEL): Promise<string[]> {
  const matching: string[] = [];
  for (const file of await sources(folder)) {
    if (pattern.test(await readFile(file, 'utf8'))) matching.push(path.relative(MODEL, file));
  }
  return matching.sort();
}

describe('model layout', () => {
  it('models import nothing from the activities, workflows, worker or command line', async () => {
    const outside = ['activities', 'workflows', 'cli', 'worker.ts', 'worker-deps.ts', 'client.ts'].map((p) =>
      path.join(SRC, p),
    );
    const offending: string[] = [];
    for (const file of await sources(MODEL)) {
      for (const target of relativeImports(file, await readFile(file, 'utf8'))) {
        if (outside.some((o) => target === o.replace(/\.ts$/, '') || target.startsWith(`${o}/`)))
          offending.push(`${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`);
      }
    }
    assert.deepEqual(offending, []);
  });

  it('defines the Director model type and the model selection in src/model', async () => {
    assert.deepEqual(await modelFilesMatching(/^export type DirectorModel\b/m), ['director-model.ts']);
    assert.deepEqual(await modelFilesMatching(/^export function selectModel\(/m), ['select-model.ts']);
    const { model, kind } = selectModel({ DIRECTOR_MODEL: 'local' }, new LocalDirectorModel());
    assert.equal(kind, 'local');
    assert.ok(model instanceof LocalDirectorModel);
  });

  it('keeps the whole local model in src/model/local, one folder per capability', async () => {
    const folders = (await readdir(MODEL, { withFileTypes: true })).filter((e) => e.isDirectory());
    assert.deepEqual(folders.map((e) => e.name).sort(), ['fake', 'gemini', 'local']);
    const local = await readdir(path.join(MODEL, 'local'), { withFileTypes: true });
    assert.deepEqual(
      local
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort(),
      ['analysis', 'backgrounds', 'composition', 'figures', 'judging', 'prompts', 'renditions'],
    );
  });

  it('defines each colour, pixel and cut-out basic of the local model once', async () => {
    const local = path.join(MODEL, 'local');
    const once = {
      'local/colour.ts': [
        /^export type Rgb\b/m,
        /^export function colorName\(/m,
        /^export function hexToRgb\(/m,
        /^export function mixRgb\(/m,
        /^export function luma\(/m,
      ],
      'local/palette.ts': [/^export function dominantColors\(/m],
      'local/pixels.ts': [/^export async function loadRaw\(/m, /^export interface RawImage\b/m],
      'local/composition/cutout-layers.ts': [/^export interface Cutout\b/m],
    };
    for (const [file, patterns] of Object.entries(once)) {
      for (const pattern of patterns)
        assert.deepEqual(await modelFilesMatching(pattern, local), [file], String(pattern));
    }
    // The still life and the pair shot are one scene-making function with two set-ups.
    for (const scene of [
      /^export async function stageAccessory\(/m,
      /^export async function composePair\(/m,
    ]) {
      assert.deepEqual(await modelFilesMatching(scene, local), ['local/composition/cutout-scenes.ts']);
    }
    const doubles =
      /^export function (parseHex|toHex|mix|luminance|readPixels)\(|^export interface Pixels\b/m;
    assert.deepEqual(await modelFilesMatching(doubles, local), []);
  });

  it('answers every Director model call from one local class', () => {
    const model = new LocalDirectorModel();
    const calls = [
      'analyzeProduct',
      'generateBackground',
      'composeProduct',
      'analyzeReference',
      'writePrompts',
      'generateImage',
      'judgeImage',
      'extractProduct',
      'generateModel',
      'tryOn',
      'stageAccessory',
      'cropDetails',
      'composePair',
      'render',
      'contactSheet',
    ] as const;
    for (const call of calls) {
      assert.ok(Object.hasOwn(LocalDirectorModel.prototype, call), `${call} is the local model's own`);
      assert.equal(typeof model[call], 'function');
    }
    assert.equal(model.id, 'local');
  });
});
