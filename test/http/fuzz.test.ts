// Throws thousands of malformed requests at the real app over the fixture worker (loopback only, bounded count and
// time) and checks: no 5xx, every 4xx is the JSON envelope with a registry code naming its field, nothing malformed
// reaches the worker (no unknown key, no contradictory code, no order an exchange rule forbids), and the server and
// its worker stay up.
import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import { ERRORS } from '../../src/core/errors.ts';
import { certainExchange, marketRuleBroken } from '../../src/core/instrument.ts';
import type { Exchange } from '../../src/core/market.ts';
import { RiskConfigSchema } from '../../src/risk/config.ts';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.ts';
import { rawExchange, send, type RawReply, type RawRequest } from '../helpers/raw-http.ts';

/** How many HTTP requests, and raw socket exchanges, one run sends. */
const HTTP_REQUESTS = 3000;
const RAW_EXCHANGES = 300;
/** Requests that are valid orders but for one unknown key or one contradictory code. */
const TARGETED = 600;
/** Requests in flight at once. */
const CONCURRENCY = 16;
/** Set FUZZ_SEED to replay a failing run. */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20250115);

/** Codes whose refusal always concerns one field: the reply must carry `field` and the message must name it. */
const FIELD_CODES = new Set(['missing_parameter', 'invalid_stock_code', 'invalid_price', 'invalid_amount', 'duplicate_parameter', 'host_not_allowed',
  'origin_not_allowed', 'cross_site_request', 'risk_max_shares', 'risk_max_value', 'risk_unverifiable', 'risk_code_denied', 'risk_code_not_allowed',
  'unknown_parameter', 'market_rule']);

/** mulberry32: a tiny seeded PRNG so a failing run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rnd = prng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const chance = (p: number): boolean => rnd() < p;

const NAMES = ['stock_code', 'stock_code', 'price', 'price', 'amount', 'amount', 'token', 'Stock_Code', 'amount[]', 'price[0]', '__proto__',
  'constructor', 'hasOwnProperty', 'toString', '', ' ', 'x'.repeat(300), '买入', 'side', 'prcie', 'price_tpye', 'amout', 'stock_cdoe', 'Price',
  'client_order_i', 'price_type', 'client_order_id', 'scope', 'entrust_no', 'open'];
const TEXTS = ['', '600160', 'sh600160', '000001.SZ', '600519', '430047.BJ', '999999', '60016', '6001600', 'abc', '-1', '0', '1e3', '21.21', '21.2101',
  '0.001', 'NaN', 'Infinity', '-Infinity', 'max', 'MAX', 'Max ', 'None', 'null', 'undefined', 'true', '100', '100.0', '1000000001',
  '99999999999999999999', '9'.repeat(400), '1'.repeat(5000), ' 100 ', '0x10', '1_000', '١٠٠', '１００', '６００１６０', '😀', '<script>alert(1)</script>',
  '../../etc/passwd', "'; DROP TABLE orders; --", '\u0000', '\u202e600160', '\r\n', 'a=b', '&', '%', '%25', '+', '1,000', 'sz600160', '600160.SZ',
  'sh000001', 'bj300750', 'sh159915', 'sz510300', '21.215', '1', '150', '199'];
const deep = (d: number): string => '['.repeat(d) + ']'.repeat(d);
/** JSON value texts: every type, huge and tiny numbers, and arrays nested too deep for JSON.stringify. */
const JSON_VALUES: string[] = [...TEXTS, 0, -1, 1.5, 100, 100.0000001, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 2, 600160, 600160.5,
  true, false, null, [], ['600160'], [100, 200], {}, { a: 1 }, { toString: 1 }, { valueOf: 'x' }].map((v) => JSON.stringify(v))
  .concat(['-0', '1e400', '100e-2', deep(50), deep(25_000)]);
const BROKEN = ['%', '%Z', '%ZZ', '%FF', '%C3%28', '%E4%B9', '%ED%A0%80', '%F4%90%80%80', '%00', '+', '%2B', '&&', '==', '&=&', '%%', '%u4e70'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'MKCOL', 'LOCK',
  'SEARCH', 'PURGE', 'COPY', 'MOVE', 'REPORT', 'QUERY'];
// Not /position: the fixture worker does not implement it.
const PATHS = ['/buy', '/buy', '/buy', '/sell', '/sell', '/balance', '/health', '/BUY', '/buy/', '//buy', '/buy;x', '/buy%00',
  '/%2e%2e/buy', '/nothing', '/', '/' + 'a'.repeat(3000), '/buy%ZZ', '/sell%FF', '/*'];
const CONTENT_TYPES = [undefined, 'application/json', 'application/json', 'application/x-www-form-urlencoded', 'application/x-www-form-urlencoded',
  'text/plain', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/json; charset=utf-16',
  'application/x-www-form-urlencoded; charset=utf-8', 'application/x-www-form-urlencoded; charset=gbk', 'application/json;;;', '*/*', 'garbage'];

/** Percent-encodes a name or value; sometimes leaves printable ASCII (=, &, %, +, ...) raw, as sloppy clients do. */
function encode(s: string): string {
  if (!chance(0.1)) return encodeURIComponent(s);
  // Percent-encoding works on code points, which is what spreading a string yields; graphemes do not matter here.
  // eslint-disable-next-line @typescript-eslint/no-misused-spread
  return [...s].map((c) => (/^[\x21-\x7e]$/.test(c) && chance(0.5) ? c : encodeURIComponent(c.isWellFormed() ? c : '\ufffd'))).join('');
}

/** A urlencoded string from random names and values, with duplicates and broken escapes mixed in. */
function urlencoded(): string {
  const pairs: string[] = [];
  const n = Math.floor(rnd() * 5);
  for (let i = 0; i < n; i++) {
    const name = encode(pick(NAMES));
    pairs.push(chance(0.1) ? name : `${name}=${encode(pick(TEXTS))}`);
    if (chance(0.08)) pairs.push(pairs.at(-1)!);
    if (chance(0.1)) pairs.push(`${pick(NAMES).replace(/[^\w]/g, '')}=${pick(BROKEN)}`);
  }
  if (chance(0.02)) for (let i = 0; i < 60; i++) pairs.push(`p${i}=1`);
  return pairs.join(pick(['&', '&', '&', '&&', ';']));
}

function jsonBody(): string {
  const n = Math.floor(rnd() * 5);
  const members = Array.from({ length: n }, () => `${JSON.stringify(pick(NAMES))}:${pick(JSON_VALUES)}`);
  let text = chance(0.9) ? `{${members.join(',')}}` : pick(JSON_VALUES);
  if (chance(0.08)) text = text.slice(0, Math.floor(rnd() * text.length)); // truncated
  if (chance(0.06) && text.length > 2) text = text.slice(0, -1) + `,"amount":${pick(['1', '"max"', '[]'])}}`; // possible duplicate key
  return text;
}

/** A valid order with one thing changed (or none), so the fuzz also reaches the validators, the limits and the worker. */
function nearlyValid(): string {
  const p: Record<string, string> = { stock_code: pick(['600160', 'sz000001', '600519', '300750.SZ', 'sz600160', '510300', '688981']), price: pick(['21.21', '10', '', '21.215']),
    amount: pick(['100', '200', 'max', '1', '201']) };
  if (chance(0.7)) p[pick(['stock_code', 'price', 'amount'])] = pick(TEXTS);
  const pairs = Object.entries(p).map(([k, v]) => `${k}=${encode(v)}`);
  if (chance(0.2)) pairs.push(`${encode(pick(NAMES))}=${chance(0.5) ? pick(BROKEN) : encode(pick(TEXTS))}`);
  return pairs.join('&');
}

/** The names the order routes know, and the routes an unknown key is sent to. */
const ORDER_NAMES = ['stock_code', 'price', 'amount', 'price_type', 'client_order_id'];
const KNOWN_NAMES = [...ORDER_NAMES, 'entrust_no', 'scope', 'open', 'date', 'last', 'limit_up', 'limit_down', 'liquidity', 'token'];
const ALL_ROUTES = ['/buy', '/sell', '/repo', '/margin_buy', '/short_sell', '/buy_to_cover', '/sell_to_repay', '/credit_balance', '/margin_securities', '/credit_debts', '/cancel', '/ipo/subscribe', '/balance', '/position', '/trades', '/orders', '/ipo', '/health', '/refresh'];

/** A typo of a real name (a transposition, a dropped, doubled or changed letter, another case) or a stray word;
 * never a name some route knows. */
function unknownKey(): string {
  for (;;) {
    const base = pick(ORDER_NAMES);
    const i = Math.floor(rnd() * base.length);
    const key = pick([
      () => base.slice(0, i) + base.charAt(i + 1) + base.charAt(i) + base.slice(i + 2),
      () => base.slice(0, i) + base.slice(i + 1),
      () => base.slice(0, i) + base.charAt(i) + base.slice(i),
      () => base.slice(0, i) + pick(['a', 'e', 'x', '_', '1']) + base.slice(i + 1),
      () => base.toUpperCase(),
      () => pick(['side', 'qty', 'volume', 'code', 'symbol', 'limit', 'type', 'stock', 'dry_run', 'confirm', 'exchange']),
    ])();
    if (key !== '' && !KNOWN_NAMES.includes(key)) return key;
  }
}

/** A prefixed or suffixed code whose digits belong to another exchange (the class from the known forms). */
function contradictoryCode(): string {
  const examples: Record<Exchange, readonly string[]> = { SH: ['600160', '688981', '510300', '113050', '204001', '605499'], SZ: ['000001', '300750', '159915', '131810', '128136'], BJ: ['430047', '920001', '830799'] };
  const actual = pick(['SH', 'SZ', 'BJ'] as const);
  const digits = pick(examples[actual]);
  const other = pick((['SH', 'SZ', 'BJ'] as const).filter((x) => x !== actual));
  return chance(0.5) ? `${chance(0.5) ? other.toLowerCase() : other}${digits}` : `${digits}.${chance(0.5) ? other : other.toLowerCase()}`;
}

/** A request that is a valid order but for one unknown key or one contradictory code, in a random transport. */
function targeted(): { path: string; req: RawRequest; code: string; field: string } {
  let p: Record<string, string> = { stock_code: pick(['600160', 'sz000001', '300750.SZ', '510300']), price: pick(['21.21', '10', '3.5']), amount: pick(['100', '200', '1000']) };
  let route = pick(['/buy', '/sell']);
  let code: string;
  let field: string;
  if (chance(0.5)) {
    field = unknownKey();
    route = pick([...ALL_ROUTES, '/buy', '/sell']);
    if (route !== '/buy' && route !== '/sell') p = {}; // the order's own names are unknown elsewhere: send the one key alone
    p[field] = pick(TEXTS.slice(0, 20));
    code = 'unknown_parameter';
  } else {
    p['stock_code'] = contradictoryCode();
    field = 'stock_code';
    code = 'invalid_stock_code';
  }
  const how = pick(['query', 'form', 'json'] as const);
  const pairs = Object.entries(p).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  if (how === 'query') return { path: `${route}?${pairs}`, req: { method: 'GET', headers: {} }, code, field };
  if (how === 'form') return { path: route, req: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: pairs }, code, field };
  return { path: route, req: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(p) }, code, field };
}

/** One random request. */
function randomRequest(): { path: string; req: RawRequest } {
  const method = pick(METHODS);
  let path = pick(PATHS);
  if (chance(0.3)) path = pick(['/buy', '/sell']) + '?' + nearlyValid();
  else if (chance(0.7)) path += '?' + urlencoded();
  if (chance(0.05)) path += pick(BROKEN);
  const headers: Record<string, string> = {};
  let body: string | Buffer | undefined;
  if (method !== 'GET' && method !== 'HEAD' && chance(0.8)) {
    const ct = pick(CONTENT_TYPES);
    if (ct) headers['content-type'] = ct;
    const kind = rnd();
    if (kind < 0.1) {
      body = nearlyValid();
      if (chance(0.5)) headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (kind < 0.35) body = jsonBody();
    else if (kind < 0.7) body = urlencoded();
    else if (kind < 0.78) body = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 200) }, () => Math.floor(rnd() * 256)));
    else if (kind < 0.83) body = 'stock_code=600160&amount=100&pad=' + 'x'.repeat(70_000);
    else if (kind < 0.9) {
      headers['content-encoding'] = pick(['gzip', 'deflate', 'br', 'identity', 'snappy', 'gzip, gzip']);
      body = chance(0.5) ? gzipSync(jsonBody()) : 'not compressed';
    } else body = '';
  }
  // Node's client frames no body of these methods by itself: unframed, the bytes would be a second, malformed request
  // on the connection, and Node's bare 400 for it could race the app's answer to the first.
  if (body !== undefined && body.length > 0 && ['DELETE', 'OPTIONS', 'TRACE'].includes(method)) headers['content-length'] = String(Buffer.byteLength(body));
  if (chance(0.03)) headers['origin'] = pick(['null', 'http://evil.example', 'http://127.0.0.1:1']);
  if (chance(0.03)) headers['sec-fetch-site'] = pick(['cross-site', 'same-site', 'same-origin', 'none', 'bogus']);
  if (chance(0.03)) headers['host'] = pick(['evil.example', 'localhost:1', '[::1]:99', '127.0.0.1:65536', 'a'.repeat(300)]);
  if (chance(0.03)) headers['authorization'] = pick(['Bearer', 'Bearer x y', 'Basic Zm9v', '']);
  if (chance(0.02)) headers['x-ths-token'] = 'x';
  return { path, req: { method, headers, ...(body === undefined ? {} : { body }) } };
}

/** Raw bytes that are not (quite) HTTP. */
function randomRaw(): Buffer {
  const req = (line: string, headers: string[], body = ''): string => `${line}\r\n${headers.join('\r\n')}${headers.length ? '\r\n' : ''}\r\n${body}`;
  const host = 'Host: 127.0.0.1';
  const forms: Array<() => string | Buffer> = [
    () => req(`${pick(['FOO', 'GE T', 'get', 'BREW', 'G\u0000ET', 'POSTX', '-'])} /buy HTTP/1.1`, [host]),
    () => req(`GET /buy?stock_code=${pick(['买', '\u00ff', '\t', '"'])}&amount=100 HTTP/1.1`, [host]),
    () => req(`GET /balance HTTP/${pick(['1.1', '1.0', '2.0', '9.9', '1', 'x'])}`, [host]),
    () => req('GET /balance HTTP/1.1', [host, pick(['NoColon', 'Bad Header: x', 'X: \u0001', 'Content-Length: -1', 'Content-Length: abc', 'Transfer-Encoding: bogus'])]),
    () => req('POST /buy HTTP/1.1', [host, 'Content-Length: 10', 'Transfer-Encoding: chunked'], '0\r\n\r\n'),
    () => req('POST /buy HTTP/1.1', [host, 'Transfer-Encoding: chunked', 'Content-Type: application/json'], `${pick(['zz', '-1', 'fffffffffffffffff', '5'])}\r\n{"a":1}\r\n0\r\n\r\n`),
    () => req('POST /buy HTTP/1.1', [host, 'Content-Type: application/json', 'Content-Length: 50'], '{"stock_code":"600160"'),
    () => req('GET /balance HTTP/1.1', [host, 'X-Big: ' + 'a'.repeat(20_000)]),
    () => req('GET /balance HTTP/1.1', [host, host]),
    () => 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    () => 'GET /\r\n',
    () => Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 300) }, () => Math.floor(rnd() * 256))),
  ];
  const r = pick(forms)();
  return Buffer.isBuffer(r) ? r : Buffer.from(r, 'utf8');
}

async function pool<T>(count: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) out.push(await make(next++));
  }));
  return out;
}

describe(`http/fuzz: thousands of malformed requests (seed ${SEED}; FUZZ_SEED=n to replay)`, function () {
  this.timeout(90_000);
  let s: FakeServer;
  let workerPid: number | null;
  before(async () => {
    const risk = RiskConfigSchema.parse({ max_shares_per_order: 100_000, max_order_value: 10_000_000, denied_codes: ['600519'], max_orders_per_minute: 1_000_000 });
    s = await startFakeServer('', { risk });
    workerPid = s.bridge.health().pid;
  });
  after(async () => {
    await s.close();
  });

  it(`answers ${HTTP_REQUESTS} random requests without a 5xx, each 4xx a registry code naming its field`, async () => {
    const problems: string[] = [];
    const seen = new Map<string, number>();
    // A new connection per request (agent: false): Node's keep-alive client hangs up after its own GET-with-body.
    await pool(HTTP_REQUESTS, async (i) => {
      const { path, req } = randomRequest();
      let r: RawReply;
      try {
        r = await send(s.url, path, req);
      } catch (err) {
        problems.push(`#${i} ${req.method} ${path.slice(0, 120)}: ${(err as Error).message}`);
        return;
      }
      const key = `${r.http} ${String(r.body?.['error'] ?? '')}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      const what = `#${i} ${req.method} ${path.slice(0, 120)} ${JSON.stringify(req.headers)} body=${String(req.body ?? '').slice(0, 120)} -> ${r.http} ${r.text.slice(0, 300)}`;
      if (r.http >= 500) problems.push(`5xx: ${what}`);
      if (r.http >= 400 && r.http < 500 && req.method !== 'HEAD') {
        const code = String(r.body?.['error']);
        const field = r.body?.['field'];
        if (r.body?.['status'] !== -1 || !Object.hasOwn(ERRORS, code)) problems.push(`not an envelope with a registry code: ${what}`);
        else if (FIELD_CODES.has(code) && (typeof field !== 'string' || !String(r.body['message']).toLowerCase().includes(field.toLowerCase().slice(0, 40)))) {
          problems.push(`no field named: ${what}`);
        }
        if (/\bat [^\s]+ \(|\.ts:\d+/.test(r.text)) problems.push(`stack trace: ${what}`);
      }
    });
    expect(problems.slice(0, 20), `${problems.length} problems`).to.deep.equal([]);
    // The fuzz must have exercised refusals and successes alike, or it proves little.
    const codes = [...seen.keys()].join(' ');
    for (const c of ['invalid_encoding', 'duplicate_parameter', 'invalid_body', 'method_not_allowed', 'missing_parameter', 'unknown_parameter', 'market_rule', 'invalid_stock_code', '200 ']) {
      expect(codes).to.contain(c);
    }
  });

  it(`refuses ${TARGETED} valid-looking requests with an unknown key or a contradictory code, none reaching the worker`, async () => {
    const before = s.requests().length;
    const problems: string[] = [];
    const seen = new Set<string>();
    await pool(TARGETED, async (i) => {
      const t = targeted();
      const r = await send(s.url, t.path, t.req);
      seen.add(t.code);
      const got = `${r.http} ${String(r.body?.['error'])} field=${String(r.body?.['field'])}`;
      if (got !== `400 ${t.code} field=${t.field}` || !String(r.body?.['message']).includes(t.field.slice(0, 40))) {
        problems.push(`#${i} ${t.req.method} ${t.path.slice(0, 120)} body=${String(t.req.body ?? '').slice(0, 120)} -> ${got}, expected 400 ${t.code} field=${t.field}`);
      }
    });
    expect(problems.slice(0, 20), `${problems.length} problems`).to.deep.equal([]);
    expect([...seen].sort()).to.deep.equal(['invalid_stock_code', 'unknown_parameter']);
    expect(s.requests().length, 'nothing reached the worker').to.equal(before);
  });

  it(`survives ${RAW_EXCHANGES} raw byte sequences that are not (quite) HTTP without a 5xx`, async () => {
    const problems: string[] = [];
    await pool(RAW_EXCHANGES, async (i) => {
      const bytes = randomRaw();
      const reply = await rawExchange(s.url, bytes).catch((err: unknown) => `error ${(err as Error).message}`);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(reply)?.[1];
      if ((status && Number(status) >= 500) || reply.startsWith('error')) problems.push(`#${i} ${JSON.stringify(bytes.toString('latin1').slice(0, 100))} -> ${reply.slice(0, 200)}`);
    });
    expect(problems.slice(0, 20), `${problems.length} problems`).to.deep.equal([]);
  });

  it('is still up with the same worker, and the worker only ever saw well-formed orders', async () => {
    const r = await send(s.url, '/health');
    expect(r.http).to.equal(200);
    const worker = (r.body?.['message'] as Record<string, Record<string, unknown>>)['worker']!;
    expect(worker['state']).to.equal('ready');
    expect(worker['pid']).to.equal(workerPid);
    expect(worker['restarts']).to.equal(0);
    const orders = s.requests().filter((q) => q.cmd === 'order').map((q) => q.args);
    expect(orders.length, 'some random orders were valid and placed').to.be.greaterThan(0);
    for (const o of orders) {
      expect(Object.keys(o).sort()).to.deep.equal(['amount', 'code', 'exchange', 'price', 'side']);
      expect(o['side']).to.be.oneOf(['buy', 'sell']);
      expect(o['code']).to.match(/^\d{6}$/);
      expect(o['code']).not.to.equal('600519');
      expect(o['exchange']).to.be.oneOf(['SH', 'SZ', 'BJ']);
      const exchange = o['exchange'] as Exchange;
      const certain = certainExchange(String(o['code']));
      expect(certain === undefined || certain === exchange, `${String(o['code'])} sent as ${exchange}`).to.equal(true);
      const price = o['price'] === null ? null : String(o['price']);
      const amount = o['amount'] === 'max' ? 'max' : Number(o['amount']);
      expect(marketRuleBroken(o['side'] as 'buy' | 'sell', { code: String(o['code']), exchange }, price, amount), JSON.stringify(o)).to.equal(null);
      expect(o['price'] === null || /^\d{1,7}(\.\d{1,3})?$/.test(String(o['price'])), String(o['price'])).to.equal(true);
      expect(o['amount'] === 'max' || (Number.isSafeInteger(o['amount']) && (o['amount'] as number) > 0 && (o['amount'] as number) <= 100_000), String(o['amount'])).to.equal(true);
    }
  });
});
