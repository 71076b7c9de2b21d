import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CatalogLine } from '../../src/shared/catalog';
import { runKeyOf } from '../../src/shared/run-key';
import { catalogStores, drawnPhotos, publishedLine, putInput, type CatalogTestEnv } from './catalog-env';

const jsonl = (...rows: object[]) => rows.map((row) => JSON.stringify(row)).join('\n') + '\n';

/** Opens a catalog over `text` (stored as `manifests/<catalogId>.jsonl`) and reads all its lines. */
async function readAll(env: CatalogTestEnv, catalogId: string, text: string): Promise<CatalogLine[]> {
  const key = `manifests/${catalogId}.jsonl`;
  await env.objects.put(key, Buffer.from(text));
  const { settings, manifest } = await env.run(env.activities.openCatalog, {
    catalogId,
    input: { manifest: key },
  });
  const read = await env.run(env.activities.readCatalogLines, {
    catalogId,
    settings,
    manifest,
    from: 0,
    count: manifest.total,
  });
  return read.lines;
}

function ok(lines: CatalogLine[], sku: string): Extract<CatalogLine, { ok: true }> {
  const line = lines.find((l) => l.sku === sku);
  assert.ok(line?.ok, `${sku} should be a good line`);
  return line;
}

for (const store of catalogStores('catalog-ledger')) {
  describe(`the ledger of published lines on ${store.name}`, () => {
    it('makes a recorded published line `published` on the next read, in this catalog and in any other', async (t) => {
      const env = await store.open();
      t.after(() => env.dispose());
      const { tote } = await drawnPhotos();
      const image = await putInput(env.objects, tote);
      const season = jsonl(
        { sku: 'L-1', image, style: 'warm-beige' },
        { sku: 'L-2', image, style: 'cool-grey' },
      );
      const first = await readAll(env, 'spring', season);
      assert.equal(ok(first, 'L-1').published, undefined, 'nothing published yet');

      const record = await publishedLine(env, 'spring', {
        index: 0,
        sku: 'L-1',
        fingerprint: ok(first, 'L-1').fingerprint,
      });
      const { written } = await env.run(env.activities.recordCatalogLines, {
        catalogId: 'spring',
        records: [record],
      });
      assert.equal(written, 1);

      const again = await readAll(env, 'spring', season);
      assert.deepEqual(ok(again, 'L-1').published, {
        catalogId: 'spring',
        sku: 'L-1',
        workflowId: 'spring/L-1',
        outputs: record.outputs,
        publishedAt: record.settledAt,
      });
      assert.equal(ok(again, 'L-2').published, undefined, 'only the line that was published');

      // Another catalog, another SKU, the same photo and settings: skipped as well.
      const other = await readAll(
        env,
        'summer',
        jsonl({ sku: 'S-9', image, style: 'warm-beige' }, { sku: 'S-10', image, style: 'dark-luxe' }),
      );
      assert.equal(ok(other, 'S-9').published?.catalogId, 'spring');
      assert.equal(ok(other, 'S-9').published?.sku, 'L-1');
      assert.equal(ok(other, 'S-10').published, undefined, 'a changed line runs again');
    });

    it('keeps the first publication of a fingerprint: a later catalog does not overwrite it', async (t) => {
      const env = await store.open();
      t.after(() => env.dispose());
      const { sneaker } = await drawnPhotos();
      const image = await putInput(env.objects, sneaker);
      const [line] = await readAll(env, 'first', jsonl({ sku: 'K-1', image }));
      assert.ok(line?.ok);
      const fingerprint = line.fingerprint;
      await env.run(env.activities.recordCatalogLines, {
        catalogId: 'first',
        records: [await publishedLine(env, 'first', { index: 0, sku: 'K-1', fingerprint })],
      });
      const second = await publishedLine(env, 'second', { index: 0, sku: 'K-1', fingerprint });
      await env.run(env.activities.recordCatalogLines, { catalogId: 'second', records: [second] });
      // A retried call changes nothing either.
      await env.run(env.activities.recordCatalogLines, { catalogId: 'second', records: [second] });
      const [after] = await readAll(env, 'third', jsonl({ sku: 'K-1', image }));
      assert.ok(after?.ok);
      assert.equal(after.published?.catalogId, 'first');
      assert.equal(after.published?.workflowId, 'first/K-1');
    });

    it('runs a line again when the outputs its ledger entry names are gone, and the ledger heals', async (t) => {
      const env = await store.open();
      t.after(() => env.dispose());
      const { tote } = await drawnPhotos();
      const image = await putInput(env.objects, tote);
      const manifest = jsonl({ sku: 'G-1', image, style: 'soft-pastel' });
      const [line] = await readAll(env, 'gone', manifest);
      assert.ok(line?.ok);
      const record = await publishedLine(env, 'gone', {
        index: 0,
        sku: 'G-1',
        fingerprint: line.fingerprint,
      });
      await env.run(env.activities.recordCatalogLines, { catalogId: 'gone', records: [record] });
      await env.outputs.store.deletePrefix(`${env.outputs.prefix}${runKeyOf('gone/G-1')}/`);

      const [again] = await readAll(env, 'back', manifest);
      assert.ok(again?.ok);
      assert.equal(again.published, undefined, 'nothing left to show for it: the line runs');
      const rerun = await publishedLine(env, 'back', { index: 0, sku: 'G-1', fingerprint: line.fingerprint });
      await env.run(env.activities.recordCatalogLines, { catalogId: 'back', records: [rerun] });
      const [third] = await readAll(env, 'third', manifest);
      assert.ok(third?.ok);
      assert.equal(third.published?.catalogId, 'back');
    });

    it('enters only published lines: failed, invalid and skipped records leave the ledger alone', async (t) => {
      const env = await store.open();
      t.after(() => env.dispose());
      const { tote } = await drawnPhotos();
      const image = await putInput(env.objects, tote);
      const lines = await readAll(
        env,
        'mixed',
        jsonl({ sku: 'M-1', image }, { sku: 'M-2', image, style: 'soft-pastel' }),
      );
      const settledAt = '2026-12-06T09:30:00.000Z';
      await env.run(env.activities.recordCatalogLines, {
        catalogId: 'mixed',
        records: [
          {
            index: 0,
            line: 1,
            sku: 'M-1',
            status: 'failed',
            workflowId: 'mixed/M-1',
            fingerprint: ok(lines, 'M-1').fingerprint,
            failure: { type: 'QualityRejected', message: 'coverage 0.1 below 0.2' },
            outputs: [],
            costUsd: 0.04,
            attempts: 1,
            settledAt,
          },
          {
            index: 1,
            line: 2,
            sku: 'M-2',
            status: 'skipped',
            fingerprint: ok(lines, 'M-2').fingerprint,
            outputs: [],
            costUsd: 0,
            attempts: 0,
            settledAt,
          },
        ],
      });
      assert.deepEqual(await env.objects.list('ledger/'), []);
      const records = await env.objects.list('catalogs/');
      assert.equal(records.length, 2, 'both records are kept');
    });
  });
}
