// The status page at app level (in-process app over a bridge double and a real journal): the shell and its CSP, the
// JSON data, caller text kept as data, the guards, the token case and read-only methods. The browser cases are in
// status-page-browser.test.ts.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { STATUS_REFRESH_MS } from '../../src/http/status-page/status-data.ts';
import { send, type RawReply } from '../helpers/raw-http.ts';
import { PLANTED, startPlantedApp, TOKEN } from '../helpers/status-page-app.ts';

const hash = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const inner = (html: string, tag: string): string => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(html)?.[1] ?? '';
const message = (r: RawReply): Record<string, unknown> => r.body?.['message'] as Record<string, unknown>;

describe('http/status-page: the status page and its data at app level', () => {
  let s: Awaited<ReturnType<typeof startPlantedApp>>;
  const auth = { 'x-ths-token': TOKEN };
  before(async () => {
    s = await startPlantedApp({ token: TOKEN, allowHosts: ['trader.lan'], risk: { max_shares_per_order: 1000, trading_hours: [{ text: '09:30-11:30', start: 570, end: 690 }] } });
    // The operator settles one unknown order with a note that is markup.
    const settled = await send(s.url, `/journal/${String(s.ids.settled)}/settle`, { headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ settlement: 'absent', note: PLANTED }).toString() });
    expect(settled.http, settled.text).to.equal(200);
  });
  after(async () => {
    await s.close();
  });

  it('answers GET / without the token with the Chinese-first shell: no account data, no external asset, a CSP allowing only its own inline script and style', async () => {
    const r = await send(s.url, '/');
    expect(r.http).to.equal(200);
    expect(r.headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(r.text).to.contain('<html lang="zh-CN">').and.contain('需要访问令牌').and.contain('var TOKEN_REQUIRED = true;');
    expect(r.text.indexOf('状态')).to.be.lessThan(r.text.indexOf('status'));
    for (const secret of [TOKEN, '600160', '4025982646', '<img', 'trader.lan', 'mncg']) expect(r.text, secret).not.to.contain(secret);
    expect(r.text.match(/(?:src|href|action)=/g), 'the only reference is the empty data: icon').to.deep.equal(['href=']);
    expect(r.text).to.contain('<link rel="icon" href="data:,">').and.not.match(/https?:\/\//);
    const csp = String(r.headers['content-security-policy']);
    expect(csp).to.contain("default-src 'none'").and.contain("connect-src 'self'").and.contain("form-action 'none'").and.contain("frame-ancestors 'none'");
    expect(csp).to.contain(`script-src ${hash(inner(r.text, 'script'))}`).and.contain(`style-src ${hash(inner(r.text, 'style'))}`);
    expect(csp).not.to.contain('unsafe');
    expect(r.text).to.contain(`var REFRESH_MS = ${String(STATUS_REFRESH_MS)};`);
    expect(r.headers['x-frame-options']).to.equal('DENY');
    expect(r.headers['referrer-policy']).to.equal('no-referrer');
  });

  it('answers HEAD / with the headers and no body, and refuses other methods on / and /status.json with 405 (read-only)', async () => {
    const head = await send(s.url, '/', { method: 'HEAD' });
    expect(head.http).to.equal(200);
    expect(head.text).to.equal('');
    for (const [method, p] of [['POST', '/'], ['DELETE', '/'], ['POST', '/status.json'], ['PUT', '/status.json']] as const) {
      const r = await send(s.url, p, { method, headers: auth, body: '' });
      expect(r.http, `${method} ${p}`).to.equal(405);
      expect(r.body?.['error']).to.equal('method_not_allowed');
      expect(r.headers.allow).to.equal('GET, HEAD');
    }
  });

  it('refuses /status.json without the token or with a wrong one (401), and a token in the query string (400)', async () => {
    expect((await send(s.url, '/status.json')).body?.['error']).to.equal('token_required');
    expect((await send(s.url, '/status.json', { headers: { 'x-ths-token': 'wrong-token-0123456789abcdef' } })).body?.['error']).to.equal('token_invalid');
    expect((await send(s.url, `/?token=${TOKEN}`)).body?.['error']).to.equal('token_in_query');
    expect((await send(s.url, `/status.json?token=${TOKEN}`)).body?.['error']).to.equal('token_in_query');
  });

  it('gives a foreign Host or a foreign Origin nothing on / and /status.json (403, no page, no data)', async () => {
    for (const p of ['/', '/status.json']) {
      const host = await send(s.url, p, { headers: { ...auth, host: 'evil.example:8888' } });
      expect(host.http).to.equal(403);
      expect(host.body?.['error']).to.equal('host_not_allowed');
      const origin = await send(s.url, p, { headers: { ...auth, origin: 'http://evil.example' } });
      expect(origin.http).to.equal(403);
      expect(origin.body?.['error']).to.equal('origin_not_allowed');
      for (const r of [host, origin]) expect(r.text).not.to.contain('<html').and.not.contain('4025982646');
    }
  });

  it('answers /status.json with the worker, today\'s rows, the last errors and the security setup, never the token', async () => {
    const r = await send(s.url, '/status.json', { headers: { ...auth, host: 'trader.lan:8888' } });
    expect(r.http, r.text).to.equal(200);
    expect(r.body?.['status']).to.equal(1);
    expect(r.text).not.to.contain(TOKEN);
    const d = message(r);
    expect(d['worker']).to.include({ state: 'ready', backend: 'sim', pid: 4242, window_found: true, restarts: 1 });
    expect((d['worker'] as Record<string, unknown>)['broker_link']).to.include({ state: 'down', server: 'mncg' });
    expect(d['security']).to.deep.equal({ token_required: true, token_in_query: false, allow_hosts: ['trader.lan'], allow_origins: [], dry_run: false, risk: { max_shares_per_order: 1000, trading_hours: ['09:30-11:30'] } });
    expect(d['journal']).to.include({ open: true, writable: true, unsettled: 1 });
    const orders = d['orders'] as Array<Record<string, unknown>>;
    expect(orders.map((o) => [o['id'], o['state'], o['unsettled']])).to.deep.equal([
      [s.ids.accepted, 'accepted', false], [s.ids.rejected, 'rejected', false], [s.ids.unknown, 'unknown', true], [s.ids.settled, 'unknown', false],
    ]);
    expect(d['unsettled']).to.equal(1);
    expect(orders[0]).to.include({ stock_code: '600160', entrust_no: '4025982646', client_order_id: 'k-accepted', settle: null });
    const settle = orders[2]!['settle'] as Record<string, unknown>;
    expect(settle['check_zh']).to.contain('当日委托').and.contain('600988');
    expect(settle['accepted']).to.equal(`curl -X POST -H "X-Ths-Token: $THS_TOKEN" -d settlement=accepted -d "entrust_no=<合同编号>" http://trader.lan:8888/journal/${String(s.ids.unknown)}/settle`);
    expect(settle['absent']).to.equal(`curl -X POST -H "X-Ths-Token: $THS_TOKEN" -d settlement=absent http://trader.lan:8888/journal/${String(s.ids.unknown)}/settle`);
    const errors = d['errors'] as Array<Record<string, unknown>>;
    expect(errors.map((e) => e['where'])).to.include.members(['工作进程 worker', '券商连接 broker link', `委托 order #${String(s.ids.rejected)} (client_rejected)`]);
  });

  it('keeps planted markup in a client text and a settlement note as JSON string data (application/json, nosniff)', async () => {
    const r = await send(s.url, '/status.json', { headers: auth });
    expect(r.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(r.headers['x-content-type-options']).to.equal('nosniff');
    const orders = message(r)['orders'] as Array<Record<string, unknown>>;
    expect(orders[1]!['client_text']).to.equal(PLANTED);
    expect(orders[3]!['settled_how']).to.contain(PLANTED);
    expect(orders[3]).to.include({ settlement: 'absent', unsettled: false });
  });

  it('says a token is off, and what dry run and risk limits are, for an app without them', async () => {
    const bare = await startPlantedApp({ dryRun: true });
    try {
      const page = await send(bare.url, '/');
      expect(page.text).to.contain('var TOKEN_REQUIRED = false;');
      const d = message(await send(bare.url, '/status.json'));
      expect(d['security']).to.deep.equal({ token_required: false, token_in_query: false, allow_hosts: [], allow_origins: [], dry_run: true, risk: null });
      const accepted = (d['orders'] as Array<Record<string, unknown>>).find((o) => o['state'] === 'unknown')!['settle'] as Record<string, unknown>;
      expect(accepted['absent']).to.match(/^curl -X POST -d settlement=absent http:\/\/127\.0\.0\.1:\d+\/journal\/\d+\/settle$/);
    } finally {
      await bare.close();
    }
  });
});
