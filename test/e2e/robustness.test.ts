// The worker's waits and drains, end to end on the simulated client: late popups and labels, leftover popups,
// confirmations, a client that stops answering, a price field that ignores WM_SETTEXT (typed instead), a worker killed mid-request, and an
// order queued behind a slow command whose caller disconnected.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, type Backend, type ServerProcess, type SimStateFile, withStateServer, simOnly } from '../helpers/server-process.ts';

const BUY = '/buy?stock_code=600160&price=21.21&amount=100';

let backend: Backend = 'sim';

const withServer = (edit: (s: SimStateFile) => void, body: (s: ServerProcess) => Promise<void>): Promise<void> => withStateServer({ backend, edit }, body);

const delays = (s: SimStateFile): Record<string, number> => s.client['delays'] as Record<string, number>;

async function workerHealth(s: ServerProcess): Promise<Record<string, unknown>> {
  return ((await s.get('/health')).body['message'] as Record<string, Record<string, unknown>>)['worker']!;
}

/** Polls /health (not bridge traffic) until `cond` holds for the worker's report; bounded. */
async function untilWorker(s: ServerProcess, what: string, cond: (w: Record<string, unknown>) => boolean): Promise<void> {
  const end = Date.now() + 20_000;
  while (!cond(await workerHealth(s))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const b of e2eBackends()) describe(`e2e/robustness [${b}]: waits, drains and faults on the simulated client`, function () {
  // A queued order dropped before the worker is the bridge's logic, and typing with WM_CHAR runs on win32 in
  // typed-input.test.ts: simulated backend only (simOnly).
  const onSim = simOnly(b);
  this.timeout(180_000);
  before(() => { backend = b; });
  after(cleanupBackends);

  it('waits for a result popup that arrives late (1.5 s) and still reads it', async () => {
    await withServer((st) => { delays(st)['popupMs'] = 1500; }, async (s) => {
      const t0 = Date.now();
      const r = await s.get(BUY);
      expect(Date.now() - t0).to.be.greaterThan(1400);
      expect(r.body).to.include({ status: 1, entrust_no: '4025982646' });
    });
  });

  it('waits for labels that fill late (1 s): the balance and a max order read their real values', async () => {
    await withServer((st) => { delays(st)['labelFillMs'] = 1000; }, async (s) => {
      const b = await s.get('/balance');
      expect((b.body['message'] as Record<string, string>)['资金余额']).to.equal('108328.65');
      const r = await s.get('/buy?stock_code=600160&price=21.21&amount=max');
      expect(r.body['status']).to.equal(1);
      // 78919.91 available at 21.21 with 0.025% commission: 3700 shares in whole lots.
      expect(r.body['amount']).to.equal(3700);
      const order = s.state().orders.at(-1)!;
      expect(Number(order['amount'])).to.equal(3700);
    });
  });

  it('closes a leftover popup from before (answering no) and then places the order', async () => {
    await withServer((st) => { st.client['leftoverPopups'] = [{ title: '提示', text: '上一笔委托的结果：您的卖出委托已成功提交，合同编号：1。' }]; }, async (s) => {
      const r = await s.get(BUY);
      expect(r.body).to.include({ status: 1, message: '您的买入委托已成功提交，合同编号：4025982646。' });
      expect(s.state().orders).to.have.length(1);
      expect(s.logs.join('\n')).to.contain('closed a leftover popup');
    });
  });

  it('answers the 委托确认 confirmation with yes and reports the result that follows', async () => {
    await withServer((st) => { st.client['orderConfirm'] = true; }, async (s) => {
      const r = await s.get(BUY);
      expect(r.body).to.include({ status: 1, entrust_no: '4025982646' });
      expect(s.state().orders).to.have.length(1);
    });
  });

  it('answers 503 client_not_responding when the client stops answering, and places nothing', async () => {
    await withServer((st) => { st.client['hung'] = true; }, async (s) => {
      const r = await s.get(BUY);
      expect(r.http).to.equal(503);
      expect(r.body['error']).to.equal('client_not_responding');
      expect(s.state().orders).to.have.length(0);
    });
  });

  onSim('types the price with WM_CHAR when the price field ignores WM_SETTEXT, and the order lands at that price', async () => {
    // A field that takes neither WM_SETTEXT nor WM_CHAR (field_rejected) is not in the model: typing is always taken.
    await withServer((st) => { st.client['ignoreSetTextIds'] = [1033]; }, async (s) => {
      const r = await s.get(BUY);
      expect(r.body, JSON.stringify(r.body)).to.include({ status: 1, entrust_no: '4025982646' });
      const orders = s.state().orders;
      expect(orders).to.have.length(1);
      expect(orders[0]).to.include({ code: '600160', price: '21.21' });
      expect(Number(orders[0]!['amount'])).to.equal(100);
      expect(s.logs.join('\n')).to.contain('did not take WM_SETTEXT');
    });
  });

  it('uses the client\'s default price when price is omitted (the last price, 23.57: the buy fills)', async () => {
    await withServer(() => undefined, async (s) => {
      const r = await s.get('/buy?stock_code=600160&amount=100');
      expect(r.body['status']).to.equal(1);
      const order = s.state().orders.at(-1)!;
      expect(String(order['price'])).to.equal('23.57');
      expect(order['status']).to.equal('filled');
    });
  });

  it('answers a clear error when the worker is killed during a request, and a restarted worker serves the next one', async () => {
    await withServer((st) => { delays(st)['labelFillMs'] = 3000; }, async (s) => {
      const pid = await s.workerPid();
      const pending = s.get('/balance');
      await new Promise((r) => setTimeout(r, 500));
      process.kill(pid, 'SIGKILL');
      const r = await pending;
      expect(r.http).to.equal(503);
      expect(r.body['error']).to.equal('worker_crashed');
      expect(String(r.body['message'])).to.contain('SIGKILL');
      // The next request is served by a restarted worker (how fast: npm run bench, "recovery after a kill").
      const next = await s.get('/position');
      expect(next.body['status']).to.equal(1);
      expect(await s.workerPid()).to.not.equal(pid);
      const worker = ((await s.get('/health')).body['message'] as Record<string, Record<string, unknown>>)['worker']!;
      expect(worker['restarts']).to.equal(1);
    });
  });

  onSim('drops a queued order whose HTTP caller disconnected: the worker never receives it and the journal row ends abandoned', async () => {
    // Under the worker's 3 s label deadline (LABEL_FILL_TIMEOUT_MS), with room for Wine's slower polling.
    await withServer((st) => { delays(st)['labelFillMs'] = 2000; }, async (s) => {
      const slow = s.get('/balance'); // ~2 s in the worker: the order must wait behind it
      await untilWorker(s, '/balance to be in flight', (w) => w['inFlight'] === 'balance');
      const gone = new AbortController();
      const form = new URLSearchParams({ stock_code: '600160', price: '21.21', amount: '100' }).toString();
      const buy = fetch(`${s.url}/buy`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form, signal: gone.signal }).catch((err: unknown) => err);
      await untilWorker(s, 'the order to be queued', (w) => Number(w['queued']) >= 1);
      gone.abort();
      expect(await buy, 'the caller gave up').to.be.instanceOf(Error);
      await untilWorker(s, 'the queue to drop it', (w) => Number(w['queued']) === 0);
      expect((await slow).body['status']).to.equal(1);
      // Behind /balance the queue now serves this read: an order still queued would have run before it.
      expect((await s.get('/orders')).body['status']).to.equal(1);
      expect(s.state().orders, 'the order never reached the client').to.have.length(0);
      expect(s.logs.some((l) => l.includes('caller went away while its command was queued'))).to.equal(true);
      const rows = (await s.get('/journal')).body['message'] as Array<Record<string, unknown>>;
      expect(rows).to.have.length(1);
      expect(rows[0]).to.include({ kind: 'buy', state: 'abandoned', submitted: false });
    });
  });
});
