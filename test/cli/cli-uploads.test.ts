import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { checkInputPath, inputRootsFor } from '../../src/activities/input-roots';
import { uploadInputs } from '../../src/cli/upload-inputs';
import { LocalObjectStore } from '../../src/storage/local-object-store';
import { drawProduct, drawReferences } from '../helpers/drawn-images';
import { tempDeps, useTemporal, withWorker } from '../helpers/temporal';
import { assertExit, runCli } from './cli-process';

const temporal = useTemporal();

/** A folder with a copy of a drawn photo in it: the user's own folder, outside the worker's inputs. */
async function photoOfUser(name = 'shirt.png'): Promise<{ folder: string; file: string }> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'director-user-photos-'));
  const file = path.join(folder, name);
  await copyFile(await drawProduct('tshirt'), file);
  return { folder, file };
}

describe('inputs uploaded from where the user is', () => {
  it('stores the same photo once, content-addressed, and refers to it with a checked blob reference', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'director-upload-store-'));
    const store = new LocalObjectStore(root); // stands in for a remote store: same interface
    const { folder, file } = await photoOfUser();
    const [reference] = await drawReferences(1);
    const bytes = await readFile(file);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const metadata = await sharp(bytes).metadata();
    const uri = 's3://studio-bucket/director/inputs/0123.png';

    const first = await uploadInputs({ productImage: file }, store, () => '--image');
    assert.deepEqual(first.input.productImage, {
      key: `inputs/${sha256}.png`,
      sha256,
      mimeType: 'image/png',
      size: bytes.length,
      width: metadata.width,
      height: metadata.height,
    });
    assert.deepEqual(
      first.uploads.map((u) => u.uploaded),
      [true],
    );
    const again = await uploadInputs(
      { referenceImages: [file, reference, uri] },
      store,
      (field) => `${field} in --input a.json`,
    );
    assert.deepEqual(
      again.uploads.map((u) => [u.label, u.uploaded]),
      [
        ['referenceImages[0] in --input a.json', false],
        ['referenceImages[1] in --input a.json', true],
      ],
    );
    assert.equal((again.input.referenceImages as unknown[])[2], uri, 'a store URI is sent as it is');
    const stored = await store.list('inputs/');
    assert.equal(stored.length, 2, stored.map((o) => o.key).join(', '));
    assert.ok(stored.some((o) => o.key === `inputs/${sha256}.png` && o.size === bytes.length));
    await Promise.all([rm(root, { recursive: true }), rm(folder, { recursive: true })]);
  });

  it('refuses a missing or non-image file to upload, naming the flag (or the input field) and the path', async () => {
    const { folder } = await photoOfUser();
    const missing = path.join(folder, 'no-such-photo.jpg');
    const env = { DIRECTOR_DATA_DIR: path.join(folder, 'store') };
    const byFlag = await runCli(['run', 'ecommerce', '--image', missing, '--upload'], { env });
    assertExit(byFlag, 2);
    assert.match(byFlag.stderr, new RegExp(`--image ${missing}: cannot read it \\(no such file\\)`));
    const notAnImage = path.join(folder, 'notes.png');
    await writeFile(notAnImage, 'not a photo');
    const inputFile = path.join(folder, 'input.json');
    await writeFile(inputFile, JSON.stringify({ productImage: 'notes.png' }));
    const byFile = await runCli(['run', 'ecommerce', '--input', inputFile, '--upload'], { env });
    assertExit(byFile, 2);
    assert.match(byFile.stderr, /productImage in --input \S+input\.json \S+notes\.png is not an image/);
    await rm(folder, { recursive: true });
  });

  it('runs a Director on an uploaded photo that the worker could not read from its path', async () => {
    const deps = await tempDeps();
    const allowed = await mkdtemp(path.join(os.tmpdir(), 'director-allowed-inputs-'));
    const { folder, file } = await photoOfUser();
    // The worker reads paths only from `allowed`; the CLI's store is the worker's blob folder.
    const worker = { ...deps, inputRoots: [allowed] };
    const env = { DIRECTOR_DATA_DIR: deps.dataDir };
    const address = temporal().address;
    const [first, second, byPath] = await withWorker(temporal(), worker, async (taskQueue) => {
      const run = (extra: string[]) =>
        runCli(['run', 'ecommerce', '--image', file, '--task-queue', taskQueue, ...extra], { address, env });
      return [await run(['--upload']), await run(['--upload']), await run([])];
    });
    assertExit(first, 0);
    assert.match(first.stdout, new RegExp(`uploaded: ${file} → ${deps.dataDir}/inputs/[0-9a-f]{64}\\.png`));
    assert.match(first.stdout, /ecommerce director: completed/);
    assertExit(second, 0);
    assert.match(second.stdout, /already in the store: /);
    assert.equal((await new LocalObjectStore(deps.dataDir).list('inputs/')).length, 1, 'one object');
    // The same photo by its path: the worker's allow-list refuses it, so the runs above read the store.
    assertExit(byPath, 2);
    assert.match(byPath.stdout, /outside the allowed input folders/);
    await Promise.all([deps.dispose(), rm(allowed, { recursive: true }), rm(folder, { recursive: true })]);
  });
});

describe('store references sent as plain JSON (the temporal CLI path)', () => {
  async function runOn(input: Record<string, unknown>, deps: Awaited<ReturnType<typeof tempDeps>>) {
    const store = new LocalObjectStore(deps.dataDir);
    return withWorker(temporal(), { ...deps, store, inputRoots: [] }, async (taskQueue) => {
      const handle = await temporal().client.workflow.start('ecommerceDirector', {
        taskQueue,
        workflowId: `store-uri-${Date.now()}-${Math.random().toString(16).slice(2)}`,
        args: [input],
      });
      return handle.result().then(
        () => ({ ok: true as const }),
        (error: unknown) => ({ ok: false as const, error }),
      );
    });
  }

  it("reads an s3:// or file:// URI in the worker's own store, and refuses another store's naming it", async () => {
    const deps = await tempDeps();
    const store = new LocalObjectStore(deps.dataDir);
    const { folder, file } = await photoOfUser();
    const { input } = await uploadInputs({ productImage: file }, store, () => '--image');
    const key = (input.productImage as { key: string }).key;
    const own = await runOn({ productImage: `${store.uri}/${key}` }, deps);
    assert.ok(own.ok, `the run on the store URI completes: ${String(!own.ok && own.error)}`);
    const foreign = `s3://another-bucket/director/${key}`;
    const other = await runOn({ productImage: foreign }, deps);
    assert.ok(!other.ok);
    const cause = (other.error as { cause?: { type?: string; message: string } }).cause;
    assert.equal(cause?.type, 'InvalidInput');
    assert.ok(cause.message.includes(foreign) && cause.message.includes(store.uri), cause.message);
    await Promise.all([deps.dispose(), rm(folder, { recursive: true })]);
  });

  it('refuses a blob reference whose bytes in the store are not the ones it names', async () => {
    const deps = await tempDeps();
    const store = new LocalObjectStore(deps.dataDir);
    const { folder, file } = await photoOfUser();
    const { input } = await uploadInputs({ productImage: file }, store, () => '--image');
    const ref = input.productImage as { key: string };
    await store.put(ref.key, await readFile((await drawReferences(1))[0]!)); // replaced behind its back
    const run = await runOn({ productImage: ref }, deps);
    assert.ok(!run.ok);
    const cause = (run.error as { cause?: { type?: string; message: string } }).cause;
    assert.equal(cause?.type, 'CorruptImage');
    assert.match(cause.message, /does not match its reference/);
    await Promise.all([deps.dispose(), rm(folder, { recursive: true })]);
  });

  it('reads no local path on a worker whose store is not on this machine, unless folders are allowed', () => {
    assert.equal(inputRootsFor([], 'file:///studio/blobs'), undefined, 'a local store: any path');
    assert.deepEqual(inputRootsFor([], 's3://studio/director'), []);
    assert.deepEqual(inputRootsFor(['/shared/in'], 's3://studio/director'), ['/shared/in']);
    assert.throws(() => checkInputPath('/home/me/shirt.jpg', []), {
      type: 'InvalidInput',
      message: /'\/home\/me\/shirt\.jpg' refused: this worker reads inputs only from its object store/,
    });
  });
});
