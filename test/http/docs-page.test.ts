// GET /docs in a real headless Chromium, offline: Swagger UI from the swagger-ui-dist package's own files renders the
// operations of /openapi.json, with no console error and no request leaving the loopback; "Try it out" reads the
// balance through the real app and a page's order is refused (browser_request). The guards run before the page, and
// with a token configured the page and the document stay readable while the routes do not.
import { expect } from 'chai';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DOCS_CSP } from '../../src/http/openapi/docs-routes.ts';
import { chromiumOrSkip, launchChromium, type Browser } from '../helpers/browser.ts';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.ts';
import { send } from '../helpers/raw-http.ts';

/** Longest Swagger UI may take to fetch the document and render the operations (a 1.5 MB bundle on a busy CI box). */
const RENDER_TIMEOUT_MS = 20_000;
const TOKEN = 'docs-page-token-0123456789abcdef';

describe('http/docs-page: /docs in headless Chromium', function () {
  let browser: Browser | undefined;
  let s: FakeServer;
  let page: Page;
  const consoleErrors: string[] = [];
  const leftLoopback: string[] = [];

  before(async function () {
    const exe = chromiumOrSkip(this);
    s = await startFakeServer();
    browser = await launchChromium(exe);
    // Offline: anything not addressed to the loopback is recorded and aborted.
    await browser.context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') await route.continue();
      else {
        leftLoopback.push(url.href);
        await route.abort();
      }
    });
    page = await browser.context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(String(err)));
    await page.goto(`${s.url}/docs`);
    await page.locator('#operations-account-getBalance').waitFor({ timeout: RENDER_TIMEOUT_MS });
  });

  after(async () => {
    await browser?.close();
    await (s as FakeServer | undefined)?.close();
  });

  it('renders the operations of /openapi.json with a Chinese title, no console error and nothing off the loopback', async () => {
    expect(await page.title()).to.match(/^接口文档/);
    expect(await page.locator('html').getAttribute('lang')).to.equal('zh-CN');
    for (const id of ['account-getBalance', 'orders-postBuy', 'orders-getCancel', 'journal-postJournalByidSettle']) {
      expect(await page.locator(`#operations-${id}`).count(), id).to.equal(1);
    }
    expect(await page.locator('.opblock-summary-path').first().textContent()).to.equal('/balance');
    // THS_KEEP_SCREENSHOT=1 keeps the picture to look at (its path is printed); otherwise it is removed.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ths-docs-'));
    const shot = path.join(dir, 'docs.png');
    await page.screenshot({ path: shot, fullPage: false });
    expect(statSync(shot).size).to.be.greaterThan(20_000);
    if (process.env['THS_KEEP_SCREENSHOT'] === '1') console.log(`      screenshot: ${shot}`);
    else rmSync(dir, { recursive: true, force: true });
    expect(consoleErrors).to.deep.equal([]);
    expect(leftLoopback).to.deep.equal([]);
  });

  it('reads the balance through "Try it out" and shows the envelope', async () => {
    const op = page.locator('#operations-account-getBalance');
    await op.locator('.opblock-summary').click();
    await op.locator('button.try-out__btn').click();
    await op.locator('button.execute').click();
    const body = op.locator('.responses-wrapper .live-responses-table .microlight').first();
    await body.waitFor({ timeout: RENDER_TIMEOUT_MS });
    expect(await body.textContent()).to.contain('"status": 1').and.to.contain('资金余额');
    expect(s.requests().some((r) => r.cmd === 'balance')).to.equal(true);
    expect(consoleErrors).to.deep.equal([]);
  });

  it('has an order from the page refused with 403 browser_request and a POST with origin_not_allowed, nothing sent to the worker', async () => {
    const before = s.requests().length;
    const r = await page.evaluate(async () => {
      const res = await fetch('/buy?stock_code=600160&price=21.21&amount=100');
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    });
    expect(r.status).to.equal(403);
    expect(r.body['error']).to.equal('browser_request');
    // A POST from the page carries Origin: refused unless --allow-origin lists it (the page says so).
    const post = await page.evaluate(async () => (await (await fetch('/balance', { method: 'POST' })).json()) as Record<string, unknown>);
    expect(post['error']).to.equal('origin_not_allowed');
    expect(s.requests().length).to.equal(before);
  });

  it('sends a Content-Security-Policy allowing only this origin, and serves the assets from the package', async () => {
    const r = await send(s.url, '/docs');
    expect(r.http).to.equal(200);
    expect(r.headers['content-security-policy']).to.equal(DOCS_CSP);
    expect(DOCS_CSP).not.to.match(/https?:|\*|unsafe/);
    expect(r.text).not.to.match(/https?:\/\/(?!127\.0\.0\.1)/); // no CDN
    const js = await send(s.url, '/docs/assets/swagger-ui-bundle.js');
    expect(js.http).to.equal(200);
    expect(js.headers['content-type']).to.match(/javascript/);
    for (const p of ['/docs/assets/index.html', '/docs/assets/package.json', '/docs/assets/..%2fpackage.json']) {
      expect((await send(s.url, p)).http, p).to.equal(404);
    }
    expect((await send(s.url, '/docs', { method: 'POST' })).body?.['error']).to.equal('method_not_allowed');
  });

  it('gives a foreign Host or Origin nothing of the page or the document', async () => {
    for (const p of ['/docs', '/openapi.json', '/docs/assets/swagger-ui-bundle.js']) {
      const host = await send(s.url, p, { headers: { host: 'rebind.example:8888' } });
      expect(host.http, p).to.equal(403);
      expect(host.body?.['error']).to.equal('host_not_allowed');
      const origin = await send(s.url, p, { headers: { origin: 'http://evil.example' } });
      expect(origin.body?.['error'], p).to.equal('origin_not_allowed');
    }
  });

  it('keeps /docs and /openapi.json readable without the token when one is set, the routes not, and lets an order from the page through with the token', async () => {
    const t = await startFakeServer('', { token: TOKEN });
    try {
      expect((await send(t.url, '/docs')).http).to.equal(200);
      const doc = await send(t.url, '/openapi.json');
      expect(doc.http).to.equal(200);
      expect(doc.body?.['openapi']).to.match(/^3\.1\./);
      expect((await send(t.url, '/balance')).body?.['error']).to.equal('token_required');
      // What "Authorize" then "Try it out" does on the page: a same-origin GET with the bearer token places the order
      // (any page of the origin sends the same request; /openapi.json loads faster than the 1.5 MB UI).
      const tab = await browser!.context.newPage();
      await tab.goto(`${t.url}/openapi.json`);
      const status = await tab.evaluate(async (token) => (await fetch('/buy?stock_code=600160&price=21.21&amount=100', { headers: { authorization: `Bearer ${token}` } })).status, TOKEN);
      expect(status).to.equal(200);
      expect(t.requests().filter((r) => r.cmd === 'order')).to.have.length(1);
      await tab.close();
    } finally {
      await t.close();
    }
  });
});
