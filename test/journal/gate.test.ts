import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { GatewayError } from '../../src/core/errors.ts';
import type { Reply } from '../../src/core/reply.ts';
import { OrderGate, paramsHash } from '../../src/journal/gate.ts';
import { JournalStore } from '../../src/journal/store.ts';
import { clientRow, dataDir, newGate, ok, place, refusal, sellTicket, silent, ticket, sentThenUnknown } from './helpers.ts';

describe('journal/gate: journal, idempotency keys and the unsettled guard', () => {
  it('records an order through received, sent and accepted, with the snapshot of today\'s orders and the reply it answered', async () => {
    const { gate, store } = newGate({ orders: () => [clientRow('4025982600')] });
    const reply = await place(gate, ticket(), async (onEvent) => {
      const row = store.get(1)!;
      expect(row.state, 'written before the worker sees it').to.equal('received');
      expect(row.snapshot, 'kept with the sent mark, not before').to.equal(null);
      onEvent('sending');
      expect(store.get(1)!.state, 'sent before the line is written').to.equal('sent');
      expect(store.get(1)!.snapshot, 'today\'s orders read before the click, on disk with sent').to.deep.equal(['4025982600']);
      onEvent('sent');
      onEvent('submitting');
      return ok('4025982646');
    });
    expect(reply.extra['journal_id']).to.equal(1);
    const row = store.get(1)!;
    expect(row).to.include({ state: 'accepted', entrustNo: '4025982646', submitted: true, caller: '127.0.0.1' });
    expect(JSON.parse(row.replyBody!)).to.include({ status: 1, entrust_no: '4025982646', journal_id: 1 });
    expect(row.sentAt).to.be.a('string');
  });

  it('takes the snapshot through readSnapshot when given (the two-column read), never through readOrders', async () => {
    const asked: string[] = [];
    const { gate, store } = newGate({
      orders: () => { asked.push('orders'); return [clientRow('4025982600')]; },
      readSnapshot: async () => { asked.push('snapshot'); return [{ 合同编号: '4025982601', 证券代码: '600160' }, { 合同编号: '4025982602', 证券代码: '' }]; },
    });
    await place(gate, ticket(), async (onEvent) => { onEvent('sending'); return ok('4025982646'); });
    expect(asked).to.deep.equal(['snapshot']);
    expect(store.get(1)!.snapshot, 'a row without a code is no order (toClientOrders)').to.deep.equal(['4025982601']);
  });

  it('asks for a buy\'s snapshot read before its row is written (the worker reads while the insert commits), and keeps the snapshot with sent', async () => {
    const atRead: Array<string | null> = [];
    const { gate, store } = newGate({ readSnapshot: async () => { atRead.push(store.get(1)?.state ?? null); return [clientRow('4025982600')]; } });
    await place(gate, ticket(), async (onEvent) => {
      expect(store.get(1)!.snapshot, 'not before sent').to.equal(null);
      onEvent('sending');
      return ok('4025982646');
    });
    expect(atRead, 'the read was asked for before the row existed').to.deep.equal([null]);
    expect(store.get(1)).to.deep.include({ state: 'accepted', snapshot: ['4025982600'] });
  });

  it('writes an order\'s outcome and the reply it answered in one commit: whoever hears the outcome finds the reply', async () => {
    const { gate, store } = newGate();
    const heard: Array<[string, string | null]> = [];
    store.events.onEvent((e) => { if (e.orderId !== null) heard.push([e.type, store.get(e.orderId)!.replyBody]); });
    await place(gate, ticket({ idemKey: 'k-one-commit' }), async (onEvent) => { onEvent('sending'); return ok('4025982650'); });
    const accepted = heard.find(([type]) => type === 'order.accepted');
    expect(accepted, 'the outcome was heard').to.not.equal(undefined);
    expect(JSON.parse(accepted![1] ?? 'null'), 'the reply, already on disk').to.include({ status: 1, entrust_no: '4025982650' });
    expect(heard.map(([type]) => type)).to.deep.equal(['order.received', 'order.sent', 'order.accepted']);
  });

  it('replays the first reply for the same key and parameters, across a restart, without running the order again', async () => {
    const d = dataDir();
    let runs = 0;
    const first = newGate({ store: new JournalStore(d) }).gate;
    await place(first, ticket({ idemKey: 'k-1' }), async () => { runs++; return ok('111'); });
    const again = newGate({ store: new JournalStore(d) }).gate;
    const r = await place(again, ticket({ idemKey: 'k-1' }), async () => { runs++; return ok('222'); });
    expect(runs).to.equal(1);
    expect(r.status).to.equal(1);
    expect(r.extra).to.include({ entrust_no: '111', replayed: true });
    expect((r.extra['journal'] as Record<string, unknown>)['state']).to.equal('accepted');
  });

  it('refuses the same key with other parameters (409 conflict) and while the first is in flight (409 in progress)', async () => {
    const { gate } = newGate();
    let release: (r: Reply) => void = () => undefined;
    const first = place(gate, ticket({ idemKey: 'k-2' }), () => new Promise<Reply>((r) => { release = r; }));
    await new Promise((r) => setImmediate(r)); // past the snapshot read
    const inProgress = await refusal(place(gate, ticket({ idemKey: 'k-2' }), async () => ok('x')));
    expect(inProgress.code).to.equal('idempotency_in_progress');
    expect(inProgress.http).to.equal(409);
    release(ok('333'));
    await first;
    const conflict = await refusal(place(gate, ticket({ idemKey: 'k-2', amount: '200', params: { ...ticket().params, amount: 200 } }), async () => ok('y')));
    expect(conflict.code).to.equal('idempotency_conflict');
  });

  it('lets a key whose first attempt was not sent be used again (nothing was placed)', async () => {
    const { gate, store } = newGate();
    const r1 = await place(gate, ticket({ idemKey: 'k-3' }), async () => { throw new GatewayError('worker_crashed', '委托没有发出'); });
    expect(r1.http).to.equal(503);
    expect(store.get(1)!.state).to.equal('not_sent');
    const r2 = await place(gate, ticket({ idemKey: 'k-3' }), async () => ok('444'));
    expect(r2.extra).to.include({ entrust_no: '444' });
    expect(r2.extra['replayed']).to.equal(undefined);
    expect(store.get(1)!.state).to.equal('accepted');
  });

  it('refuses a keyed retry of an attempt that placed nothing while another order on the same code and side is unknown', async () => {
    const { gate, store } = newGate();
    await place(gate, ticket({ idemKey: 'k-4' }), async () => { throw new GatewayError('worker_crashed', '委托没有发出'); });
    await place(gate, ticket(), sentThenUnknown);
    let ran = false;
    const refused = await refusal(place(gate, ticket({ idemKey: 'k-4' }), async () => { ran = true; return ok('999'); }));
    expect(refused.code).to.equal('unsettled_order');
    expect(ran, 'nothing reached the client').to.equal(false);
    expect(store.get(1)!.state, 'the first attempt stays as it was').to.equal('not_sent');
  });

  it('refuses a new order on a code and side with an unsettled unknown order, until reconciliation settles it from an order new since the click', async () => {
    let orders: Array<Record<string, unknown>> = [clientRow('700')];
    const { gate, store } = newGate({ orders: () => orders });
    const r = await place(gate, ticket(), sentThenUnknown);
    expect(r.http).to.equal(504);
    expect(store.unsettled()).to.have.length(1);
    const refused = await refusal(place(gate, ticket(), async () => ok('555')));
    expect(refused.code).to.equal('unsettled_order');
    expect(refused.message).to.contain('600160');
    const sell = await place(gate, sellTicket(), async () => ok('556'));
    expect(sell.status, 'the other side is not blocked').to.equal(1);
    orders = [clientRow('700'), clientRow('777')];
    expect(await gate.reconcileNow()).to.equal(1);
    expect(store.get(1)).to.include({ settlement: 'accepted', entrustNo: '777' });
    expect(store.steps(1).map((s) => [s.decision, s.candidates, s.rowsRead, s.newRows])).to.deep.equal([['accepted', ['777'], 2, 1]]);
    expect((await place(gate, ticket(), async () => ok('888'))).status).to.equal(1);
  });

  it('stops orders with 503 journal_unavailable when the journal cannot be opened', async () => {
    const file = path.join(dataDir(), 'not-a-dir');
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
    const d = dataDir();
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

  it('places nothing when today\'s orders cannot be read before the click: not_sent, answered with that error', async () => {
    const { gate, store } = newGate({ readOrders: async () => { throw new GatewayError('clipboard_failed', '读取表格失败'); } });
    let ran = false;
    const err = await refusal(place(gate, ticket(), async () => { ran = true; return ok('1'); }));
    expect(err.code).to.equal('clipboard_failed');
    expect(err.details).to.include({ journal_id: 1 });
    expect(ran).to.equal(false);
    expect(store.get(1)).to.include({ state: 'not_sent', errorCode: 'clipboard_failed' });
  });
});

describe('journal/gate: keys live one Beijing trading day', () => {
  // 2026-11-24 23:59:00 and 2026-11-25 00:01:00 in Beijing (UTC+8).
  const lateOn24th = new Date('2026-11-24T15:59:00Z');
  const earlyOn25th = new Date('2026-11-24T16:01:00Z');

  it('replays a key the same Beijing day and places a new order for the key on a later day', async () => {
    let now = lateOn24th;
    const { gate, store } = newGate({ now: () => now });
    let runs = 0;
    await place(gate, ticket({ idemKey: 'ord-1' }), async () => { runs++; return ok('111'); });
    const same = await place(gate, ticket({ idemKey: 'ord-1' }), async () => { runs++; return ok('x'); });
    expect(same.extra).to.include({ replayed: true, entrust_no: '111' });
    now = earlyOn25th;
    const next = await place(gate, ticket({ idemKey: 'ord-1' }), async () => { runs++; return ok('222'); });
    expect(next.extra).to.include({ entrust_no: '222' });
    expect(next.extra['replayed']).to.equal(undefined);
    expect(runs).to.equal(2);
    expect(store.byDay('2026-11-24').map((r) => r.idemKey)).to.deep.equal(['ord-1']);
    expect(store.byDay('2026-11-25').map((r) => r.idemKey)).to.deep.equal(['ord-1']);
  });

  it('files a row under the Beijing date even while UTC is still on the day before', async () => {
    const { gate, store } = newGate({ now: () => new Date('2026-11-24T17:30:00Z') }); // 01:30 on the 25th in Beijing
    await place(gate, ticket(), async () => ok('1'));
    expect(store.get(1)!.day).to.equal('2026-11-25');
  });

  it('no longer blocks a code with an unknown order from an earlier day', async () => {
    let now = lateOn24th;
    const { gate, store } = newGate({ now: () => now });
    await place(gate, ticket(), sentThenUnknown);
    expect((await refusal(place(gate, ticket(), async () => ok('x')))).code).to.equal('unsettled_order');
    now = earlyOn25th;
    const r = await place(gate, ticket(), async () => ok('333'));
    expect(r.status).to.equal(1);
    expect(store.unsettled().map((u) => u.day), 'the old one stays unknown, for the operator').to.deep.equal(['2026-11-24']);
  });
});

describe('journal/gate: duplicates and abandoned requests', () => {
  it('refuses a keyless order identical to one of the same caller still in flight (409 duplicate_in_flight naming it)', async () => {
    const { gate } = newGate();
    let release: (r: Reply) => void = () => undefined;
    const first = place(gate, ticket(), () => new Promise<Reply>((r) => { release = r; }));
    await new Promise((r) => setImmediate(r)); // the first one has its turn and its row
    const dup = await refusal(place(gate, ticket(), async () => ok('x')));
    expect(dup.code).to.equal('duplicate_in_flight');
    expect(dup.http).to.equal(409);
    expect(dup.details).to.include({ journal_id: 1 });
    // Not duplicates: they wait for their turn behind the first (one buy or sell at a time) and then go through.
    const otherCaller = place(gate, ticket({ caller: '10.0.0.2' }), async () => ok('2'));
    const ownKey = place(gate, ticket({ idemKey: 'mine-1' }), async () => ok('3'));
    const otherAmount = place(gate, ticket({ amount: '200', params: { ...ticket().params, amount: 200 } }), async () => ok('4'));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r)); // the first one's run has begun
    release(ok('1'));
    await first;
    expect((await otherCaller).status, 'another caller is not a duplicate').to.equal(1);
    expect((await ownKey).status, 'an order with its own key goes through').to.equal(1);
    expect((await otherAmount).status).to.equal(1);
  });

  it('refuses the identical keyless order within the duplicate window after it was accepted, and takes it after the window', async () => {
    let now = new Date('2026-11-24T02:00:00Z');
    const { gate } = newGate({ duplicateWindowMs: 10_000, now: () => now });
    await place(gate, ticket(), async () => ok('1'));
    now = new Date(now.getTime() + 5_000);
    expect((await refusal(place(gate, ticket(), async () => ok('x')))).code).to.equal('duplicate_in_flight');
    now = new Date(now.getTime() + 6_000);
    expect((await place(gate, ticket(), async () => ok('2'))).status).to.equal(1);
  });

  it('does not count a refused order as a duplicate (a retry after a refusal is a new order)', async () => {
    const { gate } = newGate({ duplicateWindowMs: 10_000 });
    const refused = await place(gate, ticket(), async () => ({ http: 200, status: -1, message: '资金不足', extra: { error: 'client_rejected' } }));
    expect(refused.status).to.equal(-1);
    expect((await place(gate, ticket(), async () => ok('2'))).status).to.equal(1);
  });

  it('records an order dropped from the queue because its caller left as abandoned, and lets its key place it later', async () => {
    const { gate, store } = newGate();
    const r = await place(gate, ticket({ idemKey: 'gone-1' }), async () => { throw new GatewayError('request_abandoned', '调用方已断开'); });
    expect(r.extra['error']).to.equal('request_abandoned');
    expect(store.get(1)!.state).to.equal('abandoned');
    const again = await place(gate, ticket({ idemKey: 'gone-1' }), async () => ok('9'));
    expect(again.extra).to.include({ entrust_no: '9' });
    expect(store.get(1)!.state).to.equal('accepted');
  });

  it('records abandoned when the caller left while the read of today\'s orders still waited in the queue', async () => {
    const ac = new AbortController();
    const { gate, store } = newGate({
      readOrders: (signal) => new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => reject(new GatewayError('request_abandoned', '调用方已断开')));
      }),
    });
    let ran = false;
    const p = refusal(place(gate, ticket(), async () => { ran = true; return ok('1'); }, ac.signal));
    await new Promise((r) => setImmediate(r)); // past the turn: the read of today's orders waits
    ac.abort();
    expect((await p).code).to.equal('request_abandoned');
    expect(ran).to.equal(false);
    expect(store.get(1)!.state).to.equal('abandoned');
  });
});

describe('journal/gate: manual settlement', () => {
  async function unknownRow(): Promise<{ gate: OrderGate; store: JournalStore }> {
    const g = newGate();
    await place(g.gate, ticket(), sentThenUnknown);
    return g;
  }

  it('settles an unknown order by hand as accepted, journaled with the operator, caller and note, and a step', async () => {
    const { gate, store } = await unknownRow();
    const row = gate.settleByHand(1, { settlement: 'accepted', entrustNo: '4025982646', note: 'seen in the client', caller: '127.0.0.1' });
    expect(row).to.include({ settlement: 'accepted', entrustNo: '4025982646', state: 'unknown' });
    expect(row.settledHow).to.equal('operator (caller 127.0.0.1): seen in the client');
    const steps = store.steps(1);
    expect(steps.map((s) => [s.how, s.decision, s.candidates])).to.deep.equal([['operator', 'accepted', ['4025982646']]]);
    expect(store.unsettled()).to.have.length(0);
  });

  it('leaves an IPO subscription of unknown outcome to the operator: reconciliation never settles it, a settlement by hand does', async () => {
    const { gate, store } = newGate({ orders: () => [clientRow('732001', { 证券代码: '732001', 操作: '申购' })] });
    await place(gate, ticket({ kind: 'ipo', code: '732001', side: null, price: null, amount: null, params: { code: '732001' } }), sentThenUnknown);
    expect(await gate.reconcileNow()).to.equal(0);
    expect(store.unsettled().map((r) => r.kind)).to.deep.equal(['ipo']);
    expect(store.steps(1), 'no automatic step').to.deep.equal([]);
    expect(gate.settleByHand(1, { settlement: 'accepted', entrustNo: null, note: '新股申购页面显示已申购', caller: '127.0.0.1' })).to.include({ settlement: 'accepted' });
    expect(store.unsettled()).to.have.length(0);
  });

  it('refuses to settle a row twice, a row that is not unknown (409 not_settleable) and a row that does not exist (404)', async () => {
    const { gate } = await unknownRow();
    gate.settleByHand(1, { settlement: 'absent', entrustNo: null, note: null, caller: null });
    const twice = (() => { try { gate.settleByHand(1, { settlement: 'absent', entrustNo: null, note: null, caller: null }); } catch (e) { return e as GatewayError; } return undefined; })();
    expect(twice?.code).to.equal('not_settleable');
    expect(twice?.http).to.equal(409);
    await place(gate, sellTicket(), async () => ok('5'));
    const accepted = (() => { try { gate.settleByHand(2, { settlement: 'absent', entrustNo: null, note: null, caller: null }); } catch (e) { return e as GatewayError; } return undefined; })();
    expect(accepted?.code).to.equal('not_settleable');
    expect(accepted?.message).to.contain('accepted');
    const missing = (() => { try { gate.settleByHand(99, { settlement: 'absent', entrustNo: null, note: null, caller: null }); } catch (e) { return e as GatewayError; } return undefined; })();
    expect(missing?.code).to.equal('not_found');
  });

  it('refuses a contract number that another journal row already owns', async () => {
    const { gate } = await unknownRow();
    await place(gate, sellTicket(), async () => ok('4025982650'));
    const err = (() => { try { gate.settleByHand(1, { settlement: 'accepted', entrustNo: '4025982650', note: null, caller: null }); } catch (e) { return e as GatewayError; } return undefined; })();
    expect(err?.code).to.equal('invalid_settlement');
    expect(err?.details).to.include({ journal_id: 2 });
  });
});
