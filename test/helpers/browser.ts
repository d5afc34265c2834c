// browser.ts - finds the system's Chromium (Debian's `chromium` package; no browser download) and launches it headless
// with playwright-core in a fresh profile. Under CI=true a missing browser is an error; elsewhere the caller skips.
// A recording proxy shows which headers the browser really sent.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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

/** The Chromium to use; with none, an error under CI=true, else the calling suite (its `before`) is skipped with the hint. */
export function chromiumOrSkip(ctx: Mocha.Context): string {
  const exe = findChromium();
  if (exe) return exe;
  if (process.env['CI'] === 'true') throw new Error(`Chromium is required under CI=true but was not found: ${INSTALL_HINT}`);
  console.log(`      (skipped: no Chromium found; ${INSTALL_HINT})`);
  ctx.skip();
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

/** One request that went through a recording proxy: what the browser sent and what the gateway answered. */
export interface Recorded {
  method: string;
  path: string;
  headers: Record<string, string>;
  status: number;
  body: string;
}

export interface RecordingProxy {
  /** `http://127.0.0.1:<port>`: point the browser here instead of at the gateway. */
  url: string;
  /** Every request so far, oldest first. */
  seen: Recorded[];
  close(): Promise<void>;
}

/** A reverse proxy on a free loopback port that forwards every request to `target` unchanged (Host included) and
 * records its headers and the answer, so a test can say exactly what a browser sent and how it was answered. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const t = new URL(target);
  const seen: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const headers: Record<string, string> = {};
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) headers[req.rawHeaders[i]!.toLowerCase()] = req.rawHeaders[i + 1]!;
    const up = http.request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers, agent: false }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        seen.push({ method: req.method ?? '', path: req.url ?? '', headers, status: answer.statusCode ?? 0, body: body.toString('utf8') });
        const out = { ...answer.headers };
        delete out['transfer-encoding'];
        delete out.connection;
        res.writeHead(answer.statusCode ?? 502, { ...out, 'content-length': String(body.length) });
        res.end(body);
      });
    });
    up.on('error', (err) => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers, status: 0, body: String(err) });
      res.destroy();
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
