// browser.ts - finds the system's Chromium (Debian's `chromium` package; no browser download) and launches it headless
// with playwright-core in a fresh profile. Under CI=true a missing browser is an error; elsewhere the caller skips.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const INSTALL_HINT = 'install it with: sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium (or set THS_CHROMIUM=/path/to/chromium)';

/** Longest a browser launch may take. */
const LAUNCH_TIMEOUT_MS = 30_000;

/** THS_CHROMIUM, then the Debian / Ubuntu paths; undefined when there is none. */
export function findChromium(): string | undefined {
  const candidates = [process.env['THS_CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(p));
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches headless Chromium in a throwaway profile; `args` are added to the safe defaults. */
export async function launchChromium(executablePath: string, args: string[] = []): Promise<Browser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'ths-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    timeout: LAUNCH_TIMEOUT_MS,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', ...args],
  });
  return {
    context,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
