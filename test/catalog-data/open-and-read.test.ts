import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { LocalDirectorModel } from '../../src/model/local/local-model';
import type { CatalogLine, CatalogSettings, ManifestInfo } from '../../src/shared/catalog';
import { catalogStores, drawnPhotos, putInput, type CatalogTestEnv } from './catalog-env';

/** The local model as a later release would report it: same id, another version. */
class NextLocalModel extends LocalDirectorModel {
  override readonly version = 'local-2';
}

const jsonl = (...rows: object[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

async function openAndRead(
  env: CatalogTestEnv,
  catalogId: string,
  manifestKey: string,
  text: string,
  input: Record<string, unknown> = {},
): Promise<{ settings: CatalogSettings; manifest: ManifestInfo; lines: CatalogLine[] }> {
  await env.objects.put(manifestKey, Buffer.from(text));
  const { settings, manifest } = await env.run(env.activities.openCatalog, {
    catalogId,
    input: { manifest: manifestKey, ...input },
  });
  const { lines } = await env.run(env.activities.readCatalogLines, {
    catalogId,
    settings,
    manifest,
    from: 0,
    count: manifest.total,
  });
  return { settings, manifest, lines };
}

function failureOf(lines: CatalogLine[], line: number) {
  const found = lines.find((l) => l.line === line);
  assert.ok(found && !found.ok, `line ${line} should have failed: ${JSON.stringify(found)}`);
  return found.failure;
}

function okLine(lines: CatalogLine[], line: number) {
  const found = lines.find((l) => l.line === line);
  assert.ok(found?.ok, `line ${line} should be fine: ${JSON.stringify(found)}`);
  return found;
}

for (const store of catalogStores('catalog-open')) {
  describe(`opening and reading a catalog on ${store.name}`, () => {
    it('fills the defaults: the title from the manifest name, the window from the image quota', async (t) => {
      const env = await store.open();
      t.after(() => env.dispose());
      const { tote } = await drawnPhotos();
      const image = await putInput(env.objects, tote);
      const text = `sku,image,style\nA-1,${image},warm-beige\nA-2,${image},\n`;
      await env.objects.put('manifests/spring-season.csv', Buffer.from(text));
      const opened = await env.run(env.activities.openCatalog, {
        catalogId: 'cat-defaults',
        input: { manifest: 'manifests/spring-season.csv' },
      });
      assert.equal(opened.settings.title, 'spring-season.csv');
      assert.equal(opened.settings.window, 8, 'no quota configured: the laptop default');
      assert.equal(opened.settings.segmentLines, 500);
      assert.deepEqual(opened.manifest, {
        format: 'csv',
        total: 2,
        sha256: createHash('sha256').update(text).digest('hex'),
      });
      const quoted = env.withDeps({ catalog: { imageQuotaPerMinute: 10 } });
      const paced = await quoted.run(quoted.activities.openCatalog, {
        catalogId: 'cat-defaults',
        input: { manifest: 'manifests/spring-season.csv', title: 'Spring' },
      });
      assert.equal(paced.settings.window, 5, '10 images/min × 30 s a line / 60');
      assert.equal(paced.settings.title, 'Spring');
    });

    it('refuses a missing manifest, a malformed one (line and column) and bad input, before any work', async (t) => {
      const env = await store.open();
      t.after(() => env.dispose());
      const open = (input: unknown) => env.run(env.activities.openCatalog, { catalogId: 'cat-bad', input });
      await assert.rejects(
        open({ manifest: 'manifests/nowhere.csv' }),
        (error: Error & { type?: string }) => {
          assert.equal(error.type, 'ManifestNotFound');
          assert.match(error.message, /manifests\/nowhere\.csv/);
          return true;
        },
      );
      await env.objects.put('manifests/broken.csv', Buffer.from('sku,image\nA-1,"inputs/a.png\n'));
      await assert.rejects(open({ manifest: 'manifests/broken.csv' }), (error: Error & { type?: string }) => {
        assert.equal(error.type, 'ManifestMalformed');
        assert.match(error.message, /manifests\/broken\.csv/);
        assert.match(error.message, /line 2, column \d+/);
        return true;
      });
      await env.objects.put(
        'manifests/broken.jsonl',
        Buffer.from('{"sku":"A-1","image":"x"}\n{"sku": oops}\n'),
      );
      await assert.rejects(open({ manifest: 'manifests/broken.jsonl' }), {
        type: 'ManifestMalformed',
        message: /line 2, column \d+/,
      });
      await env.objects.put('manifests/extra.csv', Buffer.from('sku,image,colour\nA-1,x,red\n'));
      await assert.rejects(open({ manifest: 'manifests/extra.csv' }), {
        type: 'ManifestMalformed',
        message: /colour/,
      });
      await assert.rejects(open({ manifest: 'manifests/season.xlsx' }), {
        type: 'InvalidInput',
        message: /manifest.*\.csv or \.jsonl/,
      });
      await assert.rejects(open({ manifest: 'manifests/spring.csv', windw: 4 }), {
        type: 'InvalidInput',
        message: /windw: unknown key \(did you mean "window"\?\)/,
      });
      await assert.rejects(open({ manifest: 'manifests/spring.csv', window: 0 }), {
        type: 'InvalidInput',
        message: /window: .*\(got 0\)/,
      });
      await assert.rejects(open({ manifest: 'manifests/spring.csv', defaults: { style: 1 } }), {
        type: 'InvalidInput',
        message: /defaults\.style/,
      });
    });

    it('names each bad line by its field and value, in the manifest’s words, and reads the rest', async (t) => {
      const env = await store.open();
      t.after(() => env.dispose());
      const { tote } = await drawnPhotos();
      const image = await putInput(env.objects, tote);
      const { lines } = await openAndRead(
        env,
        'cat-lines',
        'manifests/lines.jsonl',
        jsonl(
          { sku: 'A-1', image, style: 'warm-beige', brand: 'Linn' },
          { sku: 'A-2', image, colour: 'red' },
          { sku: 'A-3', image, style: 'neon' },
          { image },
          { sku: 'A-1', image },
          { sku: 'A-5', image: 'http://cdn.example/a5.png' },
          { sku: 'A-6', image, productType: 'apparel', size: '1000', detailCount: 2 },
          { sku: 'A-7', image: '/nowhere/photo.png' },
          { sku: 'A-8', image, canvasSize: 100 },
          { sku: 'A 9', image },
          { sku: 'A-10', image, director: 'product', style: 'warm-beige', productType: 'generic' },
          { sku: 'A-11', image, director: 'product' },
          { sku: 'A-12', image: 'photos/none.png' },
        ),
      );
      assert.equal(lines.length, 13);
      const first = okLine(lines, 1);
      assert.equal(first.director, 'ecommerce');
      assert.deepEqual(first.input, {
        productImage: `${env.objects.uri.replace(/\/+$/, '')}/${image}`,
        style: 'warm-beige',
        brand: 'Linn',
      });
      assert.deepEqual(failureOf(lines, 2), {
        type: 'InvalidLine',
        field: 'colour',
        message: failureOf(lines, 2).message,
      });
      assert.match(failureOf(lines, 2).message, /colour: unknown column/);
      assert.equal(failureOf(lines, 3).field, 'style');
      assert.match(failureOf(lines, 3).message, /style: .*\(got "neon"\)/);
      assert.equal(failureOf(lines, 4).field, 'sku');
      assert.match(failureOf(lines, 4).message, /sku: missing/);
      assert.equal(failureOf(lines, 5).field, 'sku');
      assert.match(failureOf(lines, 5).message, /"A-1" appears again: first on line 1/);
      assert.equal(failureOf(lines, 6).field, 'image');
      assert.match(failureOf(lines, 6).message, /http:\/\/cdn\.example\/a5\.png/);
      const product = okLine(lines, 7);
      assert.equal(product.director, 'product', 'a productType makes a product line');
      assert.deepEqual(product.input, {
        productImage: `${env.objects.uri.replace(/\/+$/, '')}/${image}`,
        productType: 'apparel',
        options: { size: 1000, detailCount: 2 },
      });
      assert.equal(failureOf(lines, 8).field, 'image');
      assert.match(failureOf(lines, 8).message, /\/nowhere\/photo\.png/);
      assert.equal(failureOf(lines, 9).field, 'canvasSize');
      assert.match(failureOf(lines, 9).message, /canvasSize: .*\(got 100\)/);
      assert.equal(failureOf(lines, 10).field, 'sku');
      assert.match(failureOf(lines, 10).message, /"A 9"/);
      assert.equal(failureOf(lines, 11).field, 'style');
      assert.match(failureOf(lines, 11).message, /product Director takes no style/);
      assert.equal(failureOf(lines, 4).type, 'InvalidLine');
      assert.equal(failureOf(lines, 12).field, 'productType');
      assert.match(failureOf(lines, 12).message, /productType must be one of: .*\(missing\)/);
      assert.equal(failureOf(lines, 13).field, 'image');
      assert.match(failureOf(lines, 13).message, /image: "photos\/none\.png": no such image/);
    });

    it('reads CSV cells as the numbers they say, and the catalog defaults fill what a line leaves out', async (t) => {
      const env = await store.open();
      t.after(() => env.dispose());
      const { tote } = await drawnPhotos();
      const image = await putInput(env.objects, tote);
      const { lines } = await openAndRead(
        env,
        'cat-csv',
        'manifests/csv.csv',
        `sku,image,productType,size,canvasSize\nB-1,${image},,,2048\nB-2,${image},,abc,\nB-3,${image},footwear,,\n`,
        { defaults: { style: 'dark-luxe', brand: 'Linn' } },
      );
      assert.deepEqual(okLine(lines, 2).input, {
        productImage: `${env.objects.uri.replace(/\/+$/, '')}/${image}`,
        style: 'dark-luxe',
        canvasSize: 2048,
        brand: 'Linn',
      });
      assert.equal(failureOf(lines, 3).field, 'size');
      assert.match(failureOf(lines, 3).message, /the ecommerce Director takes no size \(got "abc"\)/);
      assert.deepEqual(okLine(lines, 4).input, {
        productImage: `${env.objects.uri.replace(/\/+$/, '')}/${image}`,
        productType: 'footwear',
        options: { brand: 'Linn' },
      });
    });

    it('fingerprints lines by what decides their output: image content, style, model version', async (t) => {
      const env = await store.open();
      t.after(() => env.dispose());
      const { tote, sneaker } = await drawnPhotos();
      const toteKey = await putInput(env.objects, tote);
      const sneakerKey = await putInput(env.objects, sneaker);
      // The same photo under a name that does not carry its hash: read and hashed.
      await env.objects.put('photos/tote-copy.png', tote);
      const manifest = jsonl(
        { sku: 'F-1', image: toteKey, style: 'warm-beige', costCapUsd: 2 },
        { sku: 'F-2', image: toteKey, style: 'warm-beige', costCapUsd: 9 },
        { sku: 'F-3', image: 'photos/tote-copy.png', style: 'warm-beige' },
        { sku: 'F-4', image: toteKey, style: 'cool-grey' },
        { sku: 'F-5', image: sneakerKey, style: 'warm-beige' },
        { sku: 'F-6', image: toteKey, style: 'warm-beige', brand: 'Other' },
        { sku: 'F-7', image: toteKey, style: 'warm-beige', canvasSize: 1600 },
      );
      const beatsBefore = env.heartbeats();
      const { lines } = await openAndRead(env, 'cat-fp', 'manifests/fp.jsonl', manifest);
      assert.ok(env.heartbeats() - beatsBefore >= 7, 'a heartbeat for every line it hashed or looked up');
      const fp = (line: number) => okLine(lines, line).fingerprint;
      assert.match(fp(1), /^[0-9a-f]{64}$/);
      assert.equal(fp(2), fp(1), 'the cost cap changes no picture');
      assert.equal(fp(3), fp(1), 'the same photo under another name is the same input');
      assert.equal(fp(7), fp(1), 'the default canvas size given explicitly is the same setting');
      assert.notEqual(fp(4), fp(1), 'another style');
      assert.notEqual(fp(5), fp(1), 'another image');
      assert.notEqual(fp(6), fp(1), 'another brand');

      const again = await openAndRead(env, 'cat-fp-again', 'manifests/fp-again.jsonl', manifest);
      assert.equal(
        okLine(again.lines, 1).fingerprint,
        fp(1),
        'same inputs, another catalog: same fingerprint',
      );

      const next = env.withDeps({ model: new NextLocalModel() });
      const { lines: nextLines } = await openAndRead(
        next,
        'cat-fp-next',
        'manifests/fp-next.jsonl',
        manifest,
      );
      assert.notEqual(okLine(nextLines, 1).fingerprint, fp(1), 'another model version');
    });

    it('reads a manifest named by a key, a URI in the store, or where the store locates it', async (t) => {
      const env = await store.open();
      t.after(() => env.dispose());
      const { tote } = await drawnPhotos();
      const image = await putInput(env.objects, tote);
      await env.objects.put('manifests/named.csv', Buffer.from(`sku,image\nN-1,${image}\n`));
      const uri = `${env.objects.uri.replace(/[?#].*$/, '')}/manifests/named.csv`;
      for (const manifest of ['manifests/named.csv', uri, env.objects.locate('manifests/named.csv')]) {
        const opened = await env.run(env.activities.openCatalog, {
          catalogId: 'cat-named',
          input: { manifest },
        });
        assert.equal(opened.manifest.total, 1, manifest);
        assert.equal(opened.settings.title, 'named.csv');
      }
      await assert.rejects(
        env.run(env.activities.openCatalog, {
          catalogId: 'cat-named',
          input: { manifest: 's3://another-bucket/manifests/named.csv' },
        }),
        {
          type: 'InvalidInput',
          message: /manifest 's3:\/\/another-bucket\/manifests\/named\.csv' is not in this worker's store/,
        },
      );
    });

    it('reads a window of lines from the middle, numbering them as the file does', async (t) => {
      const env = await store.open();
      t.after(() => env.dispose());
      const { tote } = await drawnPhotos();
      const image = await putInput(env.objects, tote);
      const rows = Array.from({ length: 10 }, (_, i) => `W-${i},${image}`).join('\n');
      await env.objects.put('manifests/w.csv', Buffer.from(`sku,image\n${rows}\n`));
      const { settings, manifest } = await env.run(env.activities.openCatalog, {
        catalogId: 'cat-window',
        input: { manifest: 'manifests/w.csv' },
      });
      const { lines } = await env.run(env.activities.readCatalogLines, {
        catalogId: 'cat-window',
        settings,
        manifest,
        from: 4,
        count: 3,
      });
      assert.deepEqual(
        lines.map((l) => [l.index, l.line, l.sku]),
        [
          [4, 6, 'W-4'],
          [5, 7, 'W-5'],
          [6, 8, 'W-6'],
        ],
      );
      await env.objects.put('manifests/w.csv', Buffer.from(`sku,image\nW-0,${image}\n`));
      // Another worker: another store object, nothing parsed yet.
      const fresh = env.withDeps({ objects: Object.create(env.objects) as typeof env.objects });
      await assert.rejects(
        fresh.run(fresh.activities.readCatalogLines, {
          catalogId: 'cat-window',
          settings,
          manifest,
          from: 0,
          count: 1,
        }),
        { type: 'InvalidInput', message: /changed since the catalog opened it/ },
      );
    });
  });
}
