// The 2026 orders grid (client.ordersGrid = '2026', THS-UI-FACTS "Orders grid"): no status column, 备注 keeps the
// submission's 已报 whatever happened since, and the state is in 成交数量 / 撤消数量. Which orders are open, and whether
// a cancel took, must come from those columns: a cancelled order whose 备注 still says 已报 is not cancelled again.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, freshState, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

async function place(s: ServerProcess, side: 'buy' | 'sell', code: string, price: string, amount: number): Promise<string> {
  const r = await s.get(`/${side}?stock_code=${code}&price=${price}&amount=${amount}`);
  expect(r.body, `${side} ${code}`).to.include({ status: 1 });
  return String(r.body['entrust_no']);
}

type Row = Record<string, unknown>;
const rowsOf = (body: Record<string, unknown>): Row[] => body['message'] as Row[];
const byNo = (rows: Row[], no: string): Row | undefined => rows.find((r) => String(r['合同编号']) === no);

for (const backend of e2eBackends()) describe(`e2e/orders-grid [${backend}]: the 2026 orders grid, state from the quantity columns`, function () {
  this.timeout(180_000);
  after(cleanupBackends);

  let s: ServerProcess;
  let resting = '';
  let other = '';
  let filled = '';

  before(async () => {
    s = await startServerProcess({ backend, statePath: freshState((st) => { st.client['ordersGrid'] = '2026'; }) });
    resting = await place(s, 'buy', '600160', '21.21', 100); // rests (last 23.57)
    other = await place(s, 'buy', '002555', '16.00', 100);   // rests (last 16.52)
    filled = await place(s, 'buy', '000001', '11.50', 100);  // fills at once (last 11.32)
  });
  after(async () => {
    await (s as ServerProcess | undefined)?.stop(); // unset when before() failed
  });

  it('cancels a resting order and reports it cancelled from 撤消数量 although its 备注 still says 已报', async () => {
    const r = await s.get(`/cancel?entrust_no=${resting}`);
    expect(r.body).to.deep.include({ status: 1, cancelled: [resting] });
    expect(s.state().orders.find((o) => String(o['contractNo']) === resting)?.['status']).to.equal('cancelled');
    const row = byNo(rowsOf((await s.get('/orders')).body), resting)!;
    expect(row, 'the grid as the client shows it').to.include({ 备注: '已报' });
    expect(Number(row['撤消数量'])).to.equal(100);
  });

  it('lists as open only the orders neither filled nor cancelled by their quantities (/orders?open=1)', async () => {
    const open = rowsOf((await s.get('/orders?open=1')).body).map((r) => String(r['合同编号']));
    expect(open).to.deep.equal([other]);
    const all = rowsOf((await s.get('/orders')).body);
    expect(all.map((r) => r['备注']), 'no row says its state in 备注').to.deep.equal(['已报', '已报', '已报']);
    expect(Number(byNo(all, filled)!['成交数量'])).to.equal(100);
  });

  it('refuses to cancel the cancelled and the filled order (not_cancellable), clicking nothing', async () => {
    for (const no of [resting, filled]) {
      const r = await s.get(`/cancel?entrust_no=${no}`);
      expect(r.body, no).to.include({ status: -1, error: 'not_cancellable' });
    }
    expect(s.state().orders.find((o) => String(o['contractNo']) === other)?.['status'], 'the open order untouched').to.equal('reported');
  });

  it('cancels by scope only the order still open by its quantities', async () => {
    const r = await s.get('/cancel?scope=buy');
    expect(r.body).to.deep.include({ status: 1, cancelled: [other] });
    expect(s.state().orders.map((o) => o['status'])).to.deep.equal(['cancelled', 'cancelled', 'filled']);
  });
});
