import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** How long a Web UI page may take to show what a test waits for (visibility lags a moment behind a run). */
export const UI_TIMEOUT_MS = 60_000;

/** The page's visible text, including the frames the UI renders markdown (summary, details) in. */
export async function visibleText(page: Page): Promise<string> {
  const texts = await Promise.all(
    page.frames().map((frame) =>
      frame
        .locator(frame === page.mainFrame() ? 'main' : 'body')
        .innerText({ timeout: 2_000 })
        .catch(() => ''),
    ),
  );
  return texts.join('\n');
}

/** Opens `url` until its text contains `text`, reloading now and then; fails showing what it saw. */
export async function openUntil(page: Page, url: string, text: string): Promise<string> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  await page.goto(url);
  for (let tick = 1; ; tick += 1) {
    const shown = await visibleText(page);
    if (shown.includes(text)) return shown;
    if (Date.now() > deadline) assert.fail(`${url} never showed '${text}'; it showed:\n${shown}`);
    await page.waitForTimeout(1_000);
    // Lists and details are fetched once per page load: load again every few seconds.
    if (tick % 5 === 0) await page.reload();
  }
}
