// /cancel end to end on the simulated client's 撤单 page: one order by contract number (code filter + 查询代码, 全选 +
// 撤单 only when the grid shows exactly that order), 全撤 / 撤买 / 撤卖, the refusals, the 撤单确认 popup, partial fills.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, freshState, startServerProcess, type ServerProcess, type SimStateFile } from '../helpers/server-process.ts';
import { FORMS, formFor } from '../helpers/forms.ts';

const OK_ONE = (no: string): string => `您的撤单委托已成功提交，合同编号：${no}。`;

async function place(s: ServerProcess, side: 'buy' | 'sell', code: string, price: string, amount: number): Promise<string> {
  const r = await s.get(`/${side}?stock_code=${code}&price=${price}&amount=${amount}`);
  expect(r.body, `${side} ${code}`).to.include({ status: 1 });
  return String(r.body['entrust_no']);
}

function statusOf(s: ServerProcess, no: string): string {
  const o = s.state().orders.find((x) => String(x['contractNo']) === no);
  return String(o?.['status']);
}

for (const backend of e2eBackends()) describe(`e2e/cancel [${backend}]: /cancel on the simulated client's 撤单 page`, function () {
  this.timeout(180_000);
  after(cleanupBackends);

  describe('one order by contract number, and the scopes', () => {
    let s: ServerProcess;
    let buyA = '';
    let sellB = '';
    let filledC = '';
    let buyD = '';
    let buyE = '';
    let availableBefore = '';

    before(async () => {
      s = await startServerProcess({ backend });
      availableBefore = String(s.state().account['available']);
      buyA = await place(s, 'buy', '600160', '21.21', 100);   // rests (last 23.57)
      sellB = await place(s, 'sell', '600988', '19.00', 100); // rests (last 18.06)
      filledC = await place(s, 'buy', '000001', '11.50', 100); // fills at once (last 11.32)
      buyD = await place(s, 'buy', '002555', '16.00', 100);   // rests (last 16.52) ...
      buyE = await place(s, 'buy', '002555', '15.90', 100);   // ... beside another open order of the same code
    });
    after(async () => {
      await (s as ServerProcess | undefined)?.stop(); // unset when before() failed
    });

    it('cancels one order selected by its contract number and says which one', async () => {
      const r = await s.get(`/cancel?entrust_no=${buyA}`);
      expect(r.http).to.equal(200);
      expect(r.body).to.deep.include({ status: 1, message: OK_ONE(buyA), cancelled: [buyA] });
      expect(r.body['journal_id'], 'journaled like an order').to.be.a('number');
      expect(statusOf(s, buyA)).to.equal('cancelled');
      for (const other of [sellB, buyD, buyE]) expect(statusOf(s, other)).to.equal('reported');
    });

    it('refuses an order already cancelled, with its state from the client (POST form)', async () => {
      const [, send] = FORMS[1]!;
      const r = await send(s, '/cancel', { entrust_no: buyA });
      expect(r.http).to.equal(200);
      expect(r.body).to.include({ status: -1, error: 'not_cancellable' });
      expect(String(r.body['message'])).to.contain('已撤');
      expect(r.body['cancelled']).to.deep.equal([]);
    });

    it('refuses an order already filled (POST JSON, contract number as a number)', async () => {
      const [, send] = FORMS[2]!;
      const r = await send(s, '/cancel', { entrust_no: Number(filledC) });
      expect(r.http).to.equal(200);
      expect(r.body).to.include({ status: -1, error: 'not_cancellable' });
      expect(String(r.body['message'])).to.contain('已成');
      expect(statusOf(s, filledC)).to.equal('filled');
    });

    it('refuses a contract number that is not among today\'s orders', async () => {
      const r = await s.get('/cancel?entrust_no=123');
      expect(r.body).to.include({ status: -1, error: 'order_not_found' });
    });

    it('refuses to guess between two open orders of the same code (409), cancelling nothing', async () => {
      const r = await s.get(`/cancel?entrust_no=${buyD}`);
      expect(r.http).to.equal(409);
      expect(r.body).to.include({ status: -1, error: 'cancel_ambiguous' });
      expect(String(r.body['message'])).to.contain(buyD).and.contain(buyE);
      expect(statusOf(s, buyD)).to.equal('reported');
      expect(statusOf(s, buyE)).to.equal('reported');
    });

    it('cancels every open sell with scope=sell (撤卖), leaving the buys', async () => {
      const r = await s.get('/cancel?scope=sell');
      expect(r.body).to.deep.include({ status: 1, message: OK_ONE(sellB), cancelled: [sellB] });
      expect(statusOf(s, buyD)).to.equal('reported');
      expect(s.state().positions['600988']).to.include({ available: 400, frozen: 0 });
    });

    it('cancels every open buy with scope=buy (撤买), releasing the frozen cash', async () => {
      const r = await s.get('/cancel', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scope: 'buy' }) });
      expect(r.body).to.include({ status: 1 });
      expect(r.body['cancelled']).to.deep.equal([buyD, buyE]);
      expect(String(r.body['message'])).to.contain('共2笔');
      // Only the filled 000001 buy (1132.00 + 5.00 + 0.01) left the available cash.
      expect(Number(s.state().account['available'])).to.be.closeTo(Number(availableBefore) - 1137.01, 0.001);
    });

    it('answers the client\'s 无可撤委托 when nothing is left to cancel (scope=all)', async () => {
      const r = await s.get('/cancel?scope=all');
      expect(r.http).to.equal(200);
      expect(r.body).to.deep.include({ status: -1, message: '无可撤委托', error: 'nothing_to_cancel', cancelled: [] });
    });

    it('lists no open order afterwards', async () => {
      const r = await s.get('/orders?open=1');
      expect(r.body).to.deep.equal({ status: 1, message: [] });
    });
  });

  describe('全撤 with a 撤单确认 popup and a partly filled order', () => {
    let s: ServerProcess;
    const edit = (st: SimStateFile): void => {
      st.client['cancelConfirm'] = true;
      st.quotes['600160']!['liquidity'] = 100; // 100 shares trade at 23.57 per move of the quote
    };

    before(async () => {
      s = await startServerProcess({ statePath: freshState(edit), backend });
    });
    after(async () => {
      await (s as ServerProcess | undefined)?.stop(); // unset when before() failed
    });

    it('cancels every open order with scope=all (全撤): 已撤, and 部撤 for the part not filled', async () => {
      const partial = await place(s, 'buy', '600160', '23.57', 300); // 100 fill now, 200 rest: 部成
      const resting = await place(s, 'sell', '601212', '3.40', 1000);
      const open = await s.get('/orders?open=1');
      const rows = open.body['message'] as Array<Record<string, unknown>>;
      expect(rows.map((r) => [r['合同编号'], r['备注'], r['成交数量']])).to.deep.equal([[partial, '部成', 100], [resting, '已报', 0]]);

      const r = await s.get('/cancel?scope=all');
      expect(r.body).to.include({ status: 1 });
      expect(r.body['cancelled']).to.deep.equal([partial, resting]);
      expect(statusOf(s, partial)).to.equal('partlyCancelled');
      expect(statusOf(s, resting)).to.equal('cancelled');
      const after = (await s.get('/orders')).body['message'] as Array<Record<string, unknown>>;
      expect(after.map((x) => x['备注'])).to.deep.equal(['部撤', '已撤']);
      expect(s.state().account['frozen']).to.equal('2121.68'); // back to the sample's frozen cash
      expect(s.state().positions['600160']).to.include({ total: 100, boughtToday: 100 });
    });
  });

  // Parameter checks and HEAD are the server's, before any port: simulated backend only.
  if (backend === 'sim') describe('input', () => {
    let s: ServerProcess;
    before(async () => {
      s = await startServerProcess({ backend });
    });
    after(async () => {
      await (s as ServerProcess | undefined)?.stop(); // unset when before() failed
    });

    const cases: Array<[string, Record<string, string | number>, number, string, string]> = [
      ['neither entrust_no nor scope', {}, 400, 'missing_parameter', 'entrust_no'],
      ['both entrust_no and scope', { entrust_no: '4025982646', scope: 'all' }, 400, 'invalid_scope', 'scope'],
      ['an unknown scope', { scope: 'everything' }, 400, 'invalid_scope', 'scope'],
      ['a contract number with other characters', { entrust_no: '40259-82646' }, 400, 'invalid_entrust_no', 'entrust_no'],
    ];
    cases.forEach(([what, params, http, code, field], i) => {
      const [form, send] = formFor(i);
      it(`refuses ${what} with ${http} ${code} (${form})`, async () => {
        const r = await send(s, '/cancel', params);
        expect(r.http).to.equal(http);
        expect(r.body).to.include({ status: -1, error: code, field });
      });
    });

    it('never cancels on HEAD: an open order stays open after HEAD /cancel by scope and by its number (405 each)', async () => {
      const open = await place(s, 'buy', '600160', '21.21', 100); // rests (last 23.57)
      const openNos = async (): Promise<unknown[]> => ((await s.get('/orders?open=1')).body['message'] as Array<Record<string, unknown>>).map((o) => o['合同编号']);
      expect(await openNos(), 'open before HEAD').to.deep.equal([open]);
      const statuses: number[] = [];
      for (const q of ['scope=all', 'scope=buy', `entrust_no=${open}`]) {
        statuses.push((await fetch(`${s.url}/cancel?${q}`, { method: 'HEAD' })).status);
      }
      // The order first: a HEAD that acted would show here, whatever it answered.
      expect(await openNos(), 'open after HEAD').to.deep.equal([open]);
      expect(statusOf(s, open)).to.equal('reported');
      expect(statuses).to.deep.equal([405, 405, 405]);
      // And it is still cancellable: the HEAD requests left nothing half done on the 撤单 page.
      const r = await s.get(`/cancel?entrust_no=${open}`);
      expect(r.body).to.deep.include({ status: 1, cancelled: [open] });
    });
  });
});
