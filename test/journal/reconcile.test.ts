import { expect } from 'chai';
import { ABSENT_AFTER_MS, ABSENT_MIN_READS, decide, toClientOrders } from '../../src/journal/reconcile.ts';
import { reconcileOnce } from '../../src/journal/reconciler.ts';
import type { JournalRow } from '../../src/journal/store.ts';
import { clientRow, newGate, place, silent, ticket, sentThenUnknown } from './helpers.ts';

const UNKNOWN_AT = new Date('2026-11-24T02:00:10Z'); // 10:00:10 in Beijing
const later = (ms: number): Date => new Date(UNKNOWN_AT.getTime() + ms);

/** An unknown buy row as the journal holds it (received 10:00:00 Beijing time, unknown 10 s later). */
function row(id: number, over: Partial<JournalRow> = {}): JournalRow {
  return {
    id, day: '2026-11-24', kind: 'buy', code: '600160', side: 'buy', price: '21.21', amount: '100', params: {}, paramsHash: '', idemKey: null,
    caller: null, state: 'unknown', submitted: true, entrustNo: null, clientText: null, errorCode: null, settlement: null,
    settledHow: null, settledAt: null, replyHttp: null, replyBody: null, receivedAt: '2026-11-24T02:00:00.000Z',
    sentAt: `2026-11-24T02:00:0${String(id)}.000Z`, finishedAt: UNKNOWN_AT.toISOString(), updatedAt: '', snapshot: ['A'], ...over,
  };
}
const grid = toClientOrders([
  clientRow('A', { 委托时间: '09:59:58' }), // there before the click (in the snapshot)
  clientRow('B', { 委托时间: '10:00:02' }),
  clientRow('C', { 操作: '卖出', 委托时间: '10:00:03' }),
]);
const firstRead = { now: later(3_000), readsBefore: () => 0 };
const summary = (ds: ReturnType<typeof decide>): unknown[] => ds.map((d) => [d.id, d.decision, d.entrustNo]);

describe('journal/reconcile: reconciliation that cannot mistake', () => {
  it('accepts the one matching order that is new since the click, never one that was there before it', () => {
    const ds = decide([row(1)], grid, new Map(), firstRead);
    expect(summary(ds)).to.deep.equal([[1, 'accepted', 'B']]);
    expect(ds[0]).to.include({ newRows: 2 });
    expect(ds[0]!.candidates).to.deep.equal(['B']);
    const before = decide([row(1, { snapshot: ['A', 'B'] })], grid, new Map(), firstRead);
    expect(summary(before), 'B was listed before the click: not this order').to.deep.equal([[1, 'waiting', null]]);
  });

  it('never takes a contract number already linked to another journal row', () => {
    expect(summary(decide([row(1)], grid, new Map([['B', 7]]), firstRead))).to.deep.equal([[1, 'waiting', null]]);
  });

  it('does not match another side, price or amount', () => {
    expect(decide([row(1, { price: '21.22' })], grid, new Map(), firstRead)[0]!.decision).to.equal('waiting');
    expect(decide([row(1, { amount: '200' })], grid, new Map(), firstRead)[0]!.decision).to.equal('waiting');
    expect(decide([row(1, { kind: 'sell', side: 'sell' })], grid, new Map(), firstRead)[0]).to.include({ decision: 'accepted', entrustNo: 'C' });
  });

  it('matches a credit account\'s order only with its own page: a margin buy never with a 担保品买入, a plain buy never with a 融资买入', () => {
    const credit = toClientOrders([clientRow('A', { 委托时间: '09:59:58' }), clientRow('M', { 操作: '融资买入', 委托时间: '10:00:02' }), clientRow('P', { 操作: '担保品买入', 委托时间: '10:00:03' })]);
    expect(summary(decide([row(1, { params: { credit: 'marginBuy' } })], credit, new Map(), firstRead))).to.deep.equal([[1, 'accepted', 'M']]);
    expect(summary(decide([row(1)], credit, new Map(), firstRead)), 'a plain buy is the 担保品买入').to.deep.equal([[1, 'accepted', 'P']]);
    const onlyMargin = toClientOrders([clientRow('A', { 委托时间: '09:59:58' }), clientRow('M', { 操作: '融资买入', 委托时间: '10:00:02' })]);
    expect(summary(decide([row(1)], onlyMargin, new Map(), firstRead))).to.deep.equal([[1, 'waiting', null]]);
    expect(summary(decide([row(1, { params: { credit: 'buyToCover' } })], onlyMargin, new Map(), firstRead))).to.deep.equal([[1, 'waiting', null]]);
  });

  it('leaves a row with several matching new orders unknown and notes it ambiguous, for the operator', () => {
    const two = toClientOrders([clientRow('B'), clientRow('D')]);
    const d = decide([row(1, { snapshot: [] })], two, new Map(), firstRead)[0]!;
    expect(d).to.include({ decision: 'ambiguous', entrustNo: null });
    expect(d.candidates).to.deep.equal(['B', 'D']);
    expect(d.note).to.contain('ambiguous');
  });

  it('accepts identical unknown rows in click order when there are exactly as many new matching orders as rows', () => {
    const two = toClientOrders([clientRow('4025982647', { 委托时间: '10:00:04' }), clientRow('4025982646', { 委托时间: '10:00:03' })]);
    expect(summary(decide([row(2, { snapshot: [] }), row(1, { snapshot: [] })], two, new Map(), firstRead))).to.deep.equal([[2, 'accepted', '4025982647'], [1, 'accepted', '4025982646']]);
    const one = toClientOrders([clientRow('4025982646')]);
    expect(summary(decide([row(1, { snapshot: [] }), row(2, { snapshot: [] })], one, new Map(), firstRead)), 'one order for two rows: which one is unknown').to.deep.equal([[1, 'ambiguous', null], [2, 'ambiguous', null]]);
  });

  it(`calls a row absent only at a complete read ${String(ABSENT_AFTER_MS / 1000)} s or more after the unknown outcome that is at least the ${String(ABSENT_MIN_READS)}nd`, () => {
    const none = toClientOrders([clientRow('A')]);
    expect(decide([row(1)], none, new Map(), { now: later(3_000), readsBefore: () => 0 })[0]!.decision, 'first read, 3 s').to.equal('waiting');
    expect(decide([row(1)], none, new Map(), { now: later(ABSENT_AFTER_MS - 1_000), readsBefore: () => 4 })[0]!.decision, 'many reads, under a minute').to.equal('waiting');
    expect(decide([row(1)], none, new Map(), { now: later(ABSENT_AFTER_MS + 1_000), readsBefore: () => 0 })[0]!.decision, 'a minute, but the first read').to.equal('waiting');
    const absent = decide([row(1)], none, new Map(), { now: later(ABSENT_AFTER_MS + 1_000), readsBefore: () => ABSENT_MIN_READS - 1 })[0]!;
    expect(absent.decision).to.equal('absent');
    expect(absent.note).to.contain(`${String(ABSENT_MIN_READS)} complete reads`);
    const edge = decide([row(1)], none, new Map(), { now: later(ABSENT_AFTER_MS), readsBefore: () => ABSENT_MIN_READS - 1 })[0]!;
    expect(edge.decision, `exactly ${String(ABSENT_AFTER_MS / 1000)} s`).to.equal('absent');
    expect(decide([row(1)], none, new Map(), { now: later(ABSENT_AFTER_MS - 1), readsBefore: () => ABSENT_MIN_READS - 1 })[0]!.decision, '1 ms short').to.equal('waiting');
  });

  it('does not count a read that lacks orders listed before the click (a short read) toward absent', () => {
    const short = toClientOrders([clientRow('Z', { 操作: '卖出' })]); // A, listed before the click, is missing
    const d = decide([row(1)], short, new Map(), { now: later(ABSENT_AFTER_MS * 5), readsBefore: () => 10 })[0]!;
    expect(d.decision).to.equal('incomplete');
    expect(d.note).to.contain('A');
    expect(decide([row(1)], toClientOrders([]), new Map(), { now: later(ABSENT_AFTER_MS * 5), readsBefore: () => 10 })[0]!.decision, 'an empty read').to.equal('incomplete');
    const withB = toClientOrders([clientRow('B')]);
    expect(decide([row(1)], withB, new Map(), firstRead)[0], 'a new matching order still settles it').to.include({ decision: 'accepted', entrustNo: 'B' });
  });

  it('settles absent only after enough complete reads: incomplete steps are stored but not counted', async () => {
    let orders = [clientRow('A')];
    let now = new Date();
    const { gate, store } = newGate({ orders: () => orders, now: () => now });
    await place(gate, ticket(), sentThenUnknown);
    const read = async (): Promise<Array<Record<string, unknown>>> => orders;
    orders = [];
    for (let i = 0; i < 4; i++) {
      now = new Date(now.getTime() + ABSENT_AFTER_MS);
      expect(await reconcileOnce(store, read, silent, () => now)).to.include({ settled: 0 });
    }
    orders = [clientRow('A')];
    now = new Date(now.getTime() + 12_000);
    expect(await reconcileOnce(store, read, silent, () => now), 'the first complete read').to.include({ settled: 0 });
    now = new Date(now.getTime() + 12_000);
    expect(await reconcileOnce(store, read, silent, () => now), 'the second').to.include({ settled: 1 });
    expect(store.steps(1).map((s) => s.decision)).to.deep.equal(['incomplete', 'incomplete', 'incomplete', 'incomplete', 'waiting', 'absent']);
  });

  it('matches a row without a snapshot (an old journal) by Beijing time, whatever time zone the PC is on', () => {
    const saved = process.env['TZ'];
    process.env['TZ'] = 'America/New_York'; // local hours would be 21:00 the day before
    try {
      const old = row(1, { snapshot: null }); // received 10:00:00 Beijing time
      const early = toClientOrders([clientRow('X', { 委托时间: '09:59:00' })]);
      expect(decide([old], early, new Map(), firstRead)[0]!.decision, 'listed a minute before the request').to.equal('waiting');
      const after = toClientOrders([clientRow('Y', { 委托时间: '10:00:01' })]);
      expect(decide([old], after, new Map(), firstRead)[0]).to.include({ decision: 'accepted', entrustNo: 'Y', newRows: null });
    } finally {
      if (saved === undefined) delete process.env['TZ'];
      else process.env['TZ'] = saved;
    }
  });

  it('stores every step of a row (when, rows read, new rows, candidates, decision) and settles with the deciding one', async () => {
    let orders = [clientRow('A')];
    let now = new Date();
    const { gate, store } = newGate({ orders: () => orders, now: () => now });
    await place(gate, ticket(), sentThenUnknown);
    const read = async (): Promise<Array<Record<string, unknown>>> => orders;
    now = new Date(now.getTime() + 3_000);
    expect(await reconcileOnce(store, read, silent, () => now)).to.include({ settled: 0, waiting: 1 });
    now = new Date(now.getTime() + 12_000);
    orders = [clientRow('A'), clientRow('B', { 操作: '卖出' })];
    await reconcileOnce(store, read, silent, () => now);
    now = new Date(now.getTime() + ABSENT_AFTER_MS);
    expect(await reconcileOnce(store, read, silent, () => now)).to.include({ settled: 1 });
    const steps = store.steps(1);
    expect(steps.map((s) => [s.decision, s.rowsRead, s.newRows, s.candidates.length])).to.deep.equal([['waiting', 1, 0, 0], ['waiting', 2, 1, 0], ['absent', 2, 1, 0]]);
    expect(steps.every((s) => s.how === 'auto' && s.at !== '')).to.equal(true);
    expect(store.get(1)).to.include({ settlement: 'absent' });
    expect(store.get(1)!.settledHow).to.equal(steps[2]!.note);
  });

  it('notes an ambiguous row once, not at every read', async () => {
    const { gate, store } = newGate({ orders: () => [] });
    await place(gate, ticket(), sentThenUnknown);
    const two = async (): Promise<Array<Record<string, unknown>>> => [clientRow('B'), clientRow('D')];
    for (let i = 0; i < 3; i++) expect(await reconcileOnce(store, two, silent)).to.include({ ambiguous: 1 });
    expect(store.steps(1).map((s) => s.decision)).to.deep.equal(['ambiguous']);
    expect(store.get(1)!.settlement).to.equal(null);
  });

  it('leaves rows of an earlier day to the operator and reads nothing for them', async () => {
    let now = new Date('2026-11-24T02:00:00Z');
    const { gate, store } = newGate({ now: () => now });
    await place(gate, ticket(), sentThenUnknown);
    now = new Date('2026-11-25T02:00:00Z');
    let reads = 0;
    expect(await reconcileOnce(store, async () => { reads++; return [clientRow('B')]; }, silent, () => now)).to.deep.equal({ settled: 0, waiting: 0, ambiguous: 0 });
    expect(reads).to.equal(0);
    expect(store.get(1)).to.include({ state: 'unknown', settlement: null });
  });
});
