// Funds and bonds through the same buy / sell pages (issue 18): ETFs priced to 0.001 (Shanghai 510300, Shenzhen
// 159915) and convertible bonds priced to 0.001 and counted in 张, steps of 10 (Shanghai 113050, Shenzhen 123107), on
// both backends. The client shows them as it shows shares: orders, trades and positions with 3-decimal prices; the
// gateway refuses a 4th decimal and a share's 3rd before the client, and the client's own lot refusal is final.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, freshState, startServerProcess, type ServerProcess, type SimStateFile } from '../helpers/server-process.ts';

type Row = Record<string, unknown>;

async function rows(s: ServerProcess, path: string): Promise<Row[]> {
  const r = await s.get(path);
  expect(r.body['status'], `${path}: ${JSON.stringify(r.body)}`).to.equal(1);
  return r.body['message'] as Row[];
}

/** The positions, keyed by code (the seed's form of /position). */
async function positions(s: ServerProcess): Promise<Record<string, Row>> {
  const r = await s.get('/position');
  expect(r.body['status'], JSON.stringify(r.body)).to.equal(1);
  return r.body['message'] as Record<string, Row>;
}

async function available(s: ServerProcess): Promise<number> {
  const r = await s.get('/balance');
  expect(r.body['status'], JSON.stringify(r.body)).to.equal(1);
  return Number((r.body['message'] as Row)['可用金额']);
}

async function placed(s: ServerProcess, pathAndQuery: string): Promise<string> {
  const r = await s.get(pathAndQuery);
  expect(r.body['status'], `${pathAndQuery}: ${JSON.stringify(r.body)}`).to.equal(1);
  return String(r.body['entrust_no']);
}

for (const backend of e2eBackends()) describe(`e2e/funds-bonds [${backend}]: ETFs and convertible bonds through the buy and sell pages`, function () {
  this.timeout(180_000);
  let s: ServerProcess;
  before(async () => {
    // 1000 units of 159915 held from before today: sellable.
    const edit = (st: SimStateFile): void => {
      (st as unknown as { positions: Record<string, Row> }).positions['159915'] = { name: '创业板ETF', total: 1000, available: 1000, frozen: 0, cost: '2.011', boughtToday: 0 };
    };
    s = await startServerProcess({ statePath: freshState(edit), backend });
  });
  after(async () => {
    await (s as ServerProcess | undefined)?.stop(); // unset when before() failed
  });
  after(cleanupBackends);

  it('buys 100 of the Shanghai ETF 510300 at 3.912: filled at once, 3.912 in orders and trades, 100 in positions, cash less value and fees', async () => {
    const before = await available(s);
    const no = await placed(s, '/buy?stock_code=510300&price=3.912&amount=100');
    const order = (await rows(s, '/orders')).find((r) => r['合同编号'] === no);
    expect(order).to.include({ 证券代码: '510300', 操作: '买入', 委托价格: 3.912, 委托数量: 100, 成交数量: 100, 成交均价: 3.912, 备注: '已成' });
    const trade = (await rows(s, '/trades')).find((r) => r['合同编号'] === no);
    expect(trade).to.include({ 证券代码: '510300', 成交均价: 3.912, 成交数量: 100 });
    expect((await positions(s))['510300']).to.include({ 证券名称: '沪深300ETF', 股票余额: 100 });
    // 391.20 + commission (its 5.00 minimum) + transfer fee (0.0039 -> 0.00)
    expect(Math.round((before - (await available(s))) * 100) / 100).to.equal(396.2);
  });

  it('buys 200 of the Shenzhen ETF 159915 at 2.104, under its last 2.105: the order rests (已报) at 2.104', async () => {
    const no = await placed(s, '/buy?stock_code=159915&price=2.104&amount=200');
    expect((await rows(s, '/orders')).find((r) => r['合同编号'] === no)).to.include({ 委托价格: 2.104, 成交数量: 0, 备注: '已报' });
  });

  it('sells 1000 of 159915 at 2.105: cash rises by the value less commission and transfer fee, with no stamp duty (a fund)', async () => {
    const before = await available(s);
    const no = await placed(s, '/sell?stock_code=159915&price=2.105&amount=1000');
    expect((await rows(s, '/orders')).find((r) => r['合同编号'] === no)).to.include({ 操作: '卖出', 委托价格: 2.105, 成交数量: 1000, 备注: '已成' });
    // 2105.00 - commission (its 5.00 minimum) - transfer fee (0.02105 -> 0.02); a share would also pay 1.05 stamp duty
    expect(Math.round(((await available(s)) - before) * 100) / 100).to.equal(2099.98);
  });

  it('buys 10 张 of the Shanghai convertible bond 113050 at 118.25 and 20 张 of the Shenzhen 123107 at 121.368', async () => {
    const sh = await placed(s, '/buy?stock_code=113050&price=118.25&amount=10');
    const sz = await placed(s, '/buy?stock_code=123107&price=121.368&amount=20');
    const orders = await rows(s, '/orders');
    expect(orders.find((r) => r['合同编号'] === sh)).to.include({ 证券代码: '113050', 委托价格: 118.25, 委托数量: 10, 成交均价: 118.25, 备注: '已成' });
    expect(orders.find((r) => r['合同编号'] === sz)).to.include({ 证券代码: '123107', 委托价格: 121.368, 委托数量: 20, 备注: '已成' });
    const held = await positions(s);
    expect([held['113050']?.['股票余额'], held['123107']?.['股票余额']]).to.deep.equal([10, 20]);
  });

  it('answers the client\'s refusal of 15 张 of a bond (steps of 10) as client_rejected with its text, and places nothing', async () => {
    const count = (await rows(s, '/orders')).length;
    const r = await s.get('/buy?stock_code=113050&price=118.25&amount=15');
    expect(r.body, JSON.stringify(r.body)).to.include({ status: -1, error: 'client_rejected', message: '债券委托数量必须为10张的整数倍。' });
    expect(await rows(s, '/orders')).to.have.length(count);
  });

  it('refuses a 4th decimal on an ETF and a 3rd on a share before the client (400 naming price)', async () => {
    const etf = await s.get('/buy?stock_code=510300&price=3.9121&amount=100');
    expect(etf.http).to.equal(400);
    expect(String(etf.body['message'])).to.contain('price "3.9121"').and.to.contain('最多 3 位小数');
    const share = await s.get('/buy?stock_code=600160&price=23.571&amount=100');
    expect(share.http).to.equal(400);
    expect(share.body['error']).to.equal('market_rule');
    expect(String(share.body['message'])).to.contain('0.01');
  });
});
