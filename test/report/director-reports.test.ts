/**
 * Every finished Director run publishes a contact sheet and an HTML report beside its outputs, and names
 * the item each activity works on in its summary (shown in the Web UI's history and timeline).
 */
import assert from 'node:assert/strict';
import { copyFile, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type { WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import sharp from 'sharp';
import { findReportPaths } from '../../src/cli/report-paths';
import type { RunReportFiles } from '../../src/shared/run-report';
import { findChromium, launchHeadless } from '../helpers/chromium';
import { drawProduct, drawReferences } from '../helpers/drawn-images';
import { runWorkflow } from '../helpers/run-workflow';
import { tempDeps, useTemporal } from '../helpers/temporal';

const temporal = useTemporal();

/** The summaries of the activities a run ran, ordinary and local alike, from its history, in order. */
async function activitySummaries(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const activity = event.activityTaskScheduledEventAttributes ?? event.markerRecordedEventAttributes;
    const payload = activity ? event.userMetadata?.summary : undefined;
    return payload ? [defaultPayloadConverter.fromPayload<string>(payload)] : [];
  });
}

/** Copies a run's report files to the temp folder (the run's own folder is removed), printing where. */
async function keep(director: string, report: RunReportFiles): Promise<{ sheet: string; html: string }> {
  const sheet = path.join(os.tmpdir(), `director-report-${director}-contact-sheet.png`);
  const html = path.join(os.tmpdir(), `director-report-${director}.html`);
  await copyFile(report.contactSheet.path, sheet);
  await copyFile(report.html.path, html);
  console.log(`${director} report: ${sheet} ${html}`);
  return { sheet, html };
}

const CASES = [
  {
    director: 'ecommerce',
    workflowType: 'ecommerceDirector',
    input: async () => ({ productImage: await drawProduct('tote'), canvasSize: 600, style: 'warm-beige' }),
    outputs: 1,
    summaries: ['writeRunReport (1 output)'],
    texts: ['E-commerce Director · warm-beige', 'product.png', 'coverage'],
  },
  {
    director: 'creative',
    workflowType: 'creativeDirector',
    input: async () => ({
      referenceImages: await drawReferences(2),
      brand: 'linn-atelier',
      mood: 'serene morning',
      batchCount: 3,
      size: 320,
      validation: { minScore: 0 },
    }),
    outputs: 3,
    summaries: [
      'analyzeReference reference-0',
      'analyzeReference reference-1',
      'generateImage #2 (round 0)',
      'judgeImage #0 (round 0)',
      'renderImages #1',
      'writeRunReport (3 outputs)',
    ],
    texts: ['Prompts', 'serene morning', 'class="score"'],
  },
  {
    director: 'product',
    workflowType: 'productDirector',
    input: async () => ({
      productImage: await drawProduct('tshirt'),
      productType: 'apparel',
      options: { size: 512 },
    }),
    outputs: 2,
    summaries: ['writeRunReport (2 outputs)'],
    texts: ['try-on-web.jpg', 'garment-web.jpg', 'branch · virtual-try-on'],
  },
] as const;

describe('run reports', () => {
  for (const c of CASES) {
    it(`a finished ${c.director} run publishes its contact sheet and report.html`, async () => {
      const deps = await tempDeps();
      try {
        const run = await runWorkflow<{ report: RunReportFiles; summary: { stages: { name: string }[] } }>(
          temporal(),
          deps,
          c.workflowType,
          await c.input(),
        );
        assert.ok(run.result, String(run.error));
        const { report } = run.result;
        assert.equal(run.result.summary.stages.at(-1)?.name, 'report', 'report is the last stage');
        assert.deepEqual(findReportPaths(run.result), {
          contactSheet: report.contactSheet.path,
          html: report.html.path,
        });
        assert.equal(path.dirname(report.html.path), path.dirname(report.contactSheet.path));
        assert.ok(report.html.path.startsWith(deps.outputDir), 'published into the output folder');

        const sheet = await sharp(report.contactSheet.path).metadata();
        assert.equal(sheet.format, 'png');
        const html = await readFile(report.html.path, 'utf8');
        assert.equal([...html.matchAll(/<img src="data:image\/jpeg;base64,/g)].length, c.outputs);
        for (const text of c.texts) assert.ok(html.includes(text), `report.html shows '${text}'`);
        assert.ok(html.length < 2_000_000, `thumbnails keep the report small (${html.length} bytes)`);

        const summaries = await activitySummaries(run.handle);
        for (const summary of c.summaries)
          assert.ok(summaries.includes(summary), `'${summary}' in ${summaries.join(', ')}`);

        const kept = await keep(c.director, report);
        // The screenshot is for people to look at; the report's own checks above have run either way.
        const chromium = findChromium();
        if ('missing' in chromium) {
          console.warn(`!!! no screenshot of the ${c.director} report: ${chromium.missing}`);
          return;
        }
        const browser = await launchHeadless(chromium.path);
        try {
          const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
          await page.goto(pathToFileURL(kept.html).href);
          const shot = path.join(os.tmpdir(), `director-report-${c.director}.png`);
          await page.screenshot({ path: shot, fullPage: true });
          console.log(`${c.director} report screenshot: ${shot}`);
          // A string, evaluated in the page: this project's types have no DOM.
          const broken: unknown = await page.evaluate(
            'Array.from(document.images).filter((image) => image.naturalWidth === 0).length',
          );
          assert.equal(broken, 0, 'every embedded thumbnail decodes in the browser');
        } finally {
          await browser.close();
        }
      } finally {
        await deps.dispose();
      }
    });
  }
});
