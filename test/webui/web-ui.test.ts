/**
 * Drives the dev server's Temporal Web UI in headless Chromium (Debian's `chromium`, driven by
 * playwright-core; never a downloaded browser): a finished Director run is listed, can be filtered by its
 * search attributes, and its page shows its summary, its stage table and activity summaries.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { EcommerceResult } from '../../src/shared/ecommerce';
import { launchChromiumOrSkip } from '../helpers/chromium';
import { drawProduct } from '../helpers/drawn-images';
import { tempDeps, useTemporal, withWorker } from '../helpers/temporal';
import { TEST_ENV } from '../helpers/test-server';
import { openUntil, UI_TIMEOUT_MS } from '../helpers/ui-page';

const temporal = useTemporal();
const NAMESPACE = 'default';
const TIMEOUT_MS = UI_TIMEOUT_MS;

function listUrl(ui: string, query?: string): string {
  const base = `${ui}/namespaces/${NAMESPACE}/workflows`;
  return query === undefined ? base : `${base}?query=${encodeURIComponent(query)}`;
}

describe('the Temporal Web UI', () => {
  it('lists a finished run, filters it by brand, and shows its summary, stage table and activity summaries', async (t) => {
    const ui = process.env[TEST_ENV.uiUrl];
    if (!ui) {
      const message = `NO WEB UI: run this file through test/run-tests.ts (it sets ${TEST_ENV.uiUrl})`;
      console.warn(`\n!!! ${message}\n`);
      return t.skip(message);
    }
    const browser = await launchChromiumOrSkip(t, 'the Web UI check');
    if (!browser) return;
    const env = temporal();
    const deps = await tempDeps();
    const brand = `webui-${randomUUID().slice(0, 8)}`;
    const summary = `Web UI check: a tote for ${brand}`;
    const workflowId = `test-webui-${brand}`;
    try {
      await withWorker(env, deps, async (taskQueue) => {
        const handle = await env.client.workflow.start('ecommerceDirector', {
          taskQueue,
          workflowId,
          args: [{ productImage: await drawProduct('tote'), canvasSize: 600, brand }],
          staticSummary: summary,
        });
        const result = (await handle.result()) as EcommerceResult;
        assert.equal(result.summary.status, 'completed');

        const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
        // The UI asks temporal.io for news: keep the check hermetic and fast.
        await context.route('**/*', (route) =>
          route.request().url().startsWith(ui) ? route.continue() : route.abort(),
        );
        const page = await context.newPage();

        await openUntil(page, listUrl(ui), workflowId);
        const filtered = await openUntil(page, listUrl(ui, `DirectorBrand="${brand}"`), workflowId);
        assert.match(filtered, /(^|\s)1\s+Workflow\s/, 'the brand filter keeps exactly this run');
        await openUntil(
          page,
          listUrl(ui, `DirectorName="ecommerce" AND DirectorStage="completed" AND DirectorBrand="${brand}"`),
          workflowId,
        );
        await openUntil(page, listUrl(ui, `DirectorBrand="${brand}-other"`), 'No Workflows Found');
        const listShot = path.join(os.tmpdir(), `director-webui-list-${brand}.png`);
        await page.goto(listUrl(ui, `DirectorBrand="${brand}"`));
        await page.locator('main').getByText(workflowId).first().waitFor({ timeout: TIMEOUT_MS });
        await page.screenshot({ path: listShot });

        const runPage = `${ui}/namespaces/${NAMESPACE}/workflows/${workflowId}/${handle.firstExecutionRunId}`;
        // Current details come from a query the worker answers, so this page needs the worker running.
        const metadata = await openUntil(page, `${runPage}/user-metadata`, 'quality-check');
        assert.ok(metadata.includes(summary), 'the one-line summary is shown');
        for (const stage of ['intake', 'composition', 'publish', 'report']) {
          assert.ok(metadata.includes(stage), `the stage table names ${stage}`);
        }
        assert.match(metadata, /ecommerce\s*·\s*completed/);
        const detailsShot = path.join(os.tmpdir(), `director-webui-run-${brand}.png`);
        await page.screenshot({ path: detailsShot, fullPage: true });

        await openUntil(page, `${runPage}/history`, 'writeRunReport (1 output)');
        await context.close();
        console.log(`Web UI screenshots: ${listShot} ${detailsShot}`);
      });
    } finally {
      await browser.close();
      await deps.dispose();
    }
  });
});
