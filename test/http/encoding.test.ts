import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import { duplicateJsonKey } from '../../src/http/middleware/encoding.ts';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.ts';
import { rawExchange, send } from '../helpers/raw-http.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_CT = { 'content-type': 'application/json' };

describe('http/encoding: malformed bodies, duplicate parameters and bad encodings get a clear 4xx, never a 500', () => {
  let s: FakeServer;
  before(async () => {
    s = await startFakeServer();
  });
  after(async () => {
    await s.close();
  });

  // [what, path, request, code, field (or undefined when the refusal concerns no parameter)]
  const cases: Array<[string, string, Parameters<typeof send>[2], string, string | undefined]> = [
    ['a truncated % escape in the query', '/buy?stock_code=600160&amount=10%', {}, 'invalid_encoding', 'amount'],
    ['a non-hex % escape in the query', '/buy?stock_code=6001%ZZ&amount=100', {}, 'invalid_encoding', 'stock_code'],
    ['invalid UTF-8 in the query', '/buy?stock_code=%FF%FE&amount=100', {}, 'invalid_encoding', 'stock_code'],
    ['a truncated UTF-8 sequence in the query', '/buy?stock_code=600160&price=%E4%B9&amount=100', {}, 'invalid_encoding', 'price'],
    ['a bad % escape in a parameter name', '/buy?stock%G0code=600160&amount=100', {}, 'invalid_encoding', undefined],
    ['a bad % escape in a form body', '/buy', { headers: FORM, body: 'stock_code=600160&amount=1%2' }, 'invalid_encoding', 'amount'],
    ['invalid UTF-8 bytes in a form body', '/buy', { headers: FORM, body: Buffer.concat([Buffer.from('stock_code='), Buffer.from([0xc3, 0x28]), Buffer.from('&amount=100')]) }, 'invalid_encoding', undefined],
    ['a control character in a form body', '/buy', { headers: FORM, body: 'stock_code=600160\u0001&amount=100' }, 'invalid_encoding', 'stock_code'],
    ['invalid UTF-8 bytes in a JSON body', '/buy', { headers: JSON_CT, body: Buffer.concat([Buffer.from('{"stock_code":"'), Buffer.from([0xff]), Buffer.from('","amount":100}')]) }, 'invalid_encoding', undefined],
    ['a form in latin1', '/buy', { headers: { 'content-type': 'application/x-www-form-urlencoded; charset=latin1' }, body: 'stock_code=600160&amount=100' }, 'invalid_encoding', undefined],
    ['JSON in UTF-16', '/buy', { headers: { 'content-type': 'application/json; charset=utf-16le' }, body: Buffer.from('{"stock_code":"600160","amount":100}', 'utf16le') }, 'invalid_encoding', undefined],
    ['JSON in an unknown charset', '/buy', { headers: { 'content-type': 'application/json; charset=klingon' }, body: '{}' }, 'invalid_encoding', undefined],
    ['an unknown Content-Encoding', '/buy', { headers: { ...JSON_CT, 'content-encoding': 'snappy' }, body: '{}' }, 'invalid_encoding', undefined],
    ['gzip that is not gzip', '/buy', { headers: { ...JSON_CT, 'content-encoding': 'gzip' }, body: 'not gzip at all' }, 'invalid_body', undefined],
    ['truncated JSON', '/buy', { headers: JSON_CT, body: '{"stock_code": "600160", "amount": ' }, 'invalid_body', undefined],
    ['a JSON string instead of an object', '/buy', { headers: JSON_CT, body: '"stock_code=600160"' }, 'invalid_body', undefined],
    ['a JSON key given twice', '/buy', { headers: JSON_CT, body: '{"stock_code":"600160","amount":100,"amount":100000}' }, 'duplicate_parameter', 'amount'],
    ['a JSON key given twice, once escaped', '/buy', { headers: JSON_CT, body: '{"stock_code":"600160","amount":100,"\\u0061mount":1}' }, 'duplicate_parameter', 'amount'],
    ['a form parameter given twice', '/buy', { headers: FORM, body: 'stock_code=600160&amount=100&amount=100' }, 'duplicate_parameter', 'amount'],
    ['a query parameter given three times', '/buy?stock_code=600160&stock_code=600161&stock_code=600162&amount=100', {}, 'duplicate_parameter', 'stock_code'],
    ['a value nested too deep to print', '/buy', { headers: JSON_CT, body: `{"stock_code":${'['.repeat(30_000)}${']'.repeat(30_000)},"amount":100}` }, 'invalid_stock_code', 'stock_code'],
    ['an empty parameter name given twice (ignored) beside a bad amount', '/buy', { headers: JSON_CT, body: '{"":1,"":2,"stock_code":"600160","amount":"x"}' }, 'invalid_amount', 'amount'],
    ['more than 64 form parameters', '/buy', { headers: FORM, body: Array.from({ length: 70 }, (_, i) => `p${i}=1`).join('&') }, 'too_many_parameters', undefined],
  ];
  for (const [what, path, req, code, field] of cases) {
    it(`refuses ${what} with 4xx ${code}${field ? ` naming ${field}` : ''}, without calling the worker`, async () => {
      const before = s.requests().length;
      const r = await send(s.url, path, req);
      expect(r.http, r.text).to.be.within(400, 499);
      expect(r.body?.['status']).to.equal(-1);
      expect(r.body?.['error']).to.equal(code);
      expect(r.body?.['field']).to.equal(field);
      if (field) expect(String(r.body?.['message'])).to.contain(field);
      expect(r.text).not.to.match(/at .*\.(ts|js):\d+/);
      expect(s.requests().length).to.equal(before);
    });
  }

  it('still accepts raw UTF-8 text, gzip and a trailing newline in a form body', async () => {
    const a = await send(s.url, '/buy', { headers: FORM, body: 'stock_code=600160&amount=100&price_type=限价\n' });
    expect(a.http, a.text).to.equal(200);
    const g = await send(s.url, '/buy', { headers: { ...JSON_CT, 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify({ stock_code: '600160', amount: 100 })) });
    expect(g.http, g.text).to.equal(200);
    const c = await send(s.url, '/buy', { headers: { 'content-type': 'application/json; charset=UTF-8' }, body: JSON.stringify({ stock_code: '600160', amount: 100 }) });
    expect(c.http, c.text).to.equal(200);
  });

  it('refuses HEAD on every route with an effect (buy, sell, repo, the credit orders, cancel, IPO, refresh, simulated quote) with 405 instead of running the GET handler', async () => {
    const before = s.requests().length;
    for (const route of ['/buy?stock_code=600160&amount=100', '/sell?stock_code=600160&amount=100', '/repo?stock_code=204001&rate=1.85&amount=10',
      '/margin_buy?stock_code=600160&amount=100', '/short_sell?stock_code=600160&amount=100', '/buy_to_cover?stock_code=600160&amount=100', '/sell_to_repay?stock_code=600160&amount=100', '/cancel?scope=all', '/ipo/subscribe', '/refresh', '/sim/quote?stock_code=600160&last=21']) {
      const r = await send(s.url, route, { method: 'HEAD' });
      expect(r.http).to.equal(405);
      expect(r.headers.allow).to.equal('GET, POST');
    }
    expect(s.requests().length).to.equal(before);
  });

  it('answers OPTIONS without an Origin with the 405 envelope, not Express\'s own text', async () => {
    const r = await send(s.url, '/buy', { method: 'OPTIONS' });
    expect(r.http).to.equal(405);
    expect(r.body?.['error']).to.equal('method_not_allowed');
    expect(r.headers.allow).to.equal('GET, POST');
  });

  it('answers raw non-ASCII bytes in the URL with a 4xx and stays up', async () => {
    const reply = await rawExchange(s.url, Buffer.concat([Buffer.from('GET /buy?stock_code='), Buffer.from([0xe4, 0xb9, 0xb0]), Buffer.from('&amount=100 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')]));
    expect(reply).to.match(/^HTTP\/1\.1 4\d\d /);
    expect((await send(s.url, '/health')).http).to.equal(200);
  });
});

describe('http/encoding: duplicateJsonKey', () => {
  it('finds a top-level key given twice, and only at the top level', () => {
    expect(duplicateJsonKey('{"a":1,"b":{"a":2},"a":3}')).to.equal('a');
    expect(duplicateJsonKey('{"a":{"x":1,"x":2},"b":[{"a":1},{"a":2}]}')).to.equal(undefined);
    expect(duplicateJsonKey(' {"s":"a,\\"b\\":}","b":1,"b":2}')).to.equal('b');
    expect(duplicateJsonKey('[1,2]')).to.equal(undefined);
    expect(duplicateJsonKey('{}')).to.equal(undefined);
    const deep = '{"a":' + '['.repeat(100_000) + ']'.repeat(100_000) + ',"a":1}';
    expect(duplicateJsonKey(deep)).to.equal('a');
  });
});
