import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderCatalogOutcome } from '../../src/cli/catalog/catalog-outcome';
import { CatalogView } from '../../src/cli/catalog/catalog-view';
import {
  catalogBar,
  catalogRateLine,
  formatEta,
  latestFailureLines,
  renderCatalogFrame,
  undoOf,
} from '../../src/cli/catalog/render-catalog';
import type { CatalogProgress } from '../../src/shared/catalog';

const tallies = {
  total: 10,
  published: 3,
  skipped: 1,
  failed: 1,
  invalid: 0,
  cancelled: 0,
  images: 3,
  costUsd: 0.12,
};

function progress(over: Partial<CatalogProgress> = {}): CatalogProgress {
  return {
    kind: 'catalog',
    catalogId: 'catalog-spring-1',
    title: 'Spring',
    status: 'running',
    total: 10,
    done: 4,
    failed: 1,
    running: 2,
    waiting: 3,
    segment: 0,
    imagesPerMinute: 6.25,
    etaSeconds: 432,
    costUsd: 0.12,
    latestFailures: [],
    tallies,
    ...over,
  };
}

describe('a catalog progress as the CLI draws it', () => {
  it('draws done, failed, running and waiting lines in proportion, with the counts', () => {
    assert.equal(
      catalogBar(progress(), 10),
      '[####x>>...] 5/10 (50%)  4 done · 1 failed · 2 running · 3 waiting',
    );
    // A part too small for a mark of its own still shows one.
    const big = progress({ total: 1000, done: 990, failed: 1, running: 9, waiting: 0 });
    assert.match(catalogBar(big, 10), /^\[#{8,9}x>\] 991\/1000 \(99%\)/);
  });

  it('shows the rate, the ETA and the cost, and no ETA while paused or before a line settles', () => {
    assert.equal(catalogRateLine(progress()), '6.3 images/min · ETA 7 min 12 s · $0.1200 so far');
    assert.match(catalogRateLine(progress({ status: 'paused', etaSeconds: null })), /ETA — \(paused\)/);
    assert.match(catalogRateLine(progress({ etaSeconds: null })), /ETA — \(no line settled yet\)/);
    assert.equal(formatEta(3 * 3600 + 5 * 60 + 9), '3 h 05 min');
    assert.equal(formatEta(45), '45 s');
  });

  it('lists the latest failures newest first, saying how many there are in all', () => {
    const failures = [1, 2, 3, 4, 5, 6].map((n) => ({
      sku: `SKU-${n}`,
      line: n + 1,
      type: 'InvalidLine',
      message: `style: unknown style "s${n}"`,
    }));
    const lines = latestFailureLines(progress({ failed: 9, latestFailures: failures }));
    assert.equal(lines[0], 'latest failures (5 of 9):');
    assert.equal(lines[1], '  ✗ line 7  SKU-6  InvalidLine: style: unknown style "s6"');
    assert.equal(lines.length, 6);
    const frame = renderCatalogFrame(progress({ segment: 2, latestFailures: failures.slice(0, 1) }));
    assert.equal(frame[0], 'catalog-spring-1  "Spring"  running  segment 3');
    assert.ok(frame.some((line) => line.includes('✗ line 2  SKU-1')));
  });

  it("shows a finished catalog's tallies and files, and a cancelled one's undone lines", () => {
    const done = renderCatalogOutcome({
      ok: true,
      result: {
        catalogId: 'c',
        title: 'Spring',
        tallies,
        segments: 1,
        files: {
          resultsCsv: '/s/results.csv',
          resultsJsonl: '/s/results.jsonl',
          report: '/s/report.html',
          contactSheets: ['/s/sheet-1.jpg', '/s/sheet-2.jpg'],
        },
      },
    }).join('\n');
    assert.match(done, /completed in 1 segment: 3 published, 1 skipped \(already published\), 1 failed/);
    for (const file of ['/s/results.csv', '/s/results.jsonl', 'report: /s/report.html', '/s/sheet-2.jpg'])
      assert.ok(done.includes(file), done);
    const undo = undoOf([{ undo: { undone: [{ sku: 'A', line: 2, objects: 4 }], lines: 12, objects: 40 } }]);
    assert.ok(undo);
    const cancelled = renderCatalogOutcome({
      ok: false,
      type: 'CatalogCancelled',
      message: 'cancelled: wrong season',
      undo,
    });
    assert.deepEqual(cancelled, [
      'Failed: CatalogCancelled: cancelled: wrong season',
      'undone: 12 lines, 40 objects removed',
      '  ↶ line 2  A  (4 objects)',
      '  … and 11 more',
    ]);
    assert.equal(undoOf([{ summary: {} }]), undefined);
  });

  it('prints a log (not a terminal) line by line: each failure once, a bar per status change or 5 % step', () => {
    let written = '';
    const stream = {
      isTTY: false,
      write: (text: string) => (written += text),
    } as unknown as NodeJS.WriteStream;
    const view = new CatalogView(stream);
    const failure = { sku: 'SKU-2', line: 3, type: 'InvalidLine', message: 'image: no such file' };
    view.update(progress({ latestFailures: [failure] }));
    view.update(progress({ latestFailures: [failure] })); // nothing new: nothing printed
    view.update(progress({ done: 6, waiting: 1, latestFailures: [failure] }));
    view.update(progress({ status: 'paused', done: 6, running: 0, waiting: 3, latestFailures: [failure] }));
    const lines = written.trimEnd().split('\n');
    assert.equal(lines.filter((line) => line.includes('✗ line 3  SKU-2')).length, 1, written);
    assert.deepEqual(
      lines.filter((line) => !line.includes('[')),
      [
        '  catalog-spring-1: running',
        '  ✗ line 3  SKU-2  InvalidLine: image: no such file',
        '  catalog-spring-1: paused',
      ],
    );
    assert.equal(lines.filter((line) => line.includes('[')).length, 3, written);
  });
});
