import { expect } from 'chai';
import type { Bridge } from '../../src/bridge/supervisor-types.ts';
import { JournalStore } from '../../src/journal/store.ts';
import { changes, observe } from '../../src/trading/fills.ts';
import { OrderWatch } from '../../src/trading/order-watch.ts';
import { dataDir, newGate, silent } from '../journal/helpers.ts';

const COLUMNS_2026 = ['委托日期', '证券代码', '证券名称', '操作', '委托价格', '委托数量', '委托时间', '成交数量', '撤消数量', '成交均价', '合同编号', '交易市场', '股东帐户', '备注'];

/** A bridge whose `orders` read answers `rows()` (or throws `fail`), counting reads. */
function fakeBridge(rows: () => Array<Record<string, unknown>>, state = 'ready'): { bridge: Bridge; reads: () => number; fail: (err: Error | null) => void } {
  let reads = 0;
  let failure: Error | null = null;
  const bridge = {
    request: async (cmd: string) => {
      expect(cmd).to.equal('orders');
      reads++;
      if (failure) throw failure;
      return { columns: COLUMNS_2026, rows: rows() };
    },
    health: () => ({ state }),
  } as unknown as Bridge;
  return { bridge, reads: () => reads, fail: (e) => { failure = e; } };
}

const orderRow = (no: string, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  证券代码: '600160', 操作: '买入', 委托价格: 21.21, 委托数量: 300, 成交数量: 0, 撤消数量: 0, 成交均价: 0, 合同编号: no, 备注: '已报', ...over,
});

/** A journal with one accepted buy (contract number `no`), another state's rows as asked. */
function journalWith(no: string | null, state: 'accepted' | 'rejected' | 'not_sent' = 'accepted'): { store: JournalStore; id: number } {
  const store = new JournalStore(dataDir());
  const row = store.insert({ kind: 'buy', code: '600160', side: 'buy', price: '21.21', amount: '300', params: {}, paramsHash: 'h', idemKey: null, caller: null });
  store.markSent(row.id);
  store.finish(row.id, state, { entrustNo: no });
  return { store, id: row.id };
}

const watchTypes = (store: JournalStore): string[] => store.events.since(0, 100).map((e) => e.type).filter((t) => !['order.received', 'order.sent', 'order.accepted'].includes(t));

describe('trading/order-watch: fills and cancels of today\'s open orders become events, once each', () => {
  it('reads nothing at all while no order of today is open (none, a rejected one, one without a contract number)', async () => {
    const empty = fakeBridge(() => []);
    for (const store of [new JournalStore(dataDir()), journalWith('123', 'rejected').store, journalWith(null, 'not_sent').store]) {
      const { gate } = newGate({ store });
      const watch = new OrderWatch({ bridge: empty.bridge, gate, intervalMs: 200, logger: silent });
      for (let i = 0; i < 3; i++) expect(await watch.tick()).to.equal(0);
    }
    expect(empty.reads()).to.equal(0);
  });

  it('writes order.partially_filled, then order.filled, once each, and stops reading once the order is done', async () => {
    const { store, id } = journalWith('4025982646');
    let filled = 0;
    const fake = fakeBridge(() => [orderRow('4025982600', { 成交数量: 100 }), orderRow('4025982646', { 成交数量: filled, 成交均价: filled ? 21.2 : 0 })]);
    const watch = new OrderWatch({ bridge: fake.bridge, gate: newGate({ store }).gate, intervalMs: 200, logger: silent });
    expect(await watch.tick()).to.equal(0);
    filled = 100;
    expect(await watch.tick()).to.equal(1);
    expect(await watch.tick(), 'the same fill is not written twice').to.equal(0);
    filled = 300;
    expect(await watch.tick()).to.equal(1);
    expect(watchTypes(store)).to.deep.equal(['order.partially_filled', 'order.filled']);
    const [part, all] = store.events.since(3, 10);
    expect(part!.orderId).to.equal(id);
    expect(part!.data).to.include({ journal_id: id, entrust_no: '4025982646', order_amount: 300, filled_amount: 100, new_filled: 100, avg_price: 21.2 });
    expect(all!.data).to.include({ filled_amount: 300, new_filled: 200 });
    const readsBefore = fake.reads();
    expect(await watch.tick()).to.equal(0);
    expect(fake.reads(), 'a filled order is no longer watched').to.equal(readsBefore);
  });

  it('does not repeat or miss an event across a restart: what was seen last is read back from the journal', async () => {
    const { store } = journalWith('4025982646');
    let filled = 100;
    const fake = fakeBridge(() => [orderRow('4025982646', { 成交数量: filled })]);
    await new OrderWatch({ bridge: fake.bridge, gate: newGate({ store }).gate, intervalMs: 200, logger: silent }).tick();
    const again = new OrderWatch({ bridge: fake.bridge, gate: newGate({ store }).gate, intervalMs: 200, logger: silent });
    expect(await again.tick(), 'a new watcher over the same journal').to.equal(0);
    filled = 200;
    expect(await again.tick()).to.equal(1);
    expect(store.events.since(0, 100).filter((e) => e.type === 'order.partially_filled').map((e) => e.data['filled_amount'])).to.deep.equal([100, 200]);
  });

  it('writes order.partially_cancelled from the 2026 grid\'s 撤消数量 although its 备注 still says 已报', async () => {
    const { store } = journalWith('4025982646');
    const fake = fakeBridge(() => [orderRow('4025982646', { 成交数量: 100, 撤消数量: 200, 备注: '已报' })]);
    expect(await new OrderWatch({ bridge: fake.bridge, gate: newGate({ store }).gate, intervalMs: 200, logger: silent }).tick()).to.equal(2);
    expect(watchTypes(store)).to.deep.equal(['order.partially_filled', 'order.partially_cancelled']);
    expect(store.events.since(0, 100).at(-1)!.data).to.include({ filled_amount: 100, cancelled_amount: 200 });
  });

  it('reads a cancel from the classic grid\'s 备注 (已撤 / 废单) when there is no 撤消数量 column', () => {
    const cancelled = observe({ 委托数量: 300, 成交数量: 0, 备注: '已撤' });
    expect(changes(null, cancelled).map((e) => e.type)).to.deep.equal(['order.cancelled']);
    expect(changes(null, cancelled)[0]!.data).to.include({ cancelled_amount: 300, voided: false });
    const voided = changes(null, observe({ 委托数量: 300, 成交数量: 0, 备注: '废单' }));
    expect(voided[0]!.data).to.include({ voided: true });
    expect(changes(null, observe({ 委托数量: 300, 成交数量: 0, 备注: '已报' }))).to.deep.equal([]);
  });

  it('logs a failed read and reads again at the next tick without writing anything meanwhile', async () => {
    const { store } = journalWith('4025982646');
    const fake = fakeBridge(() => [orderRow('4025982646', { 成交数量: 300 })]);
    const watch = new OrderWatch({ bridge: fake.bridge, gate: newGate({ store }).gate, intervalMs: 200, logger: silent });
    fake.fail(new Error('worker crashed'));
    expect(await watch.tick()).to.equal(0);
    expect(watchTypes(store)).to.deep.equal([]);
    fake.fail(null);
    expect(await watch.tick()).to.equal(1);
    expect(watchTypes(store)).to.deep.equal(['order.filled']);
  });

  it('ticks on its own every interval once started, and not after stop', async () => {
    const { store } = journalWith('4025982646');
    const fake = fakeBridge(() => [orderRow('4025982646')]);
    const watch = new OrderWatch({ bridge: fake.bridge, gate: newGate({ store }).gate, intervalMs: 200, logger: silent });
    watch.start();
    await new Promise((r) => setTimeout(r, 700));
    watch.stop();
    const reads = fake.reads();
    expect(reads).to.be.within(1, 4); // about 3 (700 ms / 200 ms), fewer on a loaded machine
    await new Promise((r) => setTimeout(r, 400));
    expect(fake.reads()).to.equal(reads);
  });
});
