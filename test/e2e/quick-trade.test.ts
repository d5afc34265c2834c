// The 2025–2026 quick-trade mode end to end: a successful order shows no popup (a toast no window message reads), so
// the gateway confirms it from today's orders; an invalid form is refused inline (no popup, nothing placed), which
// must stay an unknown outcome, never a success.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, type Backend, type ServerProcess, type SimStateFile, withStateServer, simOnly } from '../helpers/server-process.ts';

let backend: Backend = 'sim';

const withServer = (edit: (s: SimStateFile) => void, args: string[], body: (s: ServerProcess) => Promise<void>): Promise<void> => withStateServer({ backend, edit, args }, body);

const toast = (st: SimStateFile): void => { st.client['resultDisplay'] = 'toast'; };
const journalRow = async (s: ServerProcess, id: unknown): Promise<Record<string, unknown>> => (await s.get(`/journal/${String(id)}`)).body['message'] as Record<string, unknown>;
const toasts = (s: ServerProcess): Array<Record<string, unknown>> => ((s.state() as unknown as Record<string, unknown>)['toasts'] ?? []) as Array<Record<string, unknown>>;

for (const b of e2eBackends()) describe(`e2e/quick-trade [${b}]: no result popup (2025–2026 builds)`, function () {
  // Variations of the worker's matching rules run on the simulated backend only (simOnly); the confirmed and the unknown
  // paths run on both.
  const onSim = simOnly(b);
  this.timeout(180_000);
  before(() => { backend = b; });
  after(cleanupBackends);

  it('answers a buy and a sell that showed no popup with the contract number found in today\'s orders (confirmed_by orders), journaled accepted', async () => {
    await withServer(toast, ['--result-display', 'toast'], async (s) => {
      const buy = await s.get('/buy?stock_code=600160&price=21.21&amount=100');
      expect(buy.http, JSON.stringify(buy.body)).to.equal(200);
      expect(buy.body).to.include({ status: 1, entrust_no: '4025982646', confirmed_by: 'orders' });
      const sell = await s.get('/sell?stock_code=600988&price=18.50&amount=100');
      expect(sell.body).to.include({ status: 1, entrust_no: '4025982647', confirmed_by: 'orders' });
      const orders = s.state().orders;
      expect(orders.map((o) => [o['contractNo'], o['side'], o['code'], Number(o['amount'])])).to.deep.equal([['4025982646', 'buy', '600160', 100], ['4025982647', 'sell', '600988', 100]]);
      expect(toasts(s).map((t) => t['text']), 'the client showed its toasts').to.deep.equal(['您的买入委托已成功提交，合同编号：4025982646。', '您的卖出委托已成功提交，合同编号：4025982647。']);
      expect(await journalRow(s, buy.body['journal_id'])).to.include({ state: 'accepted', entrust_no: '4025982646' });
      // The snapshot before the sell (orders read with 合同编号 and 证券代码 only) listed the buy: what told the sell's row apart.
      expect(await journalRow(s, sell.body['journal_id'])).to.include({ state: 'accepted', entrust_no: '4025982647', snapshot_size: 1 });
    });
  });

  onSim('confirms from today\'s orders also without --result-display toast, after the full popup wait', async () => {
    await withServer(toast, [], async (s) => {
      const buy = await s.get('/buy?stock_code=600160&price=21.21&amount=100');
      expect(buy.body).to.include({ status: 1, entrust_no: '4025982646', confirmed_by: 'orders' });
    });
  });

  onSim('still reads a refusal popup in quick-trade mode as a refusal (nothing placed, never confirmed from the orders)', async () => {
    await withServer(toast, ['--result-display', 'toast'], async (s) => {
      const r = await s.get('/buy?stock_code=600160&price=21.21&amount=900000'); // far beyond the cash
      expect(r.http).to.equal(200);
      expect(r.body).to.include({ status: -1, error: 'client_rejected' });
      expect(String(r.body['message'])).to.contain('可用资金不足');
      expect(s.state().orders).to.have.length(0);
    });
  });

  it('answers an order refused inline (no popup, no new row) with 504 outcome_unknown, never a success, and journals it unknown', async () => {
    await withServer((st) => { toast(st); st.client['inlineReject'] = true; }, ['--result-display', 'toast'], async (s) => {
      const r = await s.get('/buy?stock_code=600160&price=21.21&amount=900000');
      expect(r.http).to.equal(504);
      expect(r.body).to.include({ status: -1, error: 'outcome_unknown', submitted: true });
      expect(r.body['confirmed_by']).to.equal(undefined);
      expect(s.state().orders).to.have.length(0);
      expect(await journalRow(s, r.body['journal_id'])).to.include({ state: 'unknown' });
    });
  });

  onSim('never confirms an order from a matching row that was in today\'s orders before the click', async () => {
    await withServer((st) => { toast(st); st.client['inlineReject'] = true; }, ['--result-display', 'toast'], async (s) => {
      // 002555: 200 shares available. The first sell takes them all; the identical second is refused inline.
      const first = await s.get('/sell?stock_code=002555&price=17.00&amount=200&client_order_id=first');
      expect(first.body).to.include({ status: 1, entrust_no: '4025982646', confirmed_by: 'orders' });
      const again = await s.get('/sell?stock_code=002555&price=17.00&amount=200&client_order_id=second');
      expect(again.http, 'the earlier identical row was listed before the click: not this order').to.equal(504);
      expect(again.body).to.include({ error: 'outcome_unknown' });
      expect(again.body['entrust_no']).to.equal(undefined);
      expect(s.state().orders).to.have.length(1);
    });
  });
});
