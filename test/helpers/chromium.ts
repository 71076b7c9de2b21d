import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { chromium, type Browser } from 'playwright-core';

/** Where Debian's `chromium` package installs the browser. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Chromium's flags for a headless run in a container: no sandbox, no GPU, no calls home. */
const HEADLESS_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The Chromium executable to drive: `CHROMIUM_PATH` when set (and only it, so a wrong setting is noticed),
 * else Debian's. Returns why there is none instead when it does not exist.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): { path: string } | { missing: string } {
  const explicit = env.CHROMIUM_PATH;
  if (explicit)
    return existsSync(explicit)
      ? { path: explicit }
      : { missing: `CHROMIUM_PATH=${explicit} does not exist` };
  return existsSync(DEBIAN_CHROMIUM)
    ? { path: DEBIAN_CHROMIUM }
    : {
        missing: `no ${DEBIAN_CHROMIUM}: install Debian chromium (apt-get install chromium) or set CHROMIUM_PATH`,
      };
}

/**
 * Launches headless Chromium, or skips the test loudly (a skipped browser check must never pass
 * unnoticed) and returns undefined when there is none. Never downloads a browser.
 */
export async function launchChromiumOrSkip(t: TestContext, what: string): Promise<Browser | undefined> {
  const found = findChromium();
  if ('missing' in found) {
    const message = `NO CHROMIUM: ${what} did not run — ${found.missing}`;
    console.warn(`\n!!! ${message}\n`);
    t.skip(message);
    return undefined;
  }
  return launchHeadless(found.path);
}

/** Launches the Chromium at `executablePath` headless, with the flags a container needs. */
export function launchHeadless(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: HEADLESS_ARGS });
}
