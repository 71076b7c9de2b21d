import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import sharp from 'sharp';
import { createReportActivities } from '../../src/activities/report';
import { findReportPaths } from '../../src/cli/report-paths';
import { escapeHtml, renderReportHtml, type ReportDocument } from '../../src/report/render-html';
import { reportSheetKey, type RunReportFiles, type RunReportInput } from '../../src/shared/run-report';
import type { RunSummary } from '../../src/shared/stages';
import { listFilesUnder } from '../helpers/files';
import { tempDeps } from '../helpers/temp-deps';

const SUMMARY: RunSummary = {
  director: 'creative',
  status: 'running',
  stages: [
    {
      name: 'image-generation',
      status: 'completed',
      attempts: 1,
      durationMs: 2400,
      items: { settled: 3, total: 3, failed: 0 },
    },
    { name: 'approval', status: 'skipped', attempts: 0, reason: 'approval not required' },
    { name: 'report', status: 'running', attempts: 0 },
  ],
  compensations: [],
  durationMs: 2400,
};

const PIXEL = `data:image/png;base64,${'iVBORw0KGgo='}`;

function doc(overrides: Partial<ReportDocument> = {}): ReportDocument {
  return {
    title: 'Creative Director · linn-atelier',
    director: 'creative',
    runKey: 'run-1',
    generatedAt: '2025-01-01T00:00:00.000Z',
    summary: SUMMARY,
    items: [{ label: '#0', score: 0.87, thumbnail: { dataUri: PIXEL, width: 1, height: 1 } }],
    ...overrides,
  };
}

/** The report activities, each run as Temporal runs an activity (it heartbeats). */
function reportActivities(deps: Parameters<typeof createReportActivities>[0]) {
  const activities = createReportActivities(deps);
  // Expected failures are asserted on: keep the activity's own warning log out of the test output.
  const env = new MockActivityEnvironment(undefined, { logger: new DefaultLogger('ERROR') });
  const write = (input: RunReportInput) => activities.writeRunReport(input);
  const undo = (input: { runKey: string }) => activities.deleteRunReport(input);
  return {
    writeRunReport: (input: RunReportInput) =>
      env.run<[RunReportInput], RunReportFiles, typeof write>(write, input),
    deleteRunReport: (input: { runKey: string }) =>
      env.run<[{ runKey: string }], { removed: number }, typeof undo>(undo, input),
  };
}

async function drawImage(colour: string, width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

describe('the HTML report', () => {
  it('escapes every value it prints, so a prompt or label cannot inject markup', () => {
    const html = renderReportHtml(
      doc({
        title: '<script>alert(1)</script>',
        items: [
          { label: '"><img src=x onerror=alert(1)>', thumbnail: { dataUri: PIXEL, width: 1, height: 1 } },
        ],
        prompts: [{ index: 0, text: 'a <b>bold</b> & "quoted" look' }],
        facts: [{ name: "mood's", value: '</dd><script>' }],
      }),
    );
    assert.ok(!html.includes('<script>'), 'no script element');
    assert.ok(!html.includes('<img src=x'), 'no injected image');
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(html.includes('a &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; look'));
    assert.equal(escapeHtml(`<>&"'`), '&lt;&gt;&amp;&quot;&#39;');
  });

  it('loads nothing from anywhere: a strict content security policy and only data-URI images', () => {
    const html = renderReportHtml(doc());
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; img-src data:;/);
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//);
    assert.throws(
      () =>
        renderReportHtml(
          doc({
            items: [{ label: 'x', thumbnail: { dataUri: 'javascript:alert(1)', width: 1, height: 1 } }],
          }),
        ),
      /not an image data URI/,
    );
  });

  it('shows the finished stages with times and item counts, but not the report stage writing it', () => {
    const html = renderReportHtml(doc());
    assert.match(html, /<td>image-generation<\/td><td>completed<\/td><td class="num">2\.4 s<\/td>/);
    assert.match(html, /3\/3 items/);
    assert.match(html, /approval not required/);
    assert.doesNotMatch(html, /<td>report<\/td>/);
    assert.match(html, /<span class="score">0\.87<\/span>/);
  });

  it('shows the cost when the run paid for model calls', () => {
    const cost = {
      calls: 4,
      inputTokens: 1200,
      outputTokens: 300,
      images: 3,
      costUsd: 0.117,
      models: ['gemini-x'],
    };
    const html = renderReportHtml(doc({ cost }));
    assert.match(html, /\$0\.1170/);
    assert.match(html, /gemini-x/);
    assert.doesNotMatch(renderReportHtml(doc()), /<h2>Cost<\/h2>/);
  });
});

describe('writeRunReport', () => {
  it('publishes a labelled contact sheet and a self-contained report with thumbnails; deleteRunReport removes both', async () => {
    const deps = await tempDeps();
    const activities = reportActivities(deps);
    const colours = ['#c0392b', '#27ae60', '#2980b9'];
    const items = await Promise.all(
      colours.map(async (colour, i) => ({
        label: `#${i}`,
        score: 0.5 + i / 10,
        image: await deps.blobs.put(`runs/run-1/generation/${i}-r0.png`, {
          bytes: await drawImage(colour, 1200, 900),
          mimeType: 'image/png',
          width: 1200,
          height: 900,
        }),
      })),
    );
    const input = { runKey: 'run-1', director: 'creative', title: 'A test run', summary: SUMMARY, items };
    const files = await activities.writeRunReport(input);

    assert.equal(files.contactSheet.name, 'contact-sheet.png');
    assert.equal(files.html.name, 'report.html');
    const sheet = await sharp(files.contactSheet.path).metadata();
    assert.equal(sheet.format, 'png');
    // ceil(√3) = 2 columns of 256 px cells with 15 px gaps; 2 rows with a label line under each.
    assert.equal(sheet.width, 2 * 256 + 3 * 15);
    assert.ok(sheet.height > 2 * 256, `two rows of cells (height ${sheet.height})`);

    const html = await readFile(files.html.path, 'utf8');
    const thumbnails = [...html.matchAll(/src="data:image\/jpeg;base64,([A-Za-z0-9+/=]+)"/g)];
    assert.equal(thumbnails.length, 3, 'one embedded thumbnail per item');
    const thumb = await sharp(Buffer.from(thumbnails[0]?.[1] ?? '', 'base64')).metadata();
    assert.deepEqual([thumb.width, thumb.height], [320, 240], 'thumbnails, not full size');
    assert.match(html, /#2 <span class="score">0\.70<\/span>/);
    assert.deepEqual(findReportPaths({ report: files }), {
      contactSheet: files.contactSheet.path,
      html: files.html.path,
    });

    const again = await activities.writeRunReport(input);
    assert.equal(again.contactSheet.image.sha256, files.contactSheet.image.sha256, 'idempotent');

    assert.equal((await activities.deleteRunReport({ runKey: 'run-1' })).removed, 3);
    assert.ok(!existsSync(files.html.path) && !existsSync(files.contactSheet.path));
    assert.deepEqual(await listFilesUnder(deps.outputDir), []);
    assert.ok(!(await listFilesUnder(deps.dataDir)).some((f) => f.endsWith(`${reportSheetKey('run-1')}`)));
    assert.equal((await activities.deleteRunReport({ runKey: 'run-1' })).removed, 0, 'undo is idempotent');
    await deps.dispose();
  });

  it('refuses a report with no outputs as InvalidInput', async () => {
    const deps = await tempDeps();
    const input = { runKey: 'run-2', director: 'ecommerce', title: 'empty', summary: SUMMARY, items: [] };
    await assert.rejects(reportActivities(deps).writeRunReport(input), { type: 'InvalidInput' });
    assert.deepEqual(await listFilesUnder(deps.outputDir), [], 'nothing half-written');
    await deps.dispose();
  });
});

describe('findReportPaths', () => {
  it('finds nothing in a result without a report (an older run) or in something else', () => {
    assert.equal(findReportPaths({ workflowId: 'x', files: [] }), undefined);
    assert.equal(findReportPaths(null), undefined);
    assert.equal(findReportPaths({ report: { html: { path: 7 } } }), undefined);
  });
});
