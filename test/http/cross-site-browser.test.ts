// A real headless Chromium loads a page from another origin that tries to trade through the real server (node
// src/main.ts -> pwsh -> simulated client): a form POST, an <img> GET and fetch calls to /buy. All are refused by the
// server and the simulated account is unchanged, while a plain Node HTTP client without browser headers trades.
// Then the ways a browser sends a link without any page of an attacker: a typed or restored address, a link click,
// prefetch and prerender, and IE-mode / WebBrowser control / HTML mail images: all refused, nothing placed.
import { expect } from 'chai';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromiumOrSkip, launchChromium, startRecordingProxy, type Browser, type Recorded, type RecordingProxy } from '../helpers/browser.ts';
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
    const exe = chromiumOrSkip(this);
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

/** Longest wait for a browser's speculative request (prefetch, prerender): it may also never come. */
const SPECULATION_WAIT_MS = 5_000;
const CANCEL_ALL = '/cancel?scope=all';

/** The headers of a recorded request that say "browser", for the test's output. */
function marksOf(r: Recorded): string {
  return Object.entries(r.headers).filter(([h]) => /^(sec-|purpose|upgrade-insecure|accept$|user-agent|origin)/.test(h)).map(([h, v]) => `${h}: ${v.slice(0, 60)}`).join(' | ');
}

describe('http/cross-site: a link places an order — no browser navigation, prefetch, prerender or mail image can trade without the token', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  let s: ServerProcess;
  let proxy: RecordingProxy;

  before(async function () {
    const exe = chromiumOrSkip(this);
    s = await startServerProcess();
    proxy = await startRecordingProxy(s.url);
    browser = await launchChromium(exe);
  });
  after(async () => {
    await browser?.close();
    await (proxy as RecordingProxy | undefined)?.close();
    await (s as ServerProcess | undefined)?.stop(); // unset when before() failed
  });

  /** Waits (bounded) until the proxy has seen a request whose path starts with `prefix`, and returns them all. */
  async function seenFor(prefix: string, waitMs = PAGE_SETTLE_MS): Promise<Recorded[]> {
    const end = Date.now() + waitMs;
    while (!proxy.seen.some((r) => r.path.startsWith(prefix)) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    return proxy.seen.filter((r) => r.path.startsWith(prefix));
  }

  function expectAllRefused(got: Recorded[], codes: string[]): void {
    for (const r of got) {
      console.log(`        ${r.method} ${r.path.slice(0, 60)} -> ${r.status}: ${marksOf(r)}`);
      expect(r.status, r.body).to.equal(403);
      expect(codes).to.include((JSON.parse(r.body) as Record<string, unknown>)['error']);
    }
  }

  // playwright's goto is CDP Page.navigate from a blank tab (what the address bar does: Sec-Fetch-Site: none), and it
  // follows the renderer swap a navigation to another site makes; reload is a restored tab.
  it('refuses a typed address /buy?… (Page.navigate, Sec-Fetch-Site: none) and its reload as a restored tab with 403 browser_request; the account has no new order', async () => {
    const before = JSON.stringify(s.state().orders);
    const tab = await browser!.context.newPage();
    const res = await tab.goto(`${proxy.url}/buy?${ORDER}&via=typed`, { timeout: PAGE_SETTLE_MS });
    expect(res?.status()).to.equal(403);
    expect(await tab.textContent('body')).to.contain('browser_request');
    await tab.reload({ timeout: PAGE_SETTLE_MS });
    const all = await seenFor('/buy?' + ORDER + '&via=typed');
    expect(all.length, 'the navigation and the reload').to.equal(2);
    expect(all.map((r) => r.headers['sec-fetch-site'])).to.deep.equal(['none', 'none']);
    expectAllRefused(all, ['browser_request']);
    await tab.close();
    expect(JSON.stringify(s.state().orders), 'the simulated account has no new order').to.equal(before);
  });

  it('still answers /balance typed in the browser (read routes keep working)', async () => {
    const tab = await browser!.context.newPage();
    const res = await tab.goto(`${proxy.url}/balance`, { timeout: PAGE_SETTLE_MS });
    expect(res?.status()).to.equal(200);
    expect(JSON.parse(await res!.text())).to.include({ status: 1 });
    await tab.close();
  });

  it('refuses a typed /cancel?scope=all with 403 browser_request and cancels nothing', async () => {
    const placed = await send(s.url, '/buy', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: ORDER });
    expect(placed.body?.['status'], placed.text).to.equal(1);
    const open = s.state().orders.filter((o) => o['status'] === 'reported' || o['status'] === 'partial');
    expect(open.length, 'an open order a cancel would touch').to.be.greaterThan(0);
    const before = JSON.stringify(s.state().orders);
    const tab = await browser!.context.newPage();
    const res = await tab.goto(proxy.url + CANCEL_ALL, { timeout: PAGE_SETTLE_MS });
    expect(res?.status()).to.equal(403);
    expectAllRefused(await seenFor(CANCEL_ALL), ['browser_request']);
    await tab.close();
    expect(JSON.stringify(s.state().orders), 'every order is as it was: nothing cancelled').to.equal(before);
  });

  it('refuses a link to /buy clicked on another origin\'s page (403), placing nothing', async () => {
    const before = JSON.stringify(s.state().orders);
    const page = await pageServer('127.0.0.2', `<!doctype html><a id="a" href="${proxy.url}/buy?${ORDER}&via=link">查看行情</a>`);
    try {
      const tab = await browser!.context.newPage();
      await tab.goto(page.origin + '/', { timeout: PAGE_SETTLE_MS });
      await tab.click('#a');
      const got = await seenFor('/buy?' + ORDER + '&via=link');
      expect(got.length).to.be.greaterThan(0);
      expectAllRefused(got, ['cross_site_request', 'browser_request']);
      await tab.close();
    } finally {
      await page.close();
    }
    expect(JSON.stringify(s.state().orders)).to.equal(before);
  });

  it('refuses whatever a <link rel=prefetch> and a speculation-rules prerender of /buy send (recording the headers), placing nothing', async () => {
    const before = JSON.stringify(s.state().orders);
    const rules = JSON.stringify({ prerender: [{ source: 'list', urls: [`${proxy.url}/buy?${ORDER}&via=prerender`] }], prefetch: [{ source: 'list', urls: [`${proxy.url}/buy?${ORDER}&via=rules-prefetch`] }] });
    const page = await pageServer('127.0.0.1', `<!doctype html><link rel="prefetch" href="${proxy.url}/buy?${ORDER}&via=prefetch"><script type="speculationrules">${rules}</script><p>quotes</p>`);
    try {
      const tab = await browser!.context.newPage();
      await tab.goto(page.origin + '/', { timeout: PAGE_SETTLE_MS });
      const prefetched = await seenFor('/buy?' + ORDER + '&via=prefetch');
      await seenFor('/buy?' + ORDER + '&via=prerender', SPECULATION_WAIT_MS);
      await seenFor('/buy?' + ORDER + '&via=rules-prefetch', SPECULATION_WAIT_MS);
      const all = proxy.seen.filter((r) => /via=(prefetch|prerender|rules-prefetch)/.test(r.path));
      const kinds = [...new Set(all.map((r) => /via=([a-z-]+)/.exec(r.path)![1]))].sort();
      console.log(`        speculative requests that reached the server: ${kinds.join(', ') || 'none'}`);
      expect(prefetched.length, '<link rel=prefetch> reached the server').to.be.greaterThan(0);
      expectAllRefused(all, ['cross_site_request', 'browser_request']);
      await tab.close();
    } finally {
      await page.close();
    }
    expect(JSON.stringify(s.state().orders)).to.equal(before);
  });

  // An <img> in a page shown by IE mode, an embedded WebBrowser control or an HTML mail: no Origin, no Sec-Fetch-*.
  const IMAGE_FETCHERS: Array<[string, Record<string, string>]> = [
    ['IE mode / IE 11', { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko', accept: 'image/png, image/svg+xml, image/*;q=0.8, */*;q=0.5' }],
    ['a WebBrowser control (MSIE 7 compatibility)', { 'user-agent': 'Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E)', accept: '*/*' }],
    ['Outlook showing an HTML mail', { 'user-agent': 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)', accept: '*/*' }],
  ];
  for (const [who, headers] of IMAGE_FETCHERS) {
    it(`refuses an <img src=/buy?…> fetched by ${who} (no Origin, no Sec-Fetch-*) with 403 browser_request, placing nothing`, async () => {
      const before = JSON.stringify(s.state().orders);
      for (const p of [`/buy?${ORDER}&via=img`, CANCEL_ALL]) {
        const r = await send(s.url, p, { headers });
        expect(r.http, r.text).to.equal(403);
        expect(r.body).to.include({ status: -1, error: 'browser_request' });
      }
      expect(JSON.stringify(s.state().orders)).to.equal(before);
    });
  }
});
