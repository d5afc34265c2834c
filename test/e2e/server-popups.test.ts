// Server-side popups end to end (THS-UI-FACTS "Server-side popups", issue 14): the simulated client's one-shot
// client.serverPopup makes the next submit action meet that 提示 popup instead of its result. Each text has its own
// code through the popup table: the three broker texts are 504, outcome unknown, reconciled (client.serverPopupPlaces
// decides whether the order reached the broker); 系统正在清算中 is a refusal (200, status -1, nothing placed).
import { expect } from 'chai';
import { RECONCILE_INTERVAL_MS } from '../../src/journal/reconcile.ts';
import { cleanupBackends, e2eBackends, freshState, startServerProcess, type ServerProcess, type SimStateFile, simOnly } from '../helpers/server-process.ts';
import { until } from '../helpers/until.ts';

/** An order the client holds is found by the next reconciliation read: one interval plus reading today's orders. */
const FOUND_TIMEOUT_MS = RECONCILE_INTERVAL_MS + 30_000;
const CLEARING = '系统正在清算中，请稍后重试！';
const BUY = '/buy?stock_code=600160&price=21.21&amount=100';

/** A sample account whose next submit action meets `text` (and, with `places`, still reaches the broker). */
const popupState = (text: string, places = false, edit?: (s: SimStateFile) => void): string => freshState((s: SimStateFile) => {
  Object.assign(s.client, { serverPopup: text, serverPopupPlaces: places });
  edit?.(s);
});

async function journalRow(s: ServerProcess, id: unknown): Promise<Record<string, unknown>> {
  return (await s.get(`/journal/${String(id)}`)).body['message'] as Record<string, unknown>;
}

for (const backend of e2eBackends()) describe(`e2e/server-popups [${backend}]: each server-side popup gives its own code`, function () {
  // One text per outcome (unknown and reconciled; refused) on both backends; the other texts and the cancel page, which
  // differ only in the popup table, on the simulated backend (simOnly).
  const onSim = simOnly(backend);
  this.timeout(240_000);
  after(cleanupBackends);

  let s: ServerProcess | undefined;
  afterEach(async () => {
    await s?.stop();
    s = undefined;
  });

  it('reports 事务处理机转发数据失败 as 504 broker_forward_failed, and reconciliation finds the placed order: accepted', async () => {
    s = await startServerProcess({ backend, statePath: popupState('事务处理机转发数据失败', true) });
    const r = await s.get(BUY);
    expect(r.http).to.equal(504);
    expect(r.body).to.include({ status: -1, error: 'broker_forward_failed' });
    expect(String(r.body['message'])).to.contain('事务处理机转发数据失败');
    const orders = s.state().orders;
    expect(orders, 'the order reached the broker').to.have.length(1);
    expect(s.state().client['serverPopup'], 'the popup was one-shot').to.equal('');
    const server = s;
    const row = await until('the order to be reconciled', async () => {
      const j = await journalRow(server, r.body['journal_id']);
      return j['settlement'] ? j : undefined;
    }, FOUND_TIMEOUT_MS);
    expect(row).to.include({ state: 'unknown', settlement: 'accepted', entrust_no: orders[0]!['contractNo'] });
  });

  onSim('reports Begin failed! and [主站]数据发送错误 as 504 broker_begin_failed / broker_send_failed, outcome unknown, nothing placed by the client', async () => {
    s = await startServerProcess({ backend, statePath: popupState('Begin failed!') });
    const begin = await s.get(BUY);
    expect(begin.http).to.equal(504);
    expect(begin.body).to.include({ status: -1, error: 'broker_begin_failed' });
    expect(await journalRow(s, begin.body['journal_id'])).to.include({ state: 'unknown' });
    expect(s.state().orders).to.have.length(0);
    await s.stop();
    s = await startServerProcess({ backend, statePath: popupState('[主站]数据发送错误 auth plugin ServiceId[1234]') });
    const send = await s.get(BUY);
    expect(send.http).to.equal(504);
    expect(send.body).to.include({ status: -1, error: 'broker_send_failed' });
    expect(String(send.body['message'])).to.contain('[主站]数据发送错误 auth plugin ServiceId[1234]');
    expect(await journalRow(s, send.body['journal_id'])).to.include({ state: 'unknown' });
  });

  it('refuses a buy meeting 系统正在清算中 with 200 system_clearing (journal rejected, nothing placed), once: the next buy is placed', async () => {
    s = await startServerProcess({ backend, statePath: popupState(CLEARING) });
    const r = await s.get(BUY);
    expect(r.http).to.equal(200);
    expect(r.body).to.include({ status: -1, error: 'system_clearing', message: CLEARING });
    expect(await journalRow(s, r.body['journal_id'])).to.include({ state: 'rejected' });
    expect(s.state().orders).to.have.length(0);
    const next = await s.get(BUY);
    expect(next.body).to.include({ status: 1 });
    expect(s.state().orders).to.have.length(1);
  });

  onSim('refuses a cancel meeting 系统正在清算中 with 200 system_clearing: the order stays open', async () => {
    const today = new Date();
    const date = `${today.getFullYear()}${String(today.getMonth() + 1).padStart(2, '0')}${String(today.getDate()).padStart(2, '0')}`;
    s = await startServerProcess({ backend, statePath: popupState(CLEARING, true, (st) => {
      st.orders.push({
        contractNo: '4025982600', date, time: '09:31:00', code: '600160', name: '巨化股份', side: 'buy', price: '21.21', amount: 100,
        filled: 0, avgPrice: '0.00', status: 'reported', exchange: 'SH', shareholder: 'A123456789', frozenCash: '0.00', priceType: 'limit',
      });
    }) });
    const r = await s.get('/cancel?entrust_no=4025982600');
    expect(r.http).to.equal(200);
    expect(r.body).to.include({ status: -1, error: 'system_clearing' });
    expect(s.state().orders.map((o) => o['status'])).to.deep.equal(['reported']);
  });
});
