// Reverse repos through /repo (issue 18), on both backends: Shanghai 204001 and Shenzhen 131810 lent in units of
// 1,000 CNY at an annual rate, placed on the client's sell page in the client's own unit (told from its max-sell label
// and the available cash), shown in orders, trades, positions and funds as the simulated client books them; the
// gateway's refusals of bad parameters before the client, and its refusal to guess a unit it cannot tell.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, freshState, startServerProcess, withStateServer, type ServerProcess } from '../helpers/server-process.ts';

type Row = Record<string, unknown>;

async function repo(s: ServerProcess, body: Record<string, unknown>): Promise<{ http: number; body: Row }> {
  const r = await s.get('/repo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { http: r.http, body: r.body };
}

async function orders(s: ServerProcess): Promise<Row[]> {
  const r = await s.get('/orders');
  expect(r.body['status'], JSON.stringify(r.body)).to.equal(1);
  return r.body['message'] as Row[];
}

async function funds(s: ServerProcess): Promise<Record<string, number>> {
  const r = await s.get('/balance');
  expect(r.body['status'], JSON.stringify(r.body)).to.equal(1);
  return Object.fromEntries(Object.entries(r.body['message'] as Row).map(([k, v]) => [k, Number(v)]));
}

const cents = (x: number): number => Math.round(x * 100) / 100;

for (const backend of e2eBackends()) describe(`e2e/repo [${backend}]: reverse repos on the sell page, in the client's unit`, function () {
  this.timeout(240_000);
  let s: ServerProcess;
  before(async () => {
    s = await startServerProcess({ statePath: freshState(), backend });
  });
  after(async () => {
    await (s as ServerProcess | undefined)?.stop(); // unset when before() failed
  });
  after(cleanupBackends);

  it('lends 10 x 1,000 CNY on 204001 at 1.5 (under the market 1.65): filled at 1.65, in orders, trades and positions; the cash leaves the balance, the total stays', async () => {
    const before = await funds(s);
    const r = await repo(s, { stock_code: '204001', rate: '1.5', amount: 10 });
    expect(r.http, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.include({ status: 1 });
    expect(String(r.body['message'])).to.match(/您的卖出委托已成功提交，合同编号：\d+/);
    expect(r.body['repo']).to.deep.equal({ stock_code: '204001', exchange: 'SH', rate: '1.5', amount: 10, cny: 10000, client_unit_cny: 1000, client_amount: 10 });
    const no = String(r.body['entrust_no']);
    expect((await orders(s)).find((o) => o['合同编号'] === no)).to.include({ 证券代码: '204001', 证券名称: 'GC001', 操作: '卖出', 委托价格: 1.5, 委托数量: 10, 成交数量: 10, 成交均价: 1.65, 备注: '已成' });
    const trades = (await s.get('/trades')).body['message'] as Row[];
    expect(trades.find((t) => t['合同编号'] === no)).to.include({ 证券代码: '204001', 成交数量: 10, 成交均价: 1.65, 成交金额: 10000 });
    const position = ((await s.get('/position')).body['message'] as Record<string, Row>)['204001'];
    expect(position).to.include({ 证券名称: 'GC001', 股票余额: 10, 可用余额: 0, 成本价: 1000 });
    const after = await funds(s);
    expect(cents(before['可用金额']! - after['可用金额']!)).to.equal(10000);
    expect(cents(before['资金余额']! - after['资金余额']!)).to.equal(10000);
    expect(cents(after['股票市值']! - before['股票市值']!), 'the repo is held at the cash lent').to.equal(10000);
    expect(after['总资产']).to.equal(before['总资产']);
  });

  it('lends 5 x 1,000 CNY on 131810 at 1.8 (over the market 1.72): the order rests with 5,000 CNY frozen, and its cancel gives the cash back', async () => {
    const before = await funds(s);
    const r = await repo(s, { stock_code: 'sz131810', rate: 1.8, amount: '5' });
    expect(r.body, JSON.stringify(r.body)).to.include({ status: 1 });
    const no = String(r.body['entrust_no']);
    expect((await orders(s)).find((o) => o['合同编号'] === no)).to.include({ 证券代码: '131810', 操作: '卖出', 委托价格: 1.8, 委托数量: 5, 成交数量: 0, 备注: '已报' });
    expect(cents(before['可用金额']! - (await funds(s))['可用金额']!)).to.equal(5000);
    const c = await s.get(`/cancel?entrust_no=${no}`);
    expect(c.body, JSON.stringify(c.body)).to.include({ status: 1 });
    expect((await funds(s))['可用金额']).to.equal(before['可用金额']);
  });

  it('refuses, before the client, a code that is no repo, a bad rate, a zero amount and a missing rate, each naming its field', async () => {
    const count = (await orders(s)).length;
    const cases: Array<[Row, string, string]> = [
      [{ stock_code: '600160', rate: '1.5', amount: 10 }, 'invalid_stock_code', 'stock_code'],
      [{ stock_code: '204001', rate: '1.5%', amount: 10 }, 'invalid_rate', 'rate'],
      [{ stock_code: '204001', rate: '1.5', amount: 0 }, 'invalid_amount', 'amount'],
      [{ stock_code: '204001', amount: 10 }, 'missing_parameter', 'rate'],
    ];
    for (const [body, error, field] of cases) {
      const r = await repo(s, body);
      expect(r.http, JSON.stringify(body)).to.equal(400);
      expect(r.body, JSON.stringify(body)).to.include({ status: -1, error, field });
      expect(String(r.body['message']), JSON.stringify(body)).to.include(field);
    }
    expect((await orders(s)).length, 'nothing reached the client').to.equal(count);
  });

  it('types the quantity in 张 of 100 CNY on a client that counts so: 3 x 1,000 CNY is 30 in the order', async () => {
    await withStateServer({ backend, edit: (st) => { st.client['repoUnitCny'] = 100; } }, async (h) => {
      const r = await repo(h, { stock_code: '204001', rate: '1.6', amount: 3 });
      expect(r.body, JSON.stringify(r.body)).to.include({ status: 1 });
      expect(r.body['repo']).to.include({ amount: 3, cny: 3000, client_unit_cny: 100, client_amount: 30 });
      const no = String(r.body['entrust_no']);
      expect((await orders(h)).find((o) => o['合同编号'] === no)).to.include({ 证券代码: '204001', 委托数量: 30, 成交数量: 30 });
    });
  });

  it('refuses with repo_unit_unknown, placing nothing, when the max label fits neither unit (a client counting 500 CNY)', async () => {
    await withStateServer({ backend, edit: (st) => { st.client['repoUnitCny'] = 500; } }, async (h) => {
      const count = (await orders(h)).length;
      const r = await repo(h, { stock_code: '204001', rate: '1.6', amount: 3 });
      expect(r.http, JSON.stringify(r.body)).to.equal(502);
      expect(r.body).to.include({ status: -1, error: 'repo_unit_unknown' });
      expect(String(r.body['message'])).to.include('没有下单');
      expect((await orders(h)).length).to.equal(count);
    });
  });
});
