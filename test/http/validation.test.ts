import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ORDER_PARAMS } from '../../src/core/order.ts';
import { editDistance, nearestName, paramNames } from '../../src/http/middleware/known-params.ts';
import { SimQuoteParams } from '../../src/trading/client.ts';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.ts';
import { ROOT } from '../helpers/pwsh.ts';

interface Reply { http: number; body: Record<string, unknown>; text: string; headers: Headers }

async function call(url: string, init: RequestInit = {}): Promise<Reply> {
  const r = await fetch(url, init);
  const text = await r.text();
  return { http: r.status, body: JSON.parse(text) as Record<string, unknown>, text, headers: r.headers };
}

const form = (o: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(o).toString(),
});
const json = (o: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(o) });

describe('http/validation: the seed\'s order parameters in every input form', () => {
  let s: FakeServer;
  before(async () => {
    s = await startFakeServer();
  });
  after(async () => {
    await s.close();
  });
  const orders = (): Array<Record<string, unknown>> => s.requests().filter((r) => r.cmd === 'order').map((r) => r.args);

  it('sends the same order to the worker from a query string, a form body and a JSON body', async () => {
    const before = orders().length;
    const q = await call(`${s.url}/buy?stock_code=600160&price=21.21&amount=100`);
    const f = await call(`${s.url}/buy`, form({ stock_code: '600160', price: '21.21', amount: '100' }));
    const j = await call(`${s.url}/buy`, json({ stock_code: '600160', price: 21.21, amount: 100 }));
    for (const r of [q, f, j]) {
      expect(r.http).to.equal(200);
      expect(r.body['status']).to.equal(1);
      expect(r.body['entrust_no']).to.equal('1');
    }
    const sent = orders().slice(before);
    expect(sent).to.have.length(3);
    for (const a of sent) expect(a).to.deep.equal({ side: 'buy', code: '600160', exchange: 'SH', price: '21.21', amount: 100 });
  });

  const codes: Array<[string, string, string]> = [
    ['600160', '600160', 'SH'], ['sh600160', '600160', 'SH'], ['SH600160', '600160', 'SH'], ['sz000001', '000001', 'SZ'],
    ['000001.SZ', '000001', 'SZ'], ['600160.SH', '600160', 'SH'], ['bj430047', '430047', 'BJ'], ['300750', '300750', 'SZ'],
    ['920001', '920001', 'BJ'], ['830799', '830799', 'BJ'], ['900901', '900901', 'SH'], ['002555', '002555', 'SZ'],
  ];
  for (const [given, code, exchange] of codes) {
    it(`reads stock_code ${given} as ${code} on ${exchange}`, async () => {
      const r = await call(`${s.url}/sell?stock_code=${encodeURIComponent(given)}&amount=100`);
      expect(r.http).to.equal(200);
      const last = orders().at(-1)!;
      expect(last['code']).to.equal(code);
      expect(last['exchange']).to.equal(exchange);
      expect(last['side']).to.equal('sell');
    });
  }

  const noPrice: Array<[string, string]> = [
    ['absent', '/buy?stock_code=600160&amount=100'],
    ['empty', '/buy?stock_code=600160&price=&amount=100'],
    ['None (Python str(None))', '/buy?stock_code=600160&price=None&amount=100'],
    ['null text', '/buy?stock_code=600160&price=null&amount=100'],
  ];
  for (const [what, path] of noPrice) {
    it(`leaves the client's price alone when price is ${what}`, async () => {
      const r = await call(`${s.url}${path}`);
      expect(r.http).to.equal(200);
      expect(orders().at(-1)!['price']).to.equal(null);
    });
  }

  it('leaves the price alone for a JSON null and normalises 21.210 to 21.21', async () => {
    await call(`${s.url}/buy`, json({ stock_code: '600160', price: null, amount: 100 }));
    expect(orders().at(-1)!['price']).to.equal(null);
    await call(`${s.url}/buy`, form({ stock_code: '600160', price: '21.210', amount: '100' }));
    expect(orders().at(-1)!['price']).to.equal('21.21');
  });

  it('passes amount=max (any case) to the worker as max', async () => {
    await call(`${s.url}/buy?stock_code=600160&amount=MAX`);
    expect(orders().at(-1)!['amount']).to.equal('max');
  });

  const bad: Array<[string, string, string, string, number]> = [
    ['/buy?stock_code=60016&amount=100', 'invalid_stock_code', 'stock_code', '6 位', 400],
    ['/buy?stock_code=abc123&amount=100', 'invalid_stock_code', 'stock_code', 'sh600160', 400],
    ['/buy?stock_code=700000&amount=100', 'invalid_stock_code', 'stock_code', '6 位', 400],
    ['/buy?stock_code=sh60016&amount=100', 'invalid_stock_code', 'stock_code', '6 位', 400],
    ['/buy?amount=100', 'missing_parameter', 'stock_code', 'stock_code', 400],
    ['/buy?stock_code=600160&price=1.2345&amount=100', 'invalid_price', 'price', '3 位小数', 400],
    ['/buy?stock_code=600160&price=-1&amount=100', 'invalid_price', 'price', '大于 0', 400],
    ['/buy?stock_code=600160&price=0&amount=100', 'invalid_price', 'price', '大于 0', 400],
    ['/buy?stock_code=600160&price=abc&amount=100', 'invalid_price', 'price', 'None', 400],
    ['/buy?stock_code=600160&price=1e3&amount=100', 'invalid_price', 'price', '21.21', 400],
    ['/buy?stock_code=600160&amount=0', 'invalid_amount', 'amount', '正整数', 400],
    ['/buy?stock_code=600160&amount=-100', 'invalid_amount', 'amount', '正整数', 400],
    ['/buy?stock_code=600160&amount=100.5', 'invalid_amount', 'amount', 'max', 400],
    ['/buy?stock_code=600160&amount=lots', 'invalid_amount', 'amount', 'max', 400],
    ['/buy?stock_code=600160&amount=99999999999', 'invalid_amount', 'amount', '正整数', 400],
    ['/buy?stock_code=600160', 'missing_parameter', 'amount', 'amount', 400],
    ['/buy?stock_code=600160&amount=100&amount=200', 'duplicate_parameter', 'amount', '只能给一次', 400],
  ];
  for (const [path, code, field, words, http] of bad) {
    it(`refuses ${path} with ${http} ${code} naming ${field}, without calling the worker`, async () => {
      const before = s.requests().length;
      const r = await call(`${s.url}${path}`);
      expect(r.http).to.equal(http);
      expect(r.body['status']).to.equal(-1);
      expect(r.body['error']).to.equal(code);
      expect(r.body['field']).to.equal(field);
      expect(String(r.body['message'])).to.contain(field).and.to.contain(words);
      expect(s.requests().length).to.equal(before);
    });
  }

  it('refuses JSON values of the wrong type, naming the field', async () => {
    for (const [body, field] of [
      [{ stock_code: ['600160'], amount: 100 }, 'stock_code'],
      [{ stock_code: '600160', amount: true }, 'amount'],
      [{ stock_code: '600160', amount: 100.5 }, 'amount'],
      [{ stock_code: '600160', price: { p: 1 }, amount: 100 }, 'price'],
      [{ stock_code: 600160.5, amount: 100 }, 'stock_code'],
    ] as const) {
      const r = await call(`${s.url}/buy`, json(body));
      expect(r.http, JSON.stringify(body)).to.equal(400);
      expect(r.body['field']).to.equal(field);
    }
  });

  it('refuses the same parameter in the query and the body with different values', async () => {
    const r = await call(`${s.url}/buy?amount=100`, form({ stock_code: '600160', amount: '200' }));
    expect(r.http).to.equal(400);
    expect(r.body['error']).to.equal('duplicate_parameter');
  });

  it('answers malformed JSON with 400 invalid_body and an oversized body with 413, never 500', async () => {
    const m = await call(`${s.url}/buy`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"stock_code": "600160",' });
    expect(m.http).to.equal(400);
    expect(m.body['error']).to.equal('invalid_body');
    const arr = await call(`${s.url}/buy`, json([1, 2]));
    expect(arr.http).to.equal(400);
    expect(arr.body['error']).to.equal('invalid_body');
    const big = await call(`${s.url}/buy`, form({ stock_code: '600160', amount: '100', pad: 'x'.repeat(70_000) }));
    expect(big.http).to.equal(413);
    expect(big.body['error']).to.equal('payload_too_large');
  });

  it('answers an unknown route with 404 and another method with 405 and Allow', async () => {
    const nf = await call(`${s.url}/nothing`);
    expect(nf.http).to.equal(404);
    expect(nf.body['error']).to.equal('not_found');
    const put = await call(`${s.url}/buy`, { method: 'PUT' });
    expect(put.http).to.equal(405);
    expect(put.headers.get('allow')).to.equal('GET, POST');
  });

  it('keeps the client\'s label order in /balance and answers UTF-8 JSON', async () => {
    const r = await call(`${s.url}/balance`);
    expect(r.headers.get('content-type')).to.equal('application/json; charset=utf-8');
    expect(r.text).to.equal('{"status":1,"message":{"资金余额":"1.00","可用金额":"2.00"}}');
  });

  it('reports the worker in /health', async () => {
    const r = await call(`${s.url}/health`);
    expect(r.http).to.equal(200);
    const w = (r.body['message'] as Record<string, Record<string, unknown>>)['worker']!;
    expect(w['state']).to.equal('ready');
    expect(w['psVersion']).to.equal('0.0-fixture');
    expect(w['pid']).to.be.a('number');
    expect(w['restarts']).to.equal(0);
  });
});

describe('http/validation: strict parameters (a typo never becomes an order)', () => {
  let s: FakeServer;
  before(async () => {
    s = await startFakeServer();
  });
  after(async () => {
    await s.close();
  });

  const typos: Array<[string, string, string]> = [
    ['/buy?stock_code=600160&amount=100&prcie=21.21', 'prcie', 'price'],
    ['/buy?stock_code=600160&amount=100&price_tpye=ioc', 'price_tpye', 'price_type'],
    ['/sell?stock_code=600160&amout=100', 'amout', 'amount'],
    ['/buy?Stock_Code=600160&amount=100', 'Stock_Code', 'stock_code'],
    ['/buy?stock_code=600160&amount=100&client_order_i=k1', 'client_order_i', 'client_order_id'],
    ['/cancel?entrust_on=12345', 'entrust_on', 'entrust_no'],
    ['/cancel?scope=all&scpoe=buy', 'scpoe', 'scope'],
    ['/ipo/subscribe?stock_cod=732689', 'stock_cod', 'stock_code'],
    ['/orders?opne=1', 'opne', 'open'],
  ];
  for (const [path, name, near] of typos) {
    it(`refuses the typo ${name} on ${path.split('?')[0]!} with 400 unknown_parameter naming it and suggesting ${near}`, async () => {
      const before = s.requests().length;
      const r = await call(`${s.url}${path}`);
      expect(r.http).to.equal(400);
      expect(r.body['error']).to.equal('unknown_parameter');
      expect(r.body['field']).to.equal(name);
      expect(String(r.body['message'])).to.contain(name).and.to.contain(`是不是想写 ${near}`);
      expect(r.body['did_you_mean']).to.equal(near);
      expect(s.requests().length).to.equal(before);
    });
  }

  const unknown: Array<[string, RequestInit, string, string]> = [
    ['/buy?stock_code=600160&amount=100&side=sell', {}, 'side', 'stock_code、price、amount、price_type、client_order_id'],
    ['/balance?verbose=1', {}, 'verbose', '/balance 不接受任何参数'],
    ['/position', form({ refresh: '1' }), 'refresh', '/position 不接受任何参数'],
    ['/trades', json({ date: '2026-01-01' }), 'date', '/trades 不接受任何参数'],
    ['/health?x=1', {}, 'x', '/health 不接受任何参数'],
    ['/ipo?all=1', {}, 'all', '/ipo 不接受任何参数'],
    ['/refresh?page=orders', {}, 'page', '/refresh 不接受任何参数'],
    ['/orders?status=open', {}, 'status', '/orders 接受的参数：open'],
  ];
  for (const [path, init, name, words] of unknown) {
    it(`refuses ${name} on ${path.split('?')[0]!} (${init.body ? 'body' : 'query'}) with 400 unknown_parameter listing what the route takes`, async () => {
      const before = s.requests().length;
      const r = await call(`${s.url}${path}`, init);
      expect(r.http, r.text).to.equal(400);
      expect(r.body['error']).to.equal('unknown_parameter');
      expect(r.body['field']).to.equal(name);
      expect(String(r.body['message'])).to.contain(words);
      expect(s.requests().length).to.equal(before);
    });
  }

  it('keeps the documented forms: client_order_id, the Idempotency-Key header, the market-order aliases and a JSON body', async () => {
    expect((await call(`${s.url}/buy?stock_code=600160&price=21.21&amount=100&client_order_id=strict-1`)).http).to.equal(200);
    expect((await call(`${s.url}/buy?stock_code=600160&price=21.21&amount=200`, { headers: { 'idempotency-key': 'strict-2' } })).http).to.equal(200);
    expect((await call(`${s.url}/buy?stock_code=000001&amount=100&price_type=ioc`)).http).to.equal(200);
    expect((await call(`${s.url}/sell`, json({ stock_code: '600160', price: 21.21, amount: 100, price_type: 'limit', client_order_id: 'strict-3' }))).http).to.equal(200);
    // The fixture worker has no orders grid: that /orders?open=1 reached it shows open was accepted.
    await call(`${s.url}/orders?open=1`);
    expect(s.requests().at(-1)?.cmd).to.equal('orders');
  });

  it('refuses more than 64 parameters, query and body together, with 400 too_many_parameters', async () => {
    const before = s.requests().length;
    const pad = (n: number, p: string): string => Array.from({ length: n }, (_, i) => `${p}${i}=1`).join('&');
    const q = await call(`${s.url}/buy?stock_code=600160&amount=100&${pad(63, 'q')}`);
    const both = await call(`${s.url}/buy?${pad(40, 'q')}`, form(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`b${i}`, '1']))));
    const j = await call(`${s.url}/buy`, json(Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`j${i}`, 1]))));
    for (const r of [q, both, j]) {
      expect(r.http, r.text).to.equal(400);
      expect(r.body['error']).to.equal('too_many_parameters');
      expect(String(r.body['message'])).to.contain('64');
    }
    expect(s.requests().length).to.equal(before);
  });

  it('never leaves a duplicate unseen past the 1000th query pair (the parser reads every pair)', async () => {
    const before = s.requests().length;
    const filler = Array.from({ length: 1000 }, () => 'p=1').join('&');
    const r = await call(`${s.url}/buy?${filler}&amount=100&amount=100000`);
    expect(r.http).to.equal(400);
    expect(r.body['error']).to.equal('too_many_parameters');
    expect(String(r.body['message'])).to.contain('1002');
    expect(s.requests().length).to.equal(before);
  });

  it('takes the names each route accepts from its schema: /sim/quote takes what SimQuoteParams reads', () => {
    expect(paramNames(SimQuoteParams)).to.deep.equal(['stock_code', 'last', 'limit_up', 'limit_down', 'liquidity']);
    expect(paramNames(ORDER_PARAMS.buy)).to.deep.equal(['stock_code', 'price', 'amount', 'price_type']);
  });

  it('measures nearness by Damerau-Levenshtein distance: a transposition counts one edit', () => {
    expect(editDistance('prcie', 'price')).to.equal(1);
    expect(editDistance('price_tpye', 'price_type')).to.equal(1);
    expect(editDistance('amout', 'amount')).to.equal(1);
    expect(editDistance('side', 'scope')).to.equal(3);
    expect(nearestName('code', ['stock_code', 'price', 'amount'])).to.equal(undefined);
  });

  it('accepts on each route exactly the names docs/parameters.md lists for it, and refuses every other', async () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'parameters.md'), 'utf8');
    const block = /<!-- route-params:start -->\n([\s\S]*?)\n<!-- route-params:end -->/.exec(doc)?.[1] ?? '';
    const table = new Map<string, string[]>();
    for (const line of block.split('\n').slice(2)) {
      const [routes = '', names = ''] = line.split('|').slice(1, 3);
      for (const route of routes.match(/\/[\w/]+/g) ?? []) table.set(route, names.match(/[a-z_]+(?=`)/g) ?? []);
    }
    // /journal exists only with a journal, and /sim/quote answers sim_only before its parameters on the fixture worker.
    expect(table.get('/journal')).to.deep.equal(['date']);
    expect(table.get('/sim/quote')).to.deep.equal(paramNames(SimQuoteParams));
    table.delete('/journal');
    table.delete('/sim/quote');
    expect([...table.keys()].sort()).to.deep.equal(['/accounts', '/balance', '/buy', '/buy_to_cover', '/cancel', '/credit_balance', '/credit_debts', '/direct_repay', '/direct_return', '/health', '/ipo', '/ipo/subscribe', '/margin_buy', '/margin_securities', '/orders', '/position', '/refresh', '/repo', '/sell', '/sell_to_repay', '/short_sell', '/trades']);
    const every = [...new Set([...table.values()].flat()), 'date', 'last', 'bogus'];
    const before = s.requests().filter((q) => q.cmd !== 'orders').length;
    for (const [route, names] of table) {
      for (const name of every) {
        // A value no route accepts: a known name is refused for its value, never as unknown, and nothing is placed.
        const r = await call(`${s.url}${route}?${name}=%3F`);
        expect(r.body['error'] === 'unknown_parameter', `${route} ${name}: ${r.text}`).to.equal(!names.includes(name));
      }
    }
    expect(s.requests().filter((q) => q.cmd !== 'orders').length, 'no command but the /orders read reached the worker').to.equal(before);
  });

  it('does not count the token as an unknown parameter', async () => {
    const r = await call(`${s.url}/buy?stock_code=600160&price=21.21&amount=300`, form({ token: 'not-configured-here' }));
    expect(r.http, r.text).to.equal(200);
  });
});

describe('http/validation: market rules before the client', () => {
  let s: FakeServer;
  before(async () => {
    s = await startFakeServer();
  });
  after(async () => {
    await s.close();
  });

  const refused: Array<[string, string, string, string]> = [
    ['a 1-share main-board buy', '/buy?stock_code=600160&price=21.21&amount=1', 'amount', '100 股（份）或其整数倍'],
    ['a 150-share ChiNext buy', '/buy?stock_code=300750&price=200&amount=150', 'amount', '100 股（份）或其整数倍'],
    ['a 199-share STAR buy', '/buy?stock_code=688981&price=90&amount=199', 'amount', '不少于 200 股'],
    ['a 50-share ETF buy', '/buy?stock_code=510300&price=3.456&amount=50', 'amount', '100 股（份）或其整数倍'],
    ['a 3-decimal price on a stock', '/buy?stock_code=600160&price=21.215&amount=100', 'price', '0.01 元'],
    ['a 3-decimal price on a stock sell', '/sell?stock_code=sz000001&price=10.005&amount=100', 'price', '0.01 元'],
  ];
  for (const [what, path, field, words] of refused) {
    it(`refuses ${what} with 400 market_rule naming ${field} and the rule, without calling the worker`, async () => {
      const before = s.requests().length;
      const r = await call(`${s.url}${path}`);
      expect(r.http).to.equal(400);
      expect(r.body['error']).to.equal('market_rule');
      expect(r.body['field']).to.equal(field);
      expect(String(r.body['message'])).to.contain(field).and.to.contain(words);
      expect(s.requests().length).to.equal(before);
    });
  }

  const contradictory = ['sz600160', '600160.SZ', 'sh000001', 'bj300750', 'sh159915'];
  for (const code of contradictory) {
    it(`refuses the contradictory code ${code} with 400 invalid_stock_code, before the client`, async () => {
      const before = s.requests().length;
      const r = await call(`${s.url}/buy?stock_code=${code}&price=21.21&amount=100`);
      expect(r.http).to.equal(400);
      expect(r.body['error']).to.equal('invalid_stock_code');
      expect(r.body['field']).to.equal('stock_code');
      expect(String(r.body['message'])).to.match(/是(上海|深圳|北京)证券交易所的代码/);
      expect(s.requests().length).to.equal(before);
    });
  }

  it('sends an odd-lot sell, a STAR buy of 201, an amount=max buy and an unchecked class (a convertible bond) on', async () => {
    const before = s.requests().filter((q) => q.cmd === 'order').length;
    for (const path of ['/sell?stock_code=600160&price=21.21&amount=37', '/buy?stock_code=688981&price=90.01&amount=201', '/buy?stock_code=600160&amount=max',
      '/buy?stock_code=113050&price=110.123&amount=3', '/buy?stock_code=510300&price=3.456&amount=1000']) {
      const r = await call(`${s.url}${path}`);
      expect(r.http, `${path}: ${r.text}`).to.equal(200);
    }
    expect(s.requests().filter((q) => q.cmd === 'order').length - before).to.equal(5);
  });
});
