import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { JournalStore } from '../../src/journal/store.ts';
import { OrderGate, paramsHash, type OrderTicket } from '../../src/journal/gate.ts';
import { matchUnknown, toClientOrders } from '../../src/journal/reconcile.ts';
import { GatewayError } from '../../src/core/errors.ts';
import type { Reply } from '../../src/core/reply.ts';
import { placeJournaled } from '../../src/trading/place.ts';

/** An order-type request through the journal as the trading core places it (the gate decides from its Outcome). */
function place(gate: OrderGate, t: OrderTicket, run: (onEvent: (e: string) => void) => Promise<Reply>): Promise<Reply> {
  const { idemKey, caller, ...rest } = t;
  return placeJournaled(gate, rest, { idemKey, caller }, (onEvent) => run(onEvent ?? (() => undefined)));
}

const silent = pino({ level: 'silent' });
const dir = (): string => mkdtempSync(path.join(os.tmpdir(), 'ths-journal-'));
const ticket = (over: Partial<OrderTicket> = {}): OrderTicket => ({
  kind: 'buy', code: '600160', side: 'buy', price: '21.21', amount: '100',
  params: { side: 'buy', code: '600160', exchange: 'SH', price: '21.21', amount: 100 }, idemKey: null, caller: '127.0.0.1', ...over,
});
const ok = (no: string): Reply => ({ http: 200, status: 1, message: `您的买入委托已成功提交，合同编号：${no}。`, extra: { entrust_no: no } });

async function refusal(p: Promise<unknown>): Promise<GatewayError> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(GatewayError);
    return err as GatewayError;
  }
  throw new Error('expected a refusal');
}

describe('journal/gate: journal, idempotency keys and the unsettled guard', () => {
  it('records an order through received, sent and accepted, with the reply it answered', async () => {
    const store = new JournalStore(dir());
    const gate = new OrderGate({ store, logger: silent, guardUnsettled: true, readOrders: async () => [] });
    const reply = await place(gate, ticket(), async (onEvent) => {
      const row = store.get(1)!;
      expect(row.state, 'written before the worker sees it').to.equal('received');
      onEvent('sent');
      expect(store.get(1)!.state).to.equal('sent');
      onEvent('submitting');
      return ok('4025982646');
    });
    expect(reply.extra['journal_id']).to.equal(1);
    const row = store.get(1)!;
    expect(row).to.include({ state: 'accepted', entrustNo: '4025982646', submitted: true, caller: '127.0.0.1' });
    expect(JSON.parse(row.replyBody!)).to.include({ status: 1, entrust_no: '4025982646', journal_id: 1 });
    expect(row.sentAt).to.be.a('string');
  });

  it('replays the first reply for the same key and parameters, across a restart, without running the order again', async () => {
    const d = dir();
    let runs = 0;
    const first = new OrderGate({ store: new JournalStore(d), logger: silent, guardUnsettled: true, readOrders: async () => [] });
    await place(first, ticket({ idemKey: 'k-1' }), async () => { runs++; return ok('111'); });
    const again = new OrderGate({ store: new JournalStore(d), logger: silent, guardUnsettled: true, readOrders: async () => [] });
    const r = await place(again, ticket({ idemKey: 'k-1' }), async () => { runs++; return ok('222'); });
    expect(runs).to.equal(1);
    expect(r.status).to.equal(1);
    expect(r.extra).to.include({ entrust_no: '111', replayed: true });
    expect((r.extra['journal'] as Record<string, unknown>)['state']).to.equal('accepted');
  });

  it('refuses the same key with other parameters (409 conflict) and while the first is in flight (409 in progress)', async () => {
    const gate = new OrderGate({ store: new JournalStore(dir()), logger: silent, guardUnsettled: true, readOrders: async () => [] });
    let release: (r: Reply) => void = () => undefined;
    const first = place(gate, ticket({ idemKey: 'k-2' }), () => new Promise<Reply>((r) => { release = r; }));
    const inProgress = await refusal(place(gate, ticket({ idemKey: 'k-2' }), async () => ok('x')));
    expect(inProgress.code).to.equal('idempotency_in_progress');
    expect(inProgress.http).to.equal(409);
    release(ok('333'));
    await first;
    const conflict = await refusal(place(gate, ticket({ idemKey: 'k-2', amount: '200', params: { ...ticket().params, amount: 200 } }), async () => ok('y')));
    expect(conflict.code).to.equal('idempotency_conflict');
  });

  it('lets a key whose first attempt was not sent be used again (nothing was placed)', async () => {
    const store = new JournalStore(dir());
    const gate = new OrderGate({ store, logger: silent, guardUnsettled: true, readOrders: async () => [] });
    const r1 = await place(gate, ticket({ idemKey: 'k-3' }), async () => { throw new GatewayError('worker_crashed', '委托没有发出'); });
    expect(r1.http).to.equal(503);
    expect(store.byKey('k-3')!.state).to.equal('not_sent');
    const r2 = await place(gate, ticket({ idemKey: 'k-3' }), async () => ok('444'));
    expect(r2.extra).to.include({ entrust_no: '444' });
    expect(r2.extra['replayed']).to.equal(undefined);
    expect(store.byKey('k-3')!.state).to.equal('accepted');
  });

  it('refuses a new order on a code and side with an unsettled unknown order, until reconciliation settles it', async () => {
    const store = new JournalStore(dir());
    let orders: Array<Record<string, unknown>> = [];
    const gate = new OrderGate({ store, logger: silent, guardUnsettled: true, readOrders: async () => orders });
    const r = await place(gate, ticket(), async () => { throw new GatewayError('outcome_unknown', '结果未知'); });
    expect(r.http).to.equal(504);
    expect(store.unsettled()).to.have.length(1);
    const refused = await refusal(place(gate, ticket(), async () => ok('555')));
    expect(refused.code).to.equal('unsettled_order');
    expect(refused.message).to.contain('600160');
    const sell = await place(gate, ticket({ kind: 'sell', side: 'sell', params: { ...ticket().params, side: 'sell' } }), async () => ok('556'));
    expect(sell.status, 'the other side is not blocked').to.equal(1);
    const t = new Date();
    const hhmmss = `${String(t.getHours()).padStart(2, '0')}:${String(t.getMinutes()).padStart(2, '0')}:${String(t.getSeconds()).padStart(2, '0')}`;
    orders = [{ 合同编号: '777', 证券代码: '600160', 操作: '买入', 委托价格: 21.21, 委托数量: 100, 委托时间: hhmmss }];
    expect(await gate.reconcileNow()).to.equal(1);
    expect(store.get(1)).to.include({ settlement: 'accepted', entrustNo: '777' });
    expect((await place(gate, ticket(), async () => ok('888'))).status).to.equal(1);
  });

  it('stops orders with 503 journal_unavailable when the journal cannot be opened', async () => {
    const file = path.join(dir(), 'not-a-dir');
    writeFileSync(file, 'x');
    let openError = '';
    try {
      new JournalStore(file);
    } catch (err) {
      openError = (err as Error).message;
    }
    expect(openError).to.not.equal('');
    const gate = new OrderGate({ store: undefined, openError, logger: silent, guardUnsettled: true, readOrders: async () => [] });
    let ran = false;
    const err = await refusal(place(gate, ticket(), async () => { ran = true; return ok('1'); }));
    expect(err.code).to.equal('journal_unavailable');
    expect(err.http).to.equal(503);
    expect(ran).to.equal(false);
  });

  it('marks rows interrupted by a server crash: never sent -> not_sent, sent -> unknown', () => {
    const d = dir();
    const store = new JournalStore(d);
    const a = store.insert({ ...ticket(), paramsHash: paramsHash('buy', ticket().params) });
    const b = store.insert({ ...ticket(), paramsHash: 'h2' });
    store.markSent(b.id);
    store.close();
    const reopened = new JournalStore(d);
    expect(reopened.recoverInterrupted()).to.deep.equal({ notSent: 1, unknown: 1 });
    expect(reopened.get(a.id)!.state).to.equal('not_sent');
    expect(reopened.get(b.id)!.state).to.equal('unknown');
  });
});

describe('journal/reconcile: matching unknown orders to the client\'s list', () => {
  const row = (id: number, over: Record<string, unknown> = {}) => ({
    id, day: '2026-11-24', kind: 'buy', code: '600160', side: 'buy', price: '21.21', amount: '100', params: {}, paramsHash: '', idemKey: null,
    caller: null, state: 'unknown' as const, submitted: true, entrustNo: null, clientText: null, errorCode: null, settlement: null,
    settledHow: null, settledAt: null, replyHttp: null, replyBody: null, receivedAt: new Date(2026, 10, 24, 10, 0, 0).toISOString(),
    sentAt: null, finishedAt: null, updatedAt: '', ...over,
  });
  const client = toClientOrders([
    { 合同编号: 'A', 证券代码: '600160', 操作: '买入', 委托价格: 21.21, 委托数量: 100, 委托时间: '09:59:58' },
    { 合同编号: 'B', 证券代码: '600160', 操作: '买入', 委托价格: 21.21, 委托数量: 100, 委托时间: '10:00:02' },
    { 合同编号: 'C', 证券代码: '600160', 操作: '卖出', 委托价格: 21.21, 委托数量: 100, 委托时间: '10:00:03' },
    { 合同编号: 'D', 证券代码: '600160', 操作: '买入', 委托价格: 21.21, 委托数量: 100, 委托时间: '09:50:00' },
  ]);

  it('matches by code, side, price, amount and time, oldest row first, one client order per row', () => {
    const s = matchUnknown([row(1), row(2), row(3)], client, new Set());
    expect(s.map((x) => [x.id, x.settlement, x.entrustNo])).to.deep.equal([[1, 'accepted', 'A'], [2, 'accepted', 'B'], [3, 'absent', null]]);
  });

  it('never matches a client order already linked to another journal row, nor one placed long before the request', () => {
    const s = matchUnknown([row(1)], client, new Set(['A', 'B']));
    expect(s[0]).to.include({ settlement: 'absent' });
  });

  it('does not match another price or amount', () => {
    expect(matchUnknown([row(1, { price: '21.22' })], client, new Set())[0]!.settlement).to.equal('absent');
    expect(matchUnknown([row(1, { amount: '200' })], client, new Set())[0]!.settlement).to.equal('absent');
  });
});
