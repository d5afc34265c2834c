// Typed input end to end (2025–2026 builds, issue 14): edits that show a WM_SETTEXT text the client never hears
// (client.unheardSetTextIds), where the worker must type with WM_CHAR after the stock-name label stayed empty, and a
// name label that never fills (client.nameLabelNeverFills): 502 stock_not_recognised, nothing placed.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, type Backend, type ServerProcess, type SimStateFile, withStateServer, simOnly } from '../helpers/server-process.ts';

type Row = Record<string, unknown>;

let backend: Backend = 'sim';

const withServer = (edit: (s: SimStateFile) => void, body: (s: ServerProcess) => Promise<void>): Promise<void> => withStateServer({ backend, edit }, body);

/** Today's orders as the client's 委托 grid lists them (GET /orders). */
async function orders(s: ServerProcess): Promise<Row[]> {
  const r = await s.get('/orders');
  expect(r.body['status'], JSON.stringify(r.body)).to.equal(1);
  return r.body['message'] as Row[];
}

for (const b of e2eBackends()) describe(`e2e/typed-input [${b}]: input the client never hears`, function () {
  // The second typed field is a variation of the first case: simulated backend only (simOnly).
  const onSim = simOnly(b);
  this.timeout(180_000);
  before(() => { backend = b; });
  after(cleanupBackends);

  it('places a buy and then a sell with the code, price and amount the client heard when WM_SETTEXT goes unheard on all three', async () => {
    await withServer((st) => { st.client['unheardSetTextIds'] = [1032, 1033, 1034]; }, async (s) => {
      const buy = await s.get('/buy?stock_code=600160&price=21.21&amount=100');
      expect(buy.body, JSON.stringify(buy.body)).to.include({ status: 1 });
      const sell = await s.get('/sell?stock_code=600988&price=19.00&amount=200');
      expect(sell.body, JSON.stringify(sell.body)).to.include({ status: 1 });
      const list = await orders(s);
      expect(list).to.have.length(2);
      expect(list[0]).to.include({ 证券代码: '600160', 操作: '买入', 委托价格: 21.21, 委托数量: 100, 合同编号: String(buy.body['entrust_no']) });
      expect(list[1]).to.include({ 证券代码: '600988', 操作: '卖出', 委托价格: 19, 委托数量: 200, 合同编号: String(sell.body['entrust_no']) });
      expect(s.logs.join('\n')).to.contain('typing the code with WM_CHAR');
    });
  });

  onSim('types the amount too once the code was unheard (its read-back passes): a second order goes out at its own quantity', async () => {
    // The amount's WM_SETTEXT reads back fine but is unheard; only the code's empty name label tells. The worker then
    // types every field, so the second order is not placed at the quantity the client heard for the first.
    await withServer((st) => { st.client['unheardSetTextIds'] = [1032, 1034]; }, async (s) => {
      const first = await s.get('/buy?stock_code=600160&price=21.21&amount=100');
      expect(first.body, JSON.stringify(first.body)).to.include({ status: 1 });
      const second = await s.get('/buy?stock_code=600160&price=21.50&amount=300');
      expect(second.body, JSON.stringify(second.body)).to.include({ status: 1 });
      const list = await orders(s);
      expect(list.map((r) => [r['证券代码'], r['委托价格'], r['委托数量']])).to.deep.equal([['600160', 21.21, 100], ['600160', 21.5, 300]]);
    });
  });

  it('answers 502 stock_not_recognised naming the code when the name label never fills, and places nothing', async () => {
    await withServer((st) => { st.client['nameLabelNeverFills'] = true; }, async (s) => {
      const before = await orders(s);
      const r = await s.get('/buy?stock_code=600160&price=21.21&amount=100');
      expect(r.http).to.equal(502);
      expect(r.body['error']).to.equal('stock_not_recognised');
      expect(String(r.body['message'])).to.contain('600160').and.contain('证券名称');
      expect(s.state().orders).to.have.length(0);
      expect(await orders(s)).to.deep.equal(before);
    });
  });
});
