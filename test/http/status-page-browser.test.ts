// The status page in headless Chromium: against the real server on the simulated client (node src/main.ts -> pwsh),
// after placing orders (one accepted, one of unknown outcome, one settled with a note that is markup): the worker
// state, the rows with their states, the unknown one highlighted with its settle calls, the markup shown as text, a
// redraw in place; no console error, no request off this server. Then the token case against the in-process app.
import { expect } from 'chai';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { chromiumOrSkip, launchChromium, type Browser } from '../helpers/browser.ts';
import { freshState, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { PLANTED, startPlantedApp, TOKEN } from '../helpers/status-page-app.ts';

/** Longest the page may take to show what the server has (one poll, STATUS_REFRESH_MS, plus the fetch). */
const PAGE_SHOWS_MS = 15_000;
const form = (o: Record<string, string>): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(o).toString() });

/** What one tab did: console errors, script errors, every URL it asked for, its navigations. */
interface Watched {
  page: Page;
  errors: string[];
  urls: string[];
  navigations: number;
}

async function watch(browser: Browser): Promise<Watched> {
  const page = await browser.context.newPage();
  const w: Watched = { page, errors: [], urls: [], navigations: 0 };
  page.on('console', (m) => {
    if (m.type() === 'error') w.errors.push(m.text());
  });
  page.on('pageerror', (e) => w.errors.push(String(e)));
  page.on('request', (r) => w.urls.push(r.url()));
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) w.navigations += 1;
  });
  return w;
}

describe('http/status-page in headless Chromium, on the real server and the simulated client', function () {
  this.timeout(120_000);
  let browser: Browser | undefined;
  let s: ServerProcess | undefined;
  let w: Watched;
  const ids: Record<string, number> = {};

  before(async function () {
    const exe = chromiumOrSkip(this);
    // Quick-trade mode with inline refusals: an order the client refuses without a popup is an unknown outcome.
    const statePath = freshState((st) => {
      st.client['resultDisplay'] = 'toast';
      st.client['inlineReject'] = true;
    });
    s = await startServerProcess({ statePath, args: ['--result-display', 'toast'] });
    const accepted = await s.get('/buy', form({ stock_code: '600160', price: '21.21', amount: '100', client_order_id: 'page-accepted' }));
    expect(accepted.body, accepted.text).to.include({ status: 1, entrust_no: '4025982646' });
    const unknown = await s.get('/buy', form({ stock_code: '600160', price: '21.21', amount: '900000', client_order_id: 'page-unknown' }));
    expect(unknown.http, unknown.text).to.equal(504);
    expect(unknown.body).to.include({ error: 'outcome_unknown' });
    const noted = await s.get('/sell', form({ stock_code: '600988', price: '18.50', amount: '900000' }));
    expect(noted.body, noted.text).to.include({ error: 'outcome_unknown' });
    const settled = await s.get(`/journal/${String(noted.body['journal_id'])}/settle`, form({ settlement: 'absent', note: PLANTED }));
    expect(settled.http, settled.text).to.equal(200);
    Object.assign(ids, { accepted: Number(accepted.body['journal_id']), unknown: Number(unknown.body['journal_id']), noted: Number(noted.body['journal_id']) });
    browser = await launchChromium(exe);
    w = await watch(browser);
    await w.page.goto(s.url + '/');
    await w.page.locator('#order-rows tr').nth(2).waitFor({ timeout: PAGE_SHOWS_MS });
  });
  after(async () => {
    await browser?.close();
    await s?.stop();
  });

  it('shows the worker state, the client window and the placed order\'s row with its state and contract number', async () => {
    const worker = await w.page.locator('#worker-facts').innerText();
    expect(worker).to.contain('就绪 ready').and.contain('sim').and.contain('已找到 found');
    const row = w.page.locator(`#order-${String(ids['accepted'])}`);
    expect(await row.getAttribute('class')).to.equal('state-accepted');
    expect(await row.innerText()).to.contain('已受理 accepted').and.contain('4025982646').and.contain('600160').and.contain('page-accepted');
    expect(await w.page.locator('#security-facts').innerText()).to.contain('未设置 off').and.contain('关 off');
  });

  it('highlights the unknown order and shows what to check and the settle calls with its id', async () => {
    const row = w.page.locator(`#order-${String(ids['unknown'])}`);
    expect(await row.getAttribute('class')).to.equal('state-unknown unsettled');
    expect(await row.innerText()).to.contain('结果未知 unknown').and.contain('待对账 settle');
    // The test's lib has no DOM types: the page's own getComputedStyle, typed here.
    const background = await row.evaluate((e) => (globalThis as unknown as { getComputedStyle(el: unknown): { backgroundColor: string } }).getComputedStyle(e).backgroundColor);
    expect(background).to.equal('rgb(255, 241, 194)');
    expect(await w.page.locator('#settle').isVisible()).to.equal(true);
    const card = await w.page.locator(`#settle-${String(ids['unknown'])}`).innerText();
    expect(card).to.contain('当日委托').and.contain(`-d settlement=absent ${s!.url}/journal/${String(ids['unknown'])}/settle`);
    expect(card).to.contain(`-d settlement=accepted -d "entrust_no=<合同编号>" ${s!.url}/journal/${String(ids['unknown'])}/settle`);
    expect(await w.page.locator('.card').count(), 'only the unsettled one has a card').to.equal(1);
  });

  it('shows a settlement note that is markup as text and runs none of it', async () => {
    const row = w.page.locator(`#order-${String(ids['noted'])}`);
    expect(await row.innerText()).to.contain(PLANTED).and.contain('已对账 absent');
    expect(await w.page.locator('#order-rows img, #order-rows script').count()).to.equal(0);
    expect(await w.page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned)).to.equal(undefined);
  });

  it('adds an order placed after the page opened, in place, without a navigation', async () => {
    const r = await s!.get('/sell', form({ stock_code: '600988', price: '18.50', amount: '100' }));
    expect(r.body, r.text).to.include({ status: 1 });
    const row = w.page.locator(`#order-${String(r.body['journal_id'])}`);
    await row.waitFor({ timeout: PAGE_SHOWS_MS });
    expect(await row.innerText()).to.contain('卖出 sell').and.contain('600988');
    expect(w.navigations, 'one load, then redraws').to.equal(1);
  });

  it('logged no console error, and asked nothing of any address but this server; a full-page screenshot is written as a PNG for a person to look at', async () => {
    expect(w.errors).to.deep.equal([]);
    const origin = new URL(s!.url).origin;
    expect(w.urls.filter((u) => new URL(u).origin !== origin)).to.deep.equal([]);
    expect(w.urls.filter((u) => !u.endsWith('/status.json')), 'the page itself, once').to.deep.equal([origin + '/']);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ths-status-shot-')), 'status-page.png');
    await w.page.setViewportSize({ width: 1280, height: 900 });
    await w.page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).to.be.greaterThan(10_000);
    expect(readFileSync(file).subarray(0, 8).toString('hex')).to.equal('89504e470d0a1a0a');
    console.log(`      (screenshot: ${file})`);
  });
});

describe('http/status-page in headless Chromium with a token configured', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let app: Awaited<ReturnType<typeof startPlantedApp>> | undefined;

  before(async function () {
    const exe = chromiumOrSkip(this);
    app = await startPlantedApp({ token: TOKEN });
    browser = await launchChromium(exe);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('asks for the token before any data, then shows the data with the token sent as X-Ths-Token, never in a URL', async () => {
    const w = await watch(browser!);
    const sent: Array<string | undefined> = [];
    w.page.on('request', (r) => {
      if (r.url().endsWith('/status.json')) sent.push(r.headers()['x-ths-token']);
    });
    await w.page.goto(app!.url + '/');
    await w.page.locator('#token').waitFor({ timeout: PAGE_SHOWS_MS });
    expect(await w.page.locator('#status').isHidden()).to.equal(true);
    expect(sent, 'no data asked for without a token').to.deep.equal([]);
    await w.page.fill('#token', TOKEN);
    await w.page.click('button[type=submit]');
    await w.page.locator('#order-rows tr').nth(3).waitFor({ timeout: PAGE_SHOWS_MS });
    expect(await w.page.locator('#login').isHidden()).to.equal(true);
    expect(await w.page.locator('#security-facts').innerText()).to.contain('已设置 on').and.not.contain(TOKEN);
    expect(await w.page.locator(`#settle-${String(app!.ids.unknown)}`).innerText()).to.contain('-H "X-Ths-Token: $THS_TOKEN"');
    await w.page.reload();
    await w.page.locator('#order-rows tr').nth(3).waitFor({ timeout: PAGE_SHOWS_MS });
    expect(sent.length).to.be.greaterThan(1);
    expect(sent.every((t) => t === TOKEN), 'every poll sent the token in its header').to.equal(true);
    expect(w.urls.filter((u) => u.includes(TOKEN))).to.deep.equal([]);
    expect(w.errors).to.deep.equal([]);
  });

  it('says a wrong token is wrong and shows no data', async () => {
    const w = await watch(browser!);
    await w.page.goto(app!.url + '/');
    await w.page.fill('#token', 'not-the-token-0123456789abcdef');
    await w.page.click('button[type=submit]');
    await w.page.locator('#login-error').filter({ hasText: '令牌不正确' }).waitFor({ timeout: PAGE_SHOWS_MS });
    expect(await w.page.locator('#status').isHidden()).to.equal(true);
    expect(await w.page.locator('#order-rows tr').count()).to.equal(0);
  });
});
