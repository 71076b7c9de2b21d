import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LineRecord } from '../../src/shared/catalog';
import { runKeyOf } from '../../src/shared/run-key';
import { catalogStores, publishedLine, type CatalogTestEnv } from './catalog-env';

const tallies = {
  total: 4,
  published: 3,
  skipped: 1,
  failed: 0,
  invalid: 0,
  cancelled: 0,
  images: 3,
  costUsd: 0.12,
};

/** Every key in both stores (the output collection may be a folder of its own). */
async function everything(env: CatalogTestEnv): Promise<string[]> {
  const objects = (await env.objects.list('')).map((o) => o.key);
  const outputs =
    env.outputs.store === env.objects ? [] : (await env.outputs.store.list('')).map((o) => `(out)${o.key}`);
  return [...objects, ...outputs].sort();
}

for (const store of catalogStores('catalog-undo')) {
  describe(`undoing a cancelled catalog on ${store.name}`, () => {
    it('leaves 0 objects of its published lines, and another catalog’s lines and ledger entries untouched', async (t) => {
      const env = await store.open();
      t.after(() => env.dispose());
      // Another catalog published first; one of its fingerprints is shared with ours.
      const theirs = [
        await publishedLine(env, 'winter', { index: 0, sku: 'W-1', fingerprint: 'd'.repeat(64) }),
        await publishedLine(env, 'winter', { index: 1, sku: 'W-2', fingerprint: 'e'.repeat(64) }),
      ];
      await env.run(env.activities.recordCatalogLines, { catalogId: 'winter', records: theirs });
      await env.run(env.activities.writeCatalogOutputs, { catalogId: 'winter', title: 'Winter', tallies });
      const before = await everything(env);

      const catalogId = 'spring-cancelled';
      const ours: LineRecord[] = [
        await publishedLine(env, catalogId, { index: 0, sku: 'S-1', fingerprint: '1'.repeat(64) }),
        await publishedLine(env, catalogId, { index: 1, sku: 'S-2', fingerprint: '2'.repeat(64) }),
        // Published here too, but the ledger already names winter for this fingerprint.
        await publishedLine(env, catalogId, { index: 2, sku: 'S-3', fingerprint: 'e'.repeat(64) }),
        {
          index: 3,
          line: 5,
          sku: 'S-4',
          status: 'skipped',
          fingerprint: 'd'.repeat(64),
          outputs: theirs[0]?.outputs ?? [],
          costUsd: 0,
          attempts: 0,
          note: 'already published by catalog winter (sku W-1)',
          settledAt: '2026-12-06T10:00:00.000Z',
        },
      ];
      // A run's blob its cleanup had not removed yet.
      await env.objects.put(`runs/${runKeyOf(`${catalogId}/S-1`)}/intake/product.png`, Buffer.from('x'));
      await env.run(env.activities.recordCatalogLines, { catalogId, records: ours });
      await env.run(env.activities.writeCatalogOutputs, { catalogId, title: 'Spring', tallies });
      assert.ok((await everything(env)).length > before.length);

      const undo = await env.run(env.activities.undoCatalog, { catalogId });
      assert.equal(undo.lines, 3, 'the three lines it published');
      assert.deepEqual(
        undo.undone.map((line) => [line.sku, line.line]),
        [
          ['S-1', 2],
          ['S-2', 3],
          ['S-3', 4],
        ],
      );
      // S-1: product, report, the blob, its ledger entry; S-3: product and report, not winter's entry.
      assert.deepEqual(
        undo.undone.map((line) => line.objects),
        [4, 3, 2],
      );
      // 9 for the lines; results.csv, results.jsonl, report.html and one contact sheet page; 4 records.
      assert.equal(undo.objects, 9 + 4 + 4);

      assert.deepEqual(await everything(env), before, 'exactly what there was before the catalog');
      const ledger = await env.objects.get(`ledger/${'e'.repeat(64)}.json`);
      assert.equal((JSON.parse(ledger?.toString() ?? '{}') as { catalogId?: string }).catalogId, 'winter');

      const again = await env.run(env.activities.undoCatalog, { catalogId });
      assert.deepEqual({ ...again, attempt: 0 }, { undone: [], lines: 0, objects: 0, attempt: 0 });
    });
  });
}
