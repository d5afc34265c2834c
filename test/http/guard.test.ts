import type { IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import { expect } from 'chai';
import { hostNameOf, isLoopback, normalizeHostName, normalizeOrigin } from '../../src/http/middleware/guard.ts';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.ts';
import { REQUEST_TIMEOUT_MS, send, type RawReply } from '../helpers/raw-http.ts';

const BUY = '/buy?stock_code=600160&price=21.21&amount=100';

/**
 * Sends `head` (request line and headers, no trailing blank line) and `body` over a raw socket, exactly as written,
 * and parses the answer. Node's server refuses an HTTP/1.1 request without Host with a bare 400 before Express runs
 * (and its client adds a Host header by default), so a request without Host that reaches the guard is an HTTP/1.0
 * one written by hand.
 */
async function rawRequest(base: string, head: string, body = ''): Promise<RawReply> {
  // Written without half-closing the socket (rawExchange ends it, and Node drops a request whose client has gone
  // before its answer is ready); the server closes it after answering: HTTP/1.0, or Connection: close.
  const u = new URL(base);
  const raw = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    const sock = net.connect({ host: u.hostname, port: Number(u.port) }, () => sock.write(head + '\r\n\r\n' + body));
    sock.setTimeout(REQUEST_TIMEOUT_MS, () => sock.destroy(new Error(`no answer in time to ${head.split('\r\n')[0]}`)));
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('close', () => resolve(Buffer.concat(chunks)));
    sock.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' ? resolve(Buffer.concat(chunks)) : reject(err)));
  });
  const end = raw.indexOf('\r\n\r\n');
  const lines = raw.subarray(0, end < 0 ? raw.length : end).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3}) /.exec(lines[0] ?? '');
  const headers: IncomingHttpHeaders = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  let payload = end < 0 ? Buffer.alloc(0) : raw.subarray(end + 4);
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const parts: Buffer[] = [];
    for (let at = 0; ;) {
      const nl = payload.indexOf('\r\n', at);
      const size = nl < 0 ? 0 : parseInt(payload.subarray(at, nl).toString('latin1'), 16);
      if (!(size > 0)) break;
      parts.push(payload.subarray(nl + 2, nl + 2 + size));
      at = nl + 2 + size + 2;
    }
    payload = Buffer.concat(parts);
  }
  const text = payload.toString('utf8');
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { http: status ? Number(status[1]) : 0, headers, text, body: json };
}

function expectRefused(r: RawReply, http: number, code: string, field: string): void {
  expect(r.http, r.text).to.equal(http);
  expect(r.body?.['status']).to.equal(-1);
  expect(r.body?.['error']).to.equal(code);
  expect(r.body?.['field']).to.equal(field);
  expect(String(r.body?.['message'])).to.match(/^拒绝/);
}

describe('http/guard: Host allow-list, Origin and Sec-Fetch-Site, before any handler runs', () => {
  let s: FakeServer;
  const port = (): string => new URL(s.url).port;
  before(async () => {
    s = await startFakeServer();
  });
  after(async () => {
    await s.close();
  });
  const orders = (): number => s.requests().filter((r) => r.cmd === 'order').length;

  for (const host of ['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]']) {
    for (const withPort of [true, false]) {
      const h = withPort ? `${host}:PORT` : host;
      it(`accepts Host ${h} and places the order`, async () => {
        const before = orders();
        const r = await send(s.url, BUY, { headers: { host: h.replace('PORT', port()) } });
        expect(r.http, r.text).to.equal(200);
        expect(r.body?.['status']).to.equal(1);
        expect(orders()).to.equal(before + 1);
      });
    }
  }

  for (const host of ['evil.example', 'evil.example:PORT', '127.0.0.1.evil.example', 'localhost.evil.example:PORT', '192.168.1.20:PORT', '0.0.0.0:PORT', 'a b', '[::1', 'localhost:99999999']) {
    it(`refuses Host ${JSON.stringify(host)} with 403 host_not_allowed and never calls the worker`, async () => {
      const before = s.requests().length;
      const r = await send(s.url, BUY, { headers: { host: host.replace('PORT', port()) } });
      expectRefused(r, 403, 'host_not_allowed', 'Host');
      expect(s.requests().length).to.equal(before);
    });
  }

  it('refuses an HTTP/1.0 request without a Host header (which Node lets through) with 403 host_not_allowed, never calling the worker', async () => {
    const before = s.requests().length;
    const form = 'stock_code=600160&price=21.21&amount=100';
    for (const [head, body] of [
      [`GET ${BUY} HTTP/1.0`, ''],
      ['GET /balance HTTP/1.0', ''],
      [`POST /buy HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${form.length}`, form],
    ] as const) {
      expectRefused(await rawRequest(s.url, head, body), 403, 'host_not_allowed', 'Host');
    }
    expect(s.requests().length).to.equal(before);
  });

  it('refuses an empty Host header with 403 host_not_allowed (HTTP/1.1 and HTTP/1.0), never calling the worker', async () => {
    const before = s.requests().length;
    for (const version of ['1.1', '1.0']) {
      const r = await rawRequest(s.url, `GET ${BUY} HTTP/${version}\r\nHost: \r\nConnection: close`);
      expectRefused(r, 403, 'host_not_allowed', 'Host');
    }
    expect(s.requests().length).to.equal(before);
  });

  it('leaves an HTTP/1.1 request without Host to Node, which refuses it with a bare 400 before any handler runs', async () => {
    const before = s.requests().length;
    const r = await rawRequest(s.url, `GET ${BUY} HTTP/1.1\r\nConnection: close`);
    expect(r.http).to.equal(400);
    expect(r.body, 'not an answer of the app').to.equal(undefined);
    expect(s.requests().length).to.equal(before);
  });

  it('guards every route, not only the order routes', async () => {
    for (const p of ['/balance', '/position', '/health', '/nothing']) {
      const r = await send(s.url, p, { headers: { host: 'rebound.example' } });
      expectRefused(r, 403, 'host_not_allowed', 'Host');
    }
  });

  for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:1`, 'http://localhost:3000']) {
    for (const method of ['GET', 'POST']) {
      it(`refuses a ${method} with Origin ${origin} with 403 origin_not_allowed`, async () => {
        const before = s.requests().length;
        const r = method === 'GET'
          ? await send(s.url, BUY, { headers: { origin } })
          : await send(s.url, '/buy', { headers: { origin, 'content-type': 'application/x-www-form-urlencoded' }, body: 'stock_code=600160&price=21.21&amount=100' });
        expectRefused(r, 403, 'origin_not_allowed', 'Origin');
        expect(s.requests().length).to.equal(before);
      });
    }
  }

  for (const site of ['cross-site', 'same-site', 'Cross-Site']) {
    it(`refuses Sec-Fetch-Site: ${site} without an Origin (an <img> or a link) with 403 cross_site_request`, async () => {
      const before = s.requests().length;
      const r = await send(s.url, BUY, { headers: { 'sec-fetch-site': site, 'sec-fetch-dest': 'image' } });
      expectRefused(r, 403, 'cross_site_request', 'Sec-Fetch-Site');
      expect(s.requests().length).to.equal(before);
    });
  }

  for (const site of ['same-origin', 'none']) {
    it(`lets Sec-Fetch-Site: ${site} read /balance (the user typed the address)`, async () => {
      const r = await send(s.url, '/balance', { headers: { 'sec-fetch-site': site } });
      expect(r.http).to.equal(200);
    });
  }

  it('sends no CORS headers by default, not even to a preflight', async () => {
    const pre = await send(s.url, '/buy', { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' } });
    expect(pre.http).to.equal(403);
    const plain = await send(s.url, '/balance');
    for (const r of [pre, plain]) {
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control-'))).to.deep.equal([]);
    }
    expect(plain.headers['x-content-type-options']).to.equal('nosniff');
  });
});

/** What Chromium sends for a typed, restored or bookmarked address (`Sec-Fetch-Site: none`). */
const TYPED = {
  'sec-fetch-site': 'none', 'sec-fetch-mode': 'navigate', 'sec-fetch-user': '?1', 'sec-fetch-dest': 'document', 'upgrade-insecure-requests': '1',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
};

describe('http/guard: a link places an order — every route with an effect refuses a browser-marked request (no token configured)', () => {
  let s: FakeServer;
  before(async () => {
    s = await startFakeServer();
  });
  after(async () => {
    await s.close();
  });
  const orders = (): number => s.requests().filter((r) => r.cmd === 'order').length;

  const EFFECTS: Array<[string, string]> = [
    ['/buy', 'stock_code=600160&price=21.21&amount=100'], ['/sell', 'stock_code=600160&price=21.21&amount=100'], ['/cancel', 'scope=all'],
    ['/cancel', 'entrust_no=4025982646'], ['/repo', 'stock_code=204001&rate=1.85&amount=10'],
    ['/margin_buy', 'stock_code=600160&price=21.21&amount=100'], ['/short_sell', 'stock_code=600160&price=21.21&amount=100'],
    ['/buy_to_cover', 'stock_code=600160&price=21.21&amount=100'], ['/sell_to_repay', 'stock_code=600160&price=21.21&amount=100'], ['/ipo/subscribe', 'stock_code=787518'], ['/refresh', ''], ['/sim/quote', 'stock_code=600160&price=21.5'],
    ['/journal/7/settle', 'settlement=absent'], ['/BUY/', 'stock_code=600160&price=21.21&amount=100'],
  ];
  for (const [route, params] of EFFECTS) {
    it(`refuses a typed or restored ${route}${params ? '?' + params : ''} (Sec-Fetch-Site: none) and the same as a form POST with 403 browser_request, never calling the worker`, async () => {
      const before = s.requests().length;
      expectRefused(await send(s.url, params ? `${route}?${params}` : route, { headers: TYPED }), 403, 'browser_request', 'Sec-Fetch-Site');
      expectRefused(await send(s.url, route, { headers: { ...TYPED, 'content-type': 'application/x-www-form-urlencoded' }, body: params }), 403, 'browser_request', 'Sec-Fetch-Site');
      expect(s.requests().length).to.equal(before);
    });
  }

  const ONE_MARK: Array<[string, Record<string, string>]> = [
    ['Sec-Fetch-Site', { 'sec-fetch-site': 'same-origin' }],
    ['Sec-Fetch-Dest', { 'sec-fetch-dest': 'image' }],
    ['Sec-Fetch-User', { 'sec-fetch-user': '?1' }],
    ['Sec-Purpose', { 'sec-purpose': 'prefetch;prerender' }],
    ['Purpose', { purpose: 'prefetch' }],
    ['Upgrade-Insecure-Requests', { 'upgrade-insecure-requests': '1' }],
    ['Accept', { accept: 'text/html' }],
    ['Accept', { accept: 'image/webp,*/*' }],
    ['User-Agent', { 'user-agent': 'Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; Trident/7.0)' }],
    ['User-Agent', { 'user-agent': 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)' }],
  ];
  for (const [header, headers] of ONE_MARK) {
    it(`refuses /buy carrying only the mark ${header}: ${Object.values(headers)[0]!} with 403 browser_request naming it`, async () => {
      const before = s.requests().length;
      const r = await send(s.url, BUY, { headers });
      expectRefused(r, 403, 'browser_request', header);
      expect(String(r.body?.['message'])).to.contain(header).and.to.contain('Authorization: Bearer').and.to.contain('脚本');
      expect(s.requests().length).to.equal(before);
    });
  }

  it('says which marks it saw and what to do: use a script, or configure a token and send it in a header', async () => {
    const r = await send(s.url, '/cancel?scope=all', { headers: TYPED });
    const msg = String(r.body?.['message']);
    for (const h of ['Sec-Fetch-Site: "none"', 'Sec-Fetch-Dest', 'Sec-Fetch-User', 'Upgrade-Insecure-Requests', 'Accept', 'User-Agent']) expect(msg).to.contain(h);
    expect(msg).to.contain('/cancel').and.to.contain('--token-file').and.to.contain('X-Ths-Token').and.to.contain('(a browser request');
  });

  it('lets a typed /balance and /health through with the same browser headers', async () => {
    for (const p of ['/balance', '/health']) {
      const r = await send(s.url, p, { headers: TYPED });
      expect(r.http, `${p}: ${r.text}`).to.equal(200);
    }
  });

  it('places the order of a request with Node fetch\'s own headers (Sec-Fetch-Mode: cors alone is no mark)', async () => {
    const before = orders();
    const r = await send(s.url, BUY, { headers: { accept: '*/*', 'accept-language': '*', 'sec-fetch-mode': 'cors', 'user-agent': 'node' } });
    expect(r.http, r.text).to.equal(200);
    expect(r.body?.['status']).to.equal(1);
    expect(orders()).to.equal(before + 1);
  });

  it('still refuses a cross-site <img> on any route first with 403 cross_site_request', async () => {
    expectRefused(await send(s.url, BUY, { headers: { 'sec-fetch-site': 'cross-site' } }), 403, 'cross_site_request', 'Sec-Fetch-Site');
    expectRefused(await send(s.url, '/balance', { headers: { 'sec-fetch-site': 'cross-site' } }), 403, 'cross_site_request', 'Sec-Fetch-Site');
  });
});

describe('http/guard: with a token configured, a browser-marked order passes only with the right token', () => {
  const TOKEN = 'k3y-For-THS-tests-0123456789abcdef';
  let s: FakeServer;
  before(async () => {
    s = await startFakeServer('', { token: TOKEN });
  });
  after(async () => {
    await s.close();
  });

  it('places a typed /buy that sends the token in Authorization: Bearer', async () => {
    const before = s.requests().filter((r) => r.cmd === 'order').length;
    const r = await send(s.url, BUY, { headers: { ...TYPED, authorization: `Bearer ${TOKEN}` } });
    expect(r.http, r.text).to.equal(200);
    expect(r.body?.['status']).to.equal(1);
    expect(s.requests().filter((q) => q.cmd === 'order').length).to.equal(before + 1);
  });

  it('refuses a typed /buy without the token with 401 token_required, placing nothing', async () => {
    const before = s.requests().length;
    const r = await send(s.url, BUY, { headers: TYPED });
    expect(r.http, r.text).to.equal(401);
    expect(r.body?.['error']).to.equal('token_required');
    expect(s.requests().length).to.equal(before);
  });
});

describe('http/guard: configured host names and origins', () => {
  let s: FakeServer;
  before(async () => {
    s = await startFakeServer('', { allowHosts: ['trader.lan', '192.168.1.20'], allowOrigins: ['http://dashboard.lan:3000'] });
  });
  after(async () => {
    await s.close();
  });

  it('accepts a configured Host name with any port, and still refuses others', async () => {
    expect((await send(s.url, '/balance', { headers: { host: 'trader.lan:8888' } })).http).to.equal(200);
    expect((await send(s.url, '/balance', { headers: { host: 'TRADER.LAN' } })).http).to.equal(200);
    expect((await send(s.url, '/balance', { headers: { host: '192.168.1.20:1234' } })).http).to.equal(200);
    expectRefused(await send(s.url, '/balance', { headers: { host: 'other.lan' } }), 403, 'host_not_allowed', 'Host');
  });

  it('answers a preflight from a configured origin with CORS headers and no worker call', async () => {
    const before = s.requests().length;
    const r = await send(s.url, '/buy', { method: 'OPTIONS', headers: { origin: 'http://dashboard.lan:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect(r.http).to.equal(204);
    expect(r.headers['access-control-allow-origin']).to.equal('http://dashboard.lan:3000');
    expect(r.headers['access-control-allow-methods']).to.equal('GET, POST');
    expect(r.headers.vary).to.equal('Origin');
    expect(s.requests().length).to.equal(before);
  });

  it('lets a configured origin read, refuses its order without a token (browser_request), and refuses another origin', async () => {
    const before = s.requests().filter((r) => r.cmd === 'order').length;
    const read = await send(s.url, '/balance', { headers: { origin: 'http://dashboard.lan:3000', 'sec-fetch-site': 'cross-site' } });
    expect(read.http, read.text).to.equal(200);
    expect(read.headers['access-control-allow-origin']).to.equal('http://dashboard.lan:3000');
    // Changed by issue 13: with no token configured no browser page can trade, not even an allow-listed one.
    const order = await send(s.url, BUY, { headers: { origin: 'http://dashboard.lan:3000', 'sec-fetch-site': 'cross-site' } });
    expectRefused(order, 403, 'browser_request', 'Sec-Fetch-Site');
    const other = await send(s.url, BUY, { headers: { origin: 'http://dashboard.lan:3001' } });
    expectRefused(other, 403, 'origin_not_allowed', 'Origin');
    expect(other.headers['access-control-allow-origin']).to.equal(undefined);
    expect(s.requests().filter((r) => r.cmd === 'order').length).to.equal(before);
  });
});

describe('http/guard: a browser tool on a configured origin, with the token in a header', () => {
  const TOKEN = 'k3y-For-THS-tests-0123456789abcdef';
  const DASHBOARD = { origin: 'http://dashboard.lan:3000', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty',
    'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' };
  let s: FakeServer;
  before(async () => {
    s = await startFakeServer('', { token: TOKEN, allowOrigins: ['http://dashboard.lan:3000'] });
  });
  after(async () => {
    await s.close();
  });
  const orders = (): number => s.requests().filter((r) => r.cmd === 'order').length;

  it('places the order of a configured origin\'s page that sends the token in X-Ths-Token', async () => {
    const before = orders();
    const r = await send(s.url, BUY, { headers: { ...DASHBOARD, 'x-ths-token': TOKEN } });
    expect(r.http, r.text).to.equal(200);
    expect(r.body?.['status']).to.equal(1);
    expect(r.headers['access-control-allow-origin']).to.equal('http://dashboard.lan:3000');
    expect(orders()).to.equal(before + 1);
  });

  it('refuses the same page without the token (401 token_required) or with a wrong one (401 token_invalid), placing nothing', async () => {
    const before = s.requests().length;
    const missing = await send(s.url, BUY, { headers: DASHBOARD });
    expect(missing.http, missing.text).to.equal(401);
    expect(missing.body?.['error']).to.equal('token_required');
    const wrong = await send(s.url, BUY, { headers: { ...DASHBOARD, 'x-ths-token': TOKEN.slice(0, -1) + 'X' } });
    expect(wrong.http, wrong.text).to.equal(401);
    expect(wrong.body?.['error']).to.equal('token_invalid');
    expect(s.requests().length).to.equal(before);
  });
});

describe('http/guard: helpers', () => {
  it('knows loopback addresses from the rest', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LocalHost']) expect(isLoopback(h), h).to.equal(true);
    for (const h of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.1', 'trader.lan', '128.0.0.1', '::ffff:10.0.0.1']) expect(isLoopback(h), h).to.equal(false);
  });

  it('reads the host name of a Host header and refuses malformed ones', () => {
    expect(hostNameOf('LocalHost:8888')).to.equal('localhost');
    expect(hostNameOf('[::1]:80')).to.equal('::1');
    expect(hostNameOf('127.0.0.1')).to.equal('127.0.0.1');
    for (const bad of ['', 'a:b:c', '[::1', 'host:', 'host:123456', 'a b']) expect(hostNameOf(bad), bad).to.equal(undefined);
  });

  it('normalises configured names and origins, refusing what cannot match', () => {
    expect(normalizeHostName('Trader.LAN')).to.equal('trader.lan');
    expect(normalizeHostName('[::1]')).to.equal('::1');
    expect(normalizeHostName('trader.lan:8888')).to.have.property('error');
    expect(normalizeHostName('http://trader.lan')).to.have.property('error');
    expect(normalizeOrigin('http://Dashboard.lan:3000/')).to.equal('http://dashboard.lan:3000');
    for (const bad of ['null', 'dashboard.lan', 'http://x/path', 'file:///tmp', 'ftp://x']) expect(normalizeOrigin(bad), bad).to.have.property('error');
  });
});
