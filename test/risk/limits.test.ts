import { expect } from 'chai';
import { RiskConfigSchema } from '../../src/risk/config.ts';
import { exchangeClock } from '../../src/risk/limits.ts';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.ts';
import { send, type RawReply } from '../helpers/raw-http.ts';

// Wednesday 2025-01-15 10:00 in Beijing (UTC+8, no daylight saving).
const WED_1000 = Date.parse('2025-01-15T02:00:00Z');
const MIN = 60_000;

function expectLimit(r: RawReply, http: number, code: string, limit: string, value: unknown, field: string | undefined): void {
  expect(r.http, r.text).to.equal(http);
  expect(r.body?.['status']).to.equal(-1);
  expect(r.body?.['error']).to.equal(code);
  expect(r.body?.['limit']).to.equal(limit);
  expect(r.body?.['limit_value']).to.deep.equal(value);
  expect(r.body?.['field']).to.equal(field);
  const message = String(r.body?.['message']);
  expect(message).to.match(/^风控拒绝（没有下单）/).and.to.contain(limit);
  for (const v of Array.isArray(value) ? value : [value]) expect(message).to.contain(String(v).replace(/\.SH|\.SZ/, ''));
}

describe('risk/limits: each limit refuses before the worker, naming the limit and its value', () => {
  let s: FakeServer;
  let now = WED_1000;
  const orders = (): number => s.requests().filter((r) => r.cmd === 'order').length;
  before(async () => {
    const risk = RiskConfigSchema.parse({
      max_shares_per_order: 1000,
      max_order_value: 21210,
      allowed_codes: ['600160', 'sz000001', '600519.SH'],
      denied_codes: ['600519'],
      max_orders_per_minute: 3,
      trading_hours: ['09:30-11:30', '13:00-15:00'],
    });
    s = await startFakeServer('', { risk, now: () => new Date(now) });
  });
  after(async () => {
    await s.close();
  });
  beforeEach(() => {
    now += 2 * MIN; // a fresh rate window for every test, still inside the morning session
  });

  const refusals: Array<[string, string, number, string, string, unknown, string | undefined]> = [
    ['more shares than max_shares_per_order', '/buy?stock_code=600160&price=1&amount=1100', 403, 'risk_max_shares', 'max_shares_per_order', 1000, 'amount'],
    ['a value above max_order_value', '/buy?stock_code=600160&price=21.22&amount=1000', 403, 'risk_max_value', 'max_order_value', 21210, 'amount'],
    ['a sell above max_order_value', '/sell?stock_code=600160&price=30&amount=800', 403, 'risk_max_value', 'max_order_value', 21210, 'amount'],
    ['no price while max_order_value is set', '/buy?stock_code=600160&amount=100', 403, 'risk_unverifiable', 'max_order_value', 21210, 'price'],
    ['amount=max while max_shares_per_order is set', '/buy?stock_code=600160&price=1&amount=max', 403, 'risk_unverifiable', 'max_shares_per_order', 1000, 'amount'],
    ['a code outside allowed_codes', '/buy?stock_code=600161&price=1&amount=100', 403, 'risk_code_not_allowed', 'allowed_codes', ['600160.SH', '000001.SZ', '600519.SH'], 'stock_code'],
    ['a code in denied_codes (even if allowed)', '/buy?stock_code=sh600519&price=1&amount=100', 403, 'risk_code_denied', 'denied_codes', ['600519.SH'], 'stock_code'],
  ];
  for (const [what, path, http, code, limit, value, field] of refusals) {
    it(`refuses ${what} with ${http} ${code}`, async () => {
      const before = orders();
      expectLimit(await send(s.url, path), http, code, limit, value, field);
      expect(orders()).to.equal(before);
    });
  }

  it('refuses every form of a denied code: denied_codes compares the resolved code and exchange', async () => {
    const before = orders();
    const forms: unknown[] = ['600519', 'sh600519', 'SH600519', '600519.SH', '600519.sh', '600519.SS', ' 600519 ', 600519];
    for (const form of forms) {
      const r = await send(s.url, '/buy', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stock_code: form, price: 1, amount: 100 }) });
      expect(r.body?.['error'], JSON.stringify(form)).to.equal('risk_code_denied');
    }
    // A prefix that contradicts the code is not a way around the list: it is refused as a bad code.
    for (const form of ['sz600519', '600519.SZ', 'bj600519']) {
      const r = await send(s.url, `/buy?stock_code=${form}&price=1&amount=100`);
      expect(r.http, form).to.equal(400);
      expect(r.body?.['error'], form).to.equal('invalid_stock_code');
    }
    expect(orders()).to.equal(before);
  });

  it('accepts an order exactly at max_shares_per_order and exactly at max_order_value (21.21 x 1000)', async () => {
    const r = await send(s.url, '/buy?stock_code=600160&price=21.21&amount=1000');
    expect(r.http, r.text).to.equal(200);
    expect(r.body?.['status']).to.equal(1);
  });

  it('applies the limits to JSON and form orders too, and to codes written another way', async () => {
    const j = await send(s.url, '/buy', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stock_code: '000001.SZ', price: 10, amount: 2000 }) });
    expectLimit(j, 403, 'risk_max_shares', 'max_shares_per_order', 1000, 'amount');
    const f = await send(s.url, '/sell', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'stock_code=000001.SZ&price=10&amount=100' });
    expect(f.http, f.text).to.equal(200);
  });

  it('refuses the order past max_orders_per_minute with 429, Retry-After, and accepts again a minute later', async () => {
    const before = orders();
    for (let i = 0; i < 3; i++) expect((await send(s.url, '/buy?stock_code=600160&price=1&amount=100')).http).to.equal(200);
    // Refused orders do not count: this one is refused for its size, then the 4th valid one hits the rate limit.
    expect((await send(s.url, '/buy?stock_code=600160&price=1&amount=5000')).http).to.equal(403);
    const r = await send(s.url, '/buy?stock_code=600160&price=1&amount=100');
    expectLimit(r, 429, 'risk_rate_limited', 'max_orders_per_minute', 3, undefined);
    expect(r.headers['retry-after']).to.equal('60');
    expect(orders()).to.equal(before + 3);
    now += MIN;
    expect((await send(s.url, '/buy?stock_code=600160&price=1&amount=100')).http).to.equal(200);
  });

  const closed: Array<[string, string]> = [
    ['before the open (09:29)', '2025-01-15T01:29:00Z'],
    ['at the lunch break (11:30)', '2025-01-15T03:30:00Z'],
    ['after the close (15:00)', '2025-01-15T07:00:00Z'],
    ['on a Saturday at 10:00', '2025-01-18T02:00:00Z'],
  ];
  for (const [when, iso] of closed) {
    it(`refuses an order ${when} Beijing time with 403 risk_outside_hours`, async () => {
      const saved = now;
      now = Date.parse(iso);
      try {
        const r = await send(s.url, '/buy?stock_code=600160&price=1&amount=100');
        expectLimit(r, 403, 'risk_outside_hours', 'trading_hours', ['09:30-11:30', '13:00-15:00'], undefined);
        expect(String(r.body?.['message'])).to.contain('北京时间');
      } finally {
        now = saved;
      }
    });
  }

  it('accepts an order at 13:00 and at 14:59 Beijing time', async () => {
    const saved = now;
    try {
      for (const iso of ['2025-01-15T05:00:00Z', '2025-01-15T06:59:00Z']) {
        now = Date.parse(iso);
        expect((await send(s.url, '/sell?stock_code=600160&price=1&amount=100')).http, iso).to.equal(200);
      }
    } finally {
      now = saved;
    }
  });

  it('does not limit the read-only routes', async () => {
    const saved = now;
    now = Date.parse('2025-01-18T02:00:00Z');
    try {
      expect((await send(s.url, '/balance')).http).to.equal(200);
    } finally {
      now = saved;
    }
  });
});

describe('risk/limits: --dry-run', () => {
  let s: FakeServer;
  before(async () => {
    s = await startFakeServer('', { dryRun: true, risk: RiskConfigSchema.parse({ max_shares_per_order: 1000 }) });
  });
  after(async () => {
    await s.close();
  });

  it('validates, checks the limits and answers status 1 with dry_run: true, never calling the worker for the order', async () => {
    const r = await send(s.url, '/buy?stock_code=sh600160&price=21.210&amount=100');
    expect(r.http, r.text).to.equal(200);
    expect(r.body?.['status']).to.equal(1);
    expect(r.body?.['dry_run']).to.equal(true);
    expect(String(r.body?.['message'])).to.contain('dry run').and.to.contain('没有发往客户端').and.to.contain('600160');
    expect(r.body?.['order']).to.deep.equal({ side: 'buy', stock_code: '600160', exchange: 'SH', price: '21.21', amount: 100 });
    const bad = await send(s.url, '/sell?stock_code=600160&amount=lots');
    expect(bad.body?.['error']).to.equal('invalid_amount');
    const big = await send(s.url, '/sell?stock_code=600160&amount=5000');
    expect(big.body?.['error']).to.equal('risk_max_shares');
    expect(s.requests().filter((q) => q.cmd === 'order')).to.deep.equal([]);
  });

  it('still answers /balance from the client', async () => {
    const r = await send(s.url, '/balance');
    expect(r.body?.['status']).to.equal(1);
    expect(s.requests().filter((q) => q.cmd === 'balance')).to.have.length(1);
  });
});

describe('risk/limits: the Beijing clock', () => {
  it('reads weekday and minute in Asia/Shanghai whatever the machine zone', () => {
    expect(exchangeClock(new Date('2025-01-15T02:00:00Z'))).to.deep.equal({ weekday: 3, minute: 600, text: '周三 10:00' });
    expect(exchangeClock(new Date('2025-01-18T16:30:00Z'))).to.deep.include({ weekday: 7, minute: 30 });
  });
});
