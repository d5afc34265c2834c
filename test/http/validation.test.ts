import { expect } from 'chai';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.ts';

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
