// A real headless Chromium loads a page from another origin that tries to trade through the real server (node
// src/main.ts -> pwsh -> simulated client): a form POST, an <img> GET and fetch calls to /buy. All are refused by the
// server and the simulated account is unchanged, while a plain Node HTTP client without browser headers trades.
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { findChromium, INSTALL_HINT, launchChromium, type Browser } from '../helpers/browser.ts';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { send } from '../helpers/raw-http.ts';

/** Longest the page's requests may take to reach the server and be answered. */
const PAGE_SETTLE_MS = 15_000;
const ORDER = 'stock_code=600160&price=21.21&amount=100';

/** The attacker's page: every way a page can fire a request at the gateway without the user's help. */
function attackPage(gateway: string): string {
  return `<!doctype html><meta charset="utf-8"><title>not a trading page</title>
<iframe name="sink"></iframe>
<form id="f" method="POST" action="${gateway}/buy" target="sink">
  <input name="stock_code" value="600160"><input name="price" value="21.21"><input name="amount" value="100">
</form>
<script>
  const GW = ${JSON.stringify(gateway)};
  const results = (window.results = {});
  const img = new Image();
  img.onload = () => (results.img = 'load');
  img.onerror = () => (results.img = 'error');
  img.src = GW + '/buy?${ORDER}&via=img';
  document.getElementById('f').submit();
  results.form = 'submitted';
  fetch(GW + '/buy?${ORDER}&via=no-cors', { mode: 'no-cors' }).then((r) => (results.noCors = r.type), () => (results.noCors = 'rejected'));
  fetch(GW + '/buy', { method: 'POST', body: new URLSearchParams('${ORDER}') }).then((r) => (results.simplePost = r.status), () => (results.simplePost = 'rejected'));
  fetch(GW + '/buy', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stock_code: '600160', price: 21.21, amount: 100 }) })
    .then((r) => (results.jsonPost = r.status), () => (results.jsonPost = 'rejected'));
</script>`;
}

/** A tiny web server for the attacker's page on another loopback address or port. */
async function pageServer(host: string, html: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    origin: `http://${host}:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

interface Refusal { code: string; method: string; path: string }

describe('http/cross-site: a real browser on another origin cannot trade; a script without browser headers can', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  let s: ServerProcess;

  before(async function () {
    const exe = findChromium();
    if (!exe) {
      if (process.env['CI'] === 'true') throw new Error(`Chromium is required under CI=true but was not found: ${INSTALL_HINT}`);
      console.log(`      (skipped: no Chromium found; ${INSTALL_HINT})`);
      this.skip();
    }
    s = await startServerProcess();
    browser = await launchChromium(exe, [`--host-resolver-rules=MAP rebind.test 127.0.0.1`]);
  });
  after(async () => {
    await browser?.close();
    await (s as ServerProcess | undefined)?.stop(); // unset when before() failed
  });

  const refusals = (): Refusal[] => s.logs.flatMap((l) => {
    try {
      const j = JSON.parse(l) as Record<string, unknown>;
      return j['msg'] === 'request refused' ? [{ code: String(j['code']), method: String(j['method']), path: String(j['path']) }] : [];
    } catch {
      return [];
    }
  });

  for (const [site, host] of [['cross-site', '127.0.0.2'], ['same-site', '127.0.0.1']] as const) {
    it(`refuses a form POST, an <img> GET and fetch calls from a ${site} page (${host}, another port), leaving the account unchanged`, async () => {
      const before = JSON.stringify(s.state().orders);
      const refusedBefore = refusals().length;
      const page = await pageServer(host, attackPage(s.url));
      try {
        const tab = await browser!.context.newPage();
        await tab.goto(page.origin + '/', { timeout: PAGE_SETTLE_MS });
        await tab.waitForFunction(() => {
          const r = (globalThis as unknown as { results: Record<string, unknown> }).results;
          return ['img', 'noCors', 'simplePost', 'jsonPost'].every((k) => k in r);
        }, undefined, { timeout: PAGE_SETTLE_MS });
        // The form's answer lands in the iframe; wait until the server has logged all five refusals.
        const end = Date.now() + PAGE_SETTLE_MS;
        while (refusals().length - refusedBefore < 5 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
        const results = await tab.evaluate(() => (globalThis as unknown as { results: Record<string, unknown> }).results);
        await tab.close();

        const got = refusals().slice(refusedBefore).map((r) => `${r.method} ${r.path} ${r.code}`).sort();
        // img + no-cors fetch: GETs without Origin, stopped by Sec-Fetch-Site; form + simple fetch POST: stopped by
        // Origin; the JSON fetch: its preflight is refused, so the POST itself is never sent.
        expect(got).to.deep.equal([
          `GET /buy cross_site_request`, `GET /buy cross_site_request`,
          'OPTIONS /buy origin_not_allowed', 'POST /buy origin_not_allowed', 'POST /buy origin_not_allowed',
        ]);
        expect(results['img']).to.equal('error');
        expect(results['simplePost']).to.equal('rejected'); // no CORS headers: the page cannot even read the refusal
        expect(results['jsonPost']).to.equal('rejected');
        expect(JSON.stringify(s.state().orders), 'the simulated account has no new order').to.equal(before);
      } finally {
        await page.close();
      }
    });
  }

  it('refuses a DNS-rebound name (rebind.test -> 127.0.0.1) in a real browser with 403 host_not_allowed', async () => {
    const before = JSON.stringify(s.state().orders);
    const tab = await browser!.context.newPage();
    const port = new URL(s.url).port;
    const res = await tab.goto(`http://rebind.test:${port}/buy?${ORDER}`, { timeout: PAGE_SETTLE_MS });
    expect(res?.status()).to.equal(403);
    expect(JSON.parse(await res!.text())).to.include({ status: -1, error: 'host_not_allowed', field: 'Host' });
    await tab.close();
    expect(JSON.stringify(s.state().orders)).to.equal(before);
  });

  it('lets a plain Node HTTP client with no browser headers place the order on the simulated client', async () => {
    const before = s.state().orders.length;
    const r = await send(s.url, '/buy', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: ORDER });
    expect(r.http, r.text).to.equal(200);
    expect(r.body?.['status']).to.equal(1);
    expect(r.body?.['entrust_no']).to.be.a('string').and.not.equal('');
    expect(s.state().orders.length).to.equal(before + 1);
  });
});
