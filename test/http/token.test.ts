import { expect } from 'chai';
import { Writable } from 'node:stream';
import pino from 'pino';
import { tokenMatches } from '../../src/http/middleware/token.ts';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.ts';
import { send, type RawReply } from '../helpers/raw-http.ts';

const TOKEN = 'k3y-For-THS-tests-0123456789abcdef';
const ORDER = { side: 'buy', code: '600160', exchange: 'SH', price: '21.21', amount: 100 };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_CT = { 'content-type': 'application/json' };

describe('http/token: the optional access token', () => {
  let s: FakeServer;
  const lines: string[] = [];
  before(async () => {
    // A plain debug logger without redaction: proves the app never hands the token to the logger at all.
    const sink = new Writable({ write(chunk: Buffer, _enc, cb) { lines.push(chunk.toString('utf8')); cb(); } });
    s = await startFakeServer('', { token: TOKEN, logger: pino({ level: 'debug' }, sink) });
  });
  after(async () => {
    await s.close();
  });
  const lastOrder = (): Record<string, unknown> | undefined => s.requests().filter((r) => r.cmd === 'order').at(-1)?.args;

  function expectPlaced(r: RawReply): void {
    expect(r.http, r.text).to.equal(200);
    expect(r.body?.['status']).to.equal(1);
    expect(lastOrder()).to.deep.equal(ORDER);
  }

  function expectRefused(r: RawReply, code: string): void {
    expect(r.http, r.text).to.equal(401);
    expect(r.body?.['error']).to.equal(code);
    expect(r.body?.['field']).to.equal('token');
    expect(r.headers['www-authenticate']).to.match(/^Bearer realm="ths-http-trader"/);
    expect(r.text).not.to.contain(TOKEN);
  }

  it('refuses a request without the token with 401 token_required, without calling the worker', async () => {
    const before = s.requests().length;
    for (const p of ['/buy?stock_code=600160&price=21.21&amount=100', '/balance', '/health']) expectRefused(await send(s.url, p), 'token_required');
    expect(s.requests().length).to.equal(before);
  });

  it('accepts the token as Authorization: Bearer', async () => {
    expectPlaced(await send(s.url, '/buy?stock_code=600160&price=21.21&amount=100', { headers: { authorization: `Bearer ${TOKEN}` } }));
  });

  it('accepts the token as an X-Ths-Token header', async () => {
    expectPlaced(await send(s.url, '/buy', { headers: { 'x-ths-token': TOKEN, ...FORM }, body: 'stock_code=600160&price=21.21&amount=100' }));
  });

  it('accepts the token as a form or JSON parameter', async () => {
    expectPlaced(await send(s.url, '/buy', { headers: FORM, body: `stock_code=600160&price=21.21&amount=100&token=${TOKEN}` }));
    expectPlaced(await send(s.url, '/buy', { headers: JSON_CT, body: JSON.stringify({ stock_code: '600160', price: 21.21, amount: 100, token: TOKEN }) }));
  });

  it('refuses the token in the query string (history, Referer, logs) with 400 token_in_query, never echoing it or calling the worker', async () => {
    const before = s.requests().length;
    for (const [p, init] of [
      [`/buy?stock_code=600160&price=21.21&amount=100&token=${TOKEN}`, {}],
      [`/buy?token=${TOKEN}`, { headers: JSON_CT, body: JSON.stringify({ stock_code: '600160', price: 21.21, amount: 100 }) }],
      [`/balance?token=${TOKEN}`, { headers: { authorization: `Bearer ${TOKEN}` } }],
      ['/balance?token', {}],
      [`/balance?token=${TOKEN}&token=${TOKEN}`, {}],
    ] as const) {
      const r = await send(s.url, p, init);
      expect(r.http, `${p}: ${r.text}`).to.equal(400);
      expect(r.body?.['error']).to.equal('token_in_query');
      expect(r.body?.['field']).to.equal('token');
      expect(String(r.body?.['message'])).to.contain('--token-in-query').and.to.contain('X-Ths-Token');
      expect(r.text).not.to.contain(TOKEN.slice(0, 12));
    }
    expect(s.requests().length).to.equal(before);
  });

  // What the worker receives is read from its own log of every request line (test/fixtures/fake-worker.mjs): each
  // request must reach it as exactly one command whose args are the route's parameters and nothing else. The fixture
  // knows no cancel, repo or ipo_subscribe (it answers those with an error), but it records them like any other line.
  const ROUTES: Array<[string, Record<string, string>, string, Record<string, unknown>]> = [
    ['/buy', { stock_code: '600160', price: '21.21', amount: '100' }, 'order', ORDER],
    ['/sell', { stock_code: '600160', price: '21.21', amount: '100' }, 'order', { ...ORDER, side: 'sell' }],
    ['/cancel', { entrust_no: '4025982646' }, 'cancel', { entrustNo: '4025982646' }],
    ['/cancel', { scope: 'buy' }, 'cancel', { scope: 'buy' }],
    ['/repo', { stock_code: '204001', rate: '1.85', amount: '10' }, 'repo', { code: '204001', exchange: 'SH', rate: '1.85', units: 10 }],
    ['/margin_buy', { stock_code: '600160', price: '21.21', amount: '100' }, 'order', { ...ORDER, credit: 'marginBuy' }],
    ['/short_sell', { stock_code: '600160', price: '21.21', amount: '100' }, 'order', { ...ORDER, side: 'sell', credit: 'shortSell' }],
    ['/buy_to_cover', { stock_code: '600160', price: '21.21', amount: '100' }, 'order', { ...ORDER, credit: 'buyToCover' }],
    ['/sell_to_repay', { stock_code: '600160', price: '21.21', amount: '100' }, 'order', { ...ORDER, side: 'sell', credit: 'sellToRepay' }],
    ['/ipo/subscribe', { stock_code: '787518' }, 'ipo_subscribe', { code: '787518' }],
  ];
  const form = (params: Record<string, string>): string => new URLSearchParams(params).toString();
  const PLACES: Array<[string, (route: string, params: Record<string, string>) => Promise<RawReply>]> = [
    ['form', (route, params) => send(s.url, route, { headers: FORM, body: `${form(params)}&token=${TOKEN}` })],
    ['JSON', (route, params) => send(s.url, route, { headers: JSON_CT, body: JSON.stringify({ ...params, token: TOKEN }) })],
    ['X-Ths-Token', (route, params) => send(s.url, `${route}?${form(params)}`, { headers: { 'x-ths-token': TOKEN } })],
    ['Authorization', (route, params) => send(s.url, route, { headers: { authorization: `Bearer ${TOKEN}`, ...FORM }, body: form(params) })],
  ];

  it('never passes the token on: every order route sends the worker one command whose args hold the parameters, not the token', async () => {
    for (const [route, params, cmd, args] of ROUTES) {
      for (const [place, sendIt] of PLACES) {
        const what = `${route} ${JSON.stringify(params)}, token in the ${place}`;
        const before = s.requests().length;
        const r = await sendIt(route, params);
        const received = s.requests().slice(before);
        expect(received.map((q) => q.cmd), `${what}: ${r.text}`).to.deep.equal([cmd]);
        expect(received[0]!.args, what).to.deep.equal(args);
        expect(JSON.stringify(received[0]), what).not.to.contain(TOKEN.slice(0, 12));
        if (cmd === 'order') expect(r.body?.['status'], `${what}: ${r.text}`).to.equal(1);
      }
    }
  });

  it('refuses a wrong token in every place with 401 token_invalid', async () => {
    const before = s.requests().length;
    const wrong = TOKEN.slice(0, -1) + 'X';
    expectRefused(await send(s.url, '/balance', { headers: { authorization: `Bearer ${wrong}` } }), 'token_invalid');
    expectRefused(await send(s.url, '/balance', { headers: { authorization: `Basic ${Buffer.from('u:' + TOKEN).toString('base64')}` } }), 'token_invalid');
    expectRefused(await send(s.url, '/balance', { headers: { 'x-ths-token': TOKEN + TOKEN } }), 'token_invalid');
    expectRefused(await send(s.url, '/balance', { headers: FORM, body: `token=${wrong}` }), 'token_invalid');
    expectRefused(await send(s.url, '/buy', { headers: FORM, body: `stock_code=600160&amount=100&token=` }), 'token_invalid');
    expectRefused(await send(s.url, '/buy', { headers: JSON_CT, body: JSON.stringify({ stock_code: '600160', amount: 100, token: 12345 }) }), 'token_invalid');
    expectRefused(await send(s.url, '/buy', { headers: JSON_CT, body: JSON.stringify({ stock_code: '600160', amount: 100, token: [TOKEN] }) }), 'token_invalid');
    expect(s.requests().length).to.equal(before);
  });

  it('refuses a right token that comes with a wrong one', async () => {
    expectRefused(await send(s.url, '/balance', { headers: { authorization: `Bearer ${TOKEN}`, ...FORM }, body: 'token=nope' }), 'token_invalid');
  });

  it('refuses the token parameter given twice in a form with 400 duplicate_parameter naming token', async () => {
    const r = await send(s.url, '/balance', { headers: FORM, body: `token=${TOKEN}&token=${TOKEN}` });
    expect(r.http).to.equal(400);
    expect(r.body?.['error']).to.equal('duplicate_parameter');
    expect(r.body?.['field']).to.equal('token');
  });

  it('still refuses a foreign Host or a web page that knows the token', async () => {
    const h = await send(s.url, '/balance', { headers: { host: 'rebound.example', 'x-ths-token': TOKEN } });
    expect(h.body?.['error']).to.equal('host_not_allowed');
    const o = await send(s.url, '/balance', { headers: { origin: 'http://evil.example', 'x-ths-token': TOKEN } });
    expect(o.body?.['error']).to.equal('origin_not_allowed');
  });

  it('never writes the token to the log, wherever it was sent', async () => {
    expect(lines.join('')).to.contain('"msg":"request"');
    expect(lines.filter((l) => l.includes('"path":"/buy"')).length).to.be.greaterThan(3);
    const leaked = lines.filter((l) => l.includes(TOKEN) || l.includes(TOKEN.slice(0, 12)));
    expect(leaked).to.deep.equal([]);
  });
});

describe('http/token: without a token configured', () => {
  let s: FakeServer;
  before(async () => {
    s = await startFakeServer();
  });
  after(async () => {
    await s.close();
  });

  it('ignores a token parameter in the body and sends the order without it', async () => {
    const r = await send(s.url, '/buy', { headers: FORM, body: 'stock_code=600160&price=21.21&amount=100&token=whatever' });
    expect(r.http).to.equal(200);
    expect(s.requests().filter((q) => q.cmd === 'order').at(-1)?.args).to.deep.equal(ORDER);
  });

  it('still refuses a token in the query string with 400 token_in_query (it would leak whatever it is)', async () => {
    const before = s.requests().length;
    const r = await send(s.url, '/buy?stock_code=600160&price=21.21&amount=100&token=whatever');
    expect(r.http, r.text).to.equal(400);
    expect(r.body?.['error']).to.equal('token_in_query');
    expect(r.text).not.to.contain('whatever');
    expect(s.requests().length).to.equal(before);
  });
});

describe('http/token: --token-in-query allows the token in the query string', () => {
  let s: FakeServer;
  const lines: string[] = [];
  before(async () => {
    const sink = new Writable({ write(chunk: Buffer, _enc, cb) { lines.push(chunk.toString('utf8')); cb(); } });
    s = await startFakeServer('', { token: TOKEN, tokenInQuery: true, logger: pino({ level: 'debug' }, sink) });
  });
  after(async () => {
    await s.close();
  });

  it('places an order whose token is a query parameter, without passing the token to the worker', async () => {
    const r = await send(s.url, `/buy?stock_code=600160&price=21.21&amount=100&token=${TOKEN}`);
    expect(r.http, r.text).to.equal(200);
    expect(r.body?.['status']).to.equal(1);
    const last = s.requests().filter((q) => q.cmd === 'order').at(-1);
    expect(last?.args).to.deep.equal(ORDER);
    expect(JSON.stringify(last)).not.to.contain(TOKEN.slice(0, 12));
  });

  it('accepts a query token beside a JSON body, and refuses a wrong one with 401 token_invalid', async () => {
    const ok = await send(s.url, `/buy?token=${TOKEN}`, { headers: JSON_CT, body: JSON.stringify({ stock_code: '600160', price: 21.21, amount: 100 }) });
    expect(ok.body?.['status'], ok.text).to.equal(1);
    const wrong = await send(s.url, `/balance?token=${TOKEN.slice(0, -1)}X`);
    expect(wrong.http).to.equal(401);
    expect(wrong.body?.['error']).to.equal('token_invalid');
  });

  it('refuses the query token given twice with 400 duplicate_parameter naming token', async () => {
    const r = await send(s.url, `/balance?token=${TOKEN}&token=${TOKEN}`);
    expect(r.http).to.equal(400);
    expect(r.body?.['error']).to.equal('duplicate_parameter');
    expect(r.body?.['field']).to.equal('token');
  });

  it('never writes a query token to the log', async () => {
    expect(lines.filter((l) => l.includes('"path":"/buy"')).length).to.be.greaterThan(1);
    expect(lines.filter((l) => l.includes(TOKEN.slice(0, 12)))).to.deep.equal([]);
  });
});

describe('http/token: comparison', () => {
  it('matches the same token only, whatever the lengths', () => {
    expect(tokenMatches(TOKEN, TOKEN)).to.equal(true);
    expect(tokenMatches(TOKEN + 'x', TOKEN)).to.equal(false);
    expect(tokenMatches('', TOKEN)).to.equal(false);
    expect(tokenMatches(TOKEN.toUpperCase(), TOKEN)).to.equal(false);
  });
});
