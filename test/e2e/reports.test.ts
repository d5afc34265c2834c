// /orders and /trades end to end: HTTP -> bridge -> real pwsh -> the client's 当日委托 / 当日成交 grids (copy + clipboard),
// typed as the README says: codes and contract numbers strings, quantities integers, prices numbers.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { FORMS } from '../helpers/forms.ts';

const ORDER_COLUMNS = ['委托日期', '证券代码', '证券名称', '操作', '委托价格', '委托数量', '委托时间', '成交数量', '成交均价', '合同编号', '交易市场', '股东帐户', '备注'];
const TRADE_COLUMNS = ['合同编号', '委托时间', '成交均价', '成交数量', '成交时间', '成交编号', '成交金额', '操作', '证券代码', '证券名称'];

type Row = Record<string, unknown>;

function rows(body: Record<string, unknown>): Row[] {
  expect(body['status']).to.equal(1);
  expect(body['message']).to.be.an('array');
  return body['message'] as Row[];
}

for (const backend of e2eBackends()) describe(`e2e/reports [${backend}]: /orders and /trades on the simulated client`, function () {
  this.timeout(180_000);
  let s: ServerProcess;
  let filled = '';
  let resting: string[] = [];

  before(async () => {
    s = await startServerProcess({ backend });
    // 000001 at 11.50 >= last 11.32 fills at once; 600160 at 21.21 < 23.57 and a sell of 600988 at 19.00 > 18.06 rest.
    const a = await s.get('/buy?stock_code=000001&price=11.50&amount=100');
    const b = await s.get('/buy?stock_code=600160&price=21.21&amount=100');
    const c = await s.get('/sell?stock_code=600988&price=19.00&amount=100');
    filled = String(a.body['entrust_no']);
    resting = [String(b.body['entrust_no']), String(c.body['entrust_no'])];
  });
  after(async () => {
    await (s as ServerProcess | undefined)?.stop(); // unset when before() failed
  });
  after(cleanupBackends);

  it('lists today\'s orders in placing order, keyed by the client\'s columns in its order', async () => {
    const list = rows((await s.get('/orders')).body);
    expect(list.map((r) => r['合同编号'])).to.deep.equal([filled, ...resting]);
    for (const r of list) expect(Object.keys(r)).to.deep.equal(ORDER_COLUMNS);
  });

  it('types each column: codes and contract numbers strings, quantities integers, prices numbers', async () => {
    const [done, buy, sell] = rows((await s.get('/orders')).body);
    expect(done).to.include({ 证券代码: '000001', 证券名称: '平安银行', 操作: '买入', 委托价格: 11.5, 委托数量: 100, 成交数量: 100, 成交均价: 11.32, 合同编号: filled, 备注: '已成', 交易市场: '深圳Ａ股' });
    expect(buy).to.include({ 证券代码: '600160', 操作: '买入', 委托价格: 21.21, 委托数量: 100, 成交数量: 0, 成交均价: 0, 备注: '已报' });
    expect(sell).to.include({ 证券代码: '600988', 操作: '卖出', 委托价格: 19, 委托数量: 100, 备注: '已报' });
    for (const r of [done!, buy!, sell!]) {
      expect(r['证券代码']).to.be.a('string').and.match(/^\d{6}$/);
      expect(r['合同编号']).to.be.a('string');
      expect(Number.isInteger(r['委托数量'])).to.equal(true);
      expect(Number.isInteger(r['成交数量'])).to.equal(true);
      expect(r['委托价格']).to.be.a('number');
      expect(r['成交均价']).to.be.a('number');
      expect(r['委托时间']).to.be.a('string').and.match(/^\d{2}:\d{2}:\d{2}$/);
    }
  });

  for (const [form, send] of FORMS) {
    it(`lists only the orders still cancellable with open=1 (${form})`, async () => {
      const list = rows((await send(s, '/orders', { open: 1 })).body);
      expect(list.map((r) => r['合同编号'])).to.deep.equal(resting);
      expect(list.map((r) => r['备注'])).to.deep.equal(['已报', '已报']);
    });
  }

  it('refuses an open flag that is not 1 / 0 / true / false', async () => {
    const r = await s.get('/orders?open=yes');
    expect(r.http).to.equal(400);
    expect(r.body).to.include({ status: -1, field: 'open' });
  });

  it('lists today\'s trades typed the same way', async () => {
    const list = rows((await s.get('/trades', { method: 'POST' })).body);
    expect(list).to.have.length(1);
    const t = list[0]!;
    expect(Object.keys(t)).to.deep.equal(TRADE_COLUMNS);
    expect(t).to.include({ 合同编号: filled, 成交均价: 11.32, 成交数量: 100, 成交金额: 1132, 操作: '证券买入', 证券代码: '000001', 证券名称: '平安银行' });
    expect(t['成交编号']).to.be.a('string').and.match(/^\d+$/);
    expect(t['成交时间']).to.be.a('string');
  });
});
