import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import type { CatalogTallies, LineRecord } from '../../src/shared/catalog';
import { runKeyOf } from '../../src/shared/run-key';
import { catalogStores, parseCsv, publishedLine, type CatalogTestEnv } from './catalog-env';

const SETTLED = '2026-12-06T10:00:00.000Z';

/** Reads a catalog output by the location `writeCatalogOutputs` returned (a path, or a URI in the store). */
async function readOutput(env: CatalogTestEnv, location: string): Promise<Buffer> {
  if (path.isAbsolute(location)) return readFile(location);
  const base = env.outputs.store.uri.replace(/[?#].*$/, '');
  const bytes = await env.outputs.store.get(location.slice(base.length + 1));
  assert.ok(bytes, `${location} is in the store`);
  return bytes;
}

function failedRecord(index: number, sku: string, type: string, message: string, field?: string): LineRecord {
  return {
    index,
    line: index + 2,
    sku,
    status: type === 'InvalidLine' ? 'invalid' : 'failed',
    failure: { type, message, ...(field ? { field } : {}) },
    outputs: [],
    costUsd: type === 'InvalidLine' ? 0 : 0.02,
    attempts: type === 'InvalidLine' ? 0 : 3,
    settledAt: SETTLED,
  };
}

function tallies(records: LineRecord[]): CatalogTallies {
  const count = (status: LineRecord['status']) => records.filter((r) => r.status === status).length;
  return {
    total: records.length,
    published: count('published'),
    skipped: count('skipped'),
    failed: count('failed'),
    invalid: count('invalid'),
    cancelled: count('cancelled'),
    images: count('published'),
    costUsd: records.reduce((sum, r) => sum + r.costUsd, 0),
  };
}

for (const store of catalogStores('catalog-outputs')) {
  describe(`the catalog's own outputs on ${store.name}`, () => {
    it('writes results files that parse back, paged contact sheets and a report grouping failures by type', async (t) => {
      const env = await store.open();
      t.after(() => env.dispose());
      const catalogId = 'autumn';
      const published = await Promise.all(
        Array.from({ length: 59 }, (_, i) =>
          publishedLine(env, catalogId, { index: i, sku: `P-${i}`, fingerprint: `${i}`.padStart(64, 'a') }),
        ),
      );
      const earlier = await publishedLine(env, 'summer', {
        index: 0,
        sku: 'OLD-1',
        fingerprint: 'b'.repeat(64),
      });
      const skipped: LineRecord = {
        index: 59,
        line: 61,
        sku: 'P-59',
        status: 'skipped',
        fingerprint: 'b'.repeat(64),
        outputs: earlier.outputs,
        costUsd: 0,
        attempts: 0,
        note: 'already published by catalog summer (sku OLD-1)',
        settledAt: SETTLED,
      };
      const failures = [
        failedRecord(
          60,
          '<img src=x onerror=alert(1)>',
          'InvalidLine',
          'sku: must start with a letter',
          'sku',
        ),
        failedRecord(61, 'P-61', 'InvalidLine', 'style: Invalid option (got "neon")', 'style'),
        failedRecord(62, 'P-62', 'QualityRejected', 'coverage 0.10 below 0.20, "quoted", comma'),
      ];
      const records = [...published, skipped, ...failures];
      // Written in two calls, out of order: the files come out in manifest order.
      await env.run(env.activities.recordCatalogLines, { catalogId, records: records.slice(30) });
      await env.run(env.activities.recordCatalogLines, { catalogId, records: records.slice(0, 30) });

      const { files } = await env.run(env.activities.writeCatalogOutputs, {
        catalogId,
        title: 'Autumn <2026>',
        tallies: tallies(records),
      });

      const csv = parseCsv((await readOutput(env, files.resultsCsv)).toString('utf8'));
      const [header, ...rows] = csv;
      assert.deepEqual(header, [
        'sku',
        'line',
        'status',
        'failureType',
        'failureField',
        'failureMessage',
        'outputs',
        'costUsd',
        'attempts',
        'workflowId',
        'note',
      ]);
      assert.equal(rows.length, 63);
      assert.deepEqual(
        rows.map((row) => row[0]),
        records.map((r) => r.sku),
      );
      const column = (name: string) => (header ?? []).indexOf(name);
      const p0 = rows[0] ?? [];
      assert.equal(p0[column('status')], 'published');
      assert.equal(p0[column('outputs')], published[0]?.outputs.join(';'));
      assert.equal(p0[column('costUsd')], '0.04');
      assert.equal(p0[column('workflowId')], 'autumn/P-0');
      const quality = rows[62] ?? [];
      assert.equal(quality[column('failureType')], 'QualityRejected');
      assert.equal(quality[column('failureMessage')], 'coverage 0.10 below 0.20, "quoted", comma');
      assert.equal(quality[column('attempts')], '3');
      assert.equal(rows[59]?.[column('note')], skipped.note);

      const jsonl = (await readOutput(env, files.resultsJsonl))
        .toString('utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.equal(jsonl.length, 63);
      assert.deepEqual(jsonl[61], {
        sku: 'P-61',
        line: 63,
        status: 'invalid',
        failureType: 'InvalidLine',
        failureField: 'style',
        failureMessage: 'style: Invalid option (got "neon")',
        outputs: [],
        costUsd: 0,
        attempts: 0,
        workflowId: null,
        note: null,
      });

      // 59 published images and the skipped line's earlier one: 60 images, two pages of 48.
      assert.equal(files.contactSheets.length, 2);
      assert.ok(files.contactSheets[0]?.endsWith('contact-sheet-001.png'));
      assert.ok(files.contactSheets[1]?.endsWith('contact-sheet-002.png'));
      const [full, rest] = await Promise.all(
        files.contactSheets.map(async (sheet) => sharp(await readOutput(env, sheet)).metadata()),
      );
      assert.equal(full?.format, 'png');
      assert.equal(full?.width, rest?.width, 'both pages 8 columns wide');
      assert.ok((full?.height ?? 0) > (rest?.height ?? 0) * 2, 'a full page has 6 rows, the last 2');

      const html = (await readOutput(env, files.report)).toString('utf8');
      assert.match(html, /<title>Autumn &lt;2026&gt;<\/title>/);
      assert.ok(!html.includes('<img src=x'), 'the SKU is escaped');
      assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
      const invalidAt = html.indexOf('InvalidLine (2)');
      const qualityAt = html.indexOf('QualityRejected (1)');
      assert.ok(invalidAt > 0 && qualityAt > invalidAt, 'groups by type, the largest first');
      assert.ok(
        html.indexOf('P-61') > invalidAt && html.indexOf('P-61') < qualityAt,
        'P-61 under InvalidLine',
      );
      assert.ok(html.indexOf('P-62') > qualityAt, 'P-62 under QualityRejected');
      assert.match(html, /&quot;neon&quot;/);
      assert.ok(html.includes('$2.3800'), 'the cost of every line');
      assert.match(html, /contact-sheet-002\.png/);

      const folder = `${env.outputs.prefix}${runKeyOf(catalogId)}/`;
      assert.deepEqual(
        (await env.outputs.store.list(folder)).map((o) => o.key.slice(folder.length)),
        ['contact-sheet-001.png', 'contact-sheet-002.png', 'report.html', 'results.csv', 'results.jsonl'],
        'beside the children’s outputs, in the catalog’s own folder',
      );
    });

    it('writes the same files again when retried, and removes pages no longer needed', async (t) => {
      const env = await store.open();
      t.after(() => env.dispose());
      const catalogId = 'retry';
      const records = await Promise.all(
        Array.from({ length: 3 }, (_, i) =>
          publishedLine(env, catalogId, { index: i, sku: `R-${i}`, fingerprint: `${i}`.padStart(64, 'c') }),
        ),
      );
      await env.run(env.activities.recordCatalogLines, { catalogId, records });
      const folder = `${env.outputs.prefix}${runKeyOf(catalogId)}/`;
      // A page an earlier attempt left (the records it drew from were replaced since).
      await env.outputs.store.put(`${folder}contact-sheet-002.png`, Buffer.from('stale'));
      const input = { catalogId, title: 'Retry', tallies: tallies(records) };
      const first = await env.run(env.activities.writeCatalogOutputs, input);
      const second = await env.run(env.activities.writeCatalogOutputs, input);
      assert.deepEqual(second.files, first.files);
      assert.equal(first.files.contactSheets.length, 1);
      assert.deepEqual(
        (await env.outputs.store.list(folder)).map((o) => o.key.slice(folder.length)),
        ['contact-sheet-001.png', 'report.html', 'results.csv', 'results.jsonl'],
      );
    });
  });
}
