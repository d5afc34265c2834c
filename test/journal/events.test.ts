import { expect } from 'chai';
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import type { JournalEvent } from '../../src/journal/event-log.ts';
import { SCHEMA_VERSION } from '../../src/journal/migrate.ts';
import { JournalStore } from '../../src/journal/store.ts';
import { clientRow, dataDir, newGate, ok, place, ticket } from './helpers.ts';

const types = (store: JournalStore): string[] => store.events.since(0, 100).map((e) => e.type);

describe('journal/events: every journal transition writes its event in the same transaction', () => {
  it('writes order.received, order.sent and order.accepted for a placed order, each carrying the order\'s fields', async () => {
    const { gate, store } = newGate({ orders: () => [clientRow('4025982600')] });
    await place(gate, ticket({ idemKey: 'ev-1' }), async (onEvent) => {
      onEvent('sending');
      onEvent('submitting');
      return ok('4025982646');
    });
    const events = store.events.since(0, 100);
    expect(events.map((e) => e.type)).to.deep.equal(['order.received', 'order.sent', 'order.accepted']);
    expect(events.map((e) => e.id)).to.deep.equal([1, 2, 3]);
    expect(events.every((e) => e.orderId === 1 && e.day === store.get(1)!.day)).to.equal(true);
    expect(events[0]!.data).to.deep.include({ journal_id: 1, kind: 'buy', side: 'buy', stock_code: '600160', price: '21.21', amount: '100', client_order_id: 'ev-1', state: 'received', entrust_no: null });
    expect(events[2]!.data).to.deep.include({ state: 'accepted', entrust_no: '4025982646' });
  });

  it('writes order.rejected with the error code and the client\'s text, and order.not_sent for an order that never left', async () => {
    const { gate, store } = newGate();
    await place(gate, ticket(), async (onEvent) => {
      onEvent('sending');
      return { http: 200, status: -1, message: '委托失败，可交易股数为0', extra: { error: 'max_quantity_zero' } };
    });
    const rejected = store.events.since(0, 100).at(-1)!;
    expect(rejected.type).to.equal('order.rejected');
    expect(rejected.data).to.include({ state: 'rejected', error: 'max_quantity_zero', client_text: '委托失败，可交易股数为0' });
    const before = store.events.latestId();
    await place(gate, ticket({ code: '600000', params: { ...ticket().params, code: '600000' } }), async () => ({ http: 503, status: -1, message: 'worker not ready', extra: { error: 'worker_unavailable' } }));
    expect(store.events.since(before, 100).map((e) => [e.type, e.data['error']])).to.deep.equal([['order.received', undefined], ['order.not_sent', 'worker_unavailable']]);
  });

  it('writes order.unknown, and order.settled once reconciliation finds the order, saying how', async () => {
    let rows: Array<Record<string, unknown>> = [];
    const { gate, store } = newGate({ orders: () => rows });
    await place(gate, ticket(), async (onEvent) => {
      onEvent('sending');
      return { http: 504, status: -1, message: '结果未知', extra: { error: 'outcome_unknown' } };
    });
    expect(types(store)).to.deep.equal(['order.received', 'order.sent', 'order.unknown']);
    rows = [clientRow('4025982777')];
    expect(await gate.reconcileNow()).to.equal(1);
    const settled = store.events.since(0, 100).at(-1)!;
    expect(settled.type).to.equal('order.settled');
    expect(settled.data).to.include({ state: 'unknown', settlement: 'accepted', entrust_no: '4025982777', by: 'auto' });
    expect(String(settled.data['settled_how'])).to.contain('4025982777');
    gate.stop();
  });

  it('writes order.not_sent and order.unknown for orders a crash interrupted, when the next server recovers them', () => {
    const d = dataDir();
    const first = new JournalStore(d);
    const a = first.insert({ kind: 'buy', code: '600160', side: 'buy', price: '21.21', amount: '100', params: { a: 1 }, paramsHash: 'h1', idemKey: null, caller: null });
    const b = first.insert({ kind: 'buy', code: '600000', side: 'buy', price: '9.00', amount: '100', params: { b: 1 }, paramsHash: 'h2', idemKey: null, caller: null });
    first.markSent(b.id);
    first.close();
    const { store } = newGate({ store: new JournalStore(d) });
    const last = store.events.since(3, 100);
    expect(last.map((e) => [e.type, e.orderId, e.data['error']])).to.deep.equal([['order.not_sent', a.id, 'server_restarted'], ['order.unknown', b.id, 'server_restarted']]);
  });

  it('leaves both the state and the event unwritten when the event cannot be written (never a change without its event)', () => {
    const d = dataDir();
    const store = new JournalStore(d);
    const row = store.insert({ kind: 'buy', code: '600160', side: 'buy', price: '21.21', amount: '100', params: {}, paramsHash: 'h', idemKey: null, caller: null });
    const other = new DatabaseSync(path.join(d, 'journal.sqlite'));
    other.exec(`CREATE TRIGGER no_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'events refused'); END;`);
    other.close();
    const heard: JournalEvent[] = [];
    store.events.onEvent((e) => heard.push(e));
    expect(() => store.markSent(row.id)).to.throw(/events refused/);
    expect(store.get(row.id)!.state, 'the transition was rolled back with its event').to.equal('received');
    expect(types(store)).to.deep.equal(['order.received']);
    expect(heard, 'no listener heard of an event that was not written').to.deep.equal([]);
  });

  it('tells listeners of an event only after its transaction committed, in id order', () => {
    const store = new JournalStore(dataDir());
    const seen: Array<[string, string]> = [];
    store.events.onEvent((e) => {
      // a listener reads the journal: the change is already there
      seen.push([e.type, store.get(e.orderId!)!.state]);
    });
    const row = store.insert({ kind: 'sell', code: '600160', side: 'sell', price: '22.00', amount: '100', params: {}, paramsHash: 'h', idemKey: null, caller: null });
    store.markSent(row.id);
    store.finish(row.id, 'accepted', { entrustNo: '123' });
    expect(seen).to.deep.equal([['order.received', 'received'], ['order.sent', 'sent'], ['order.accepted', 'accepted']]);
  });

  it('adds the event and delivery tables to a version 1 journal, keeping its orders and their day', () => {
    const d = dataDir();
    const db = new DatabaseSync(path.join(d, 'journal.sqlite'));
    const store = new JournalStore(d);
    store.insert({ kind: 'buy', code: '600160', side: 'buy', price: '21.21', amount: '100', params: {}, paramsHash: 'h', idemKey: 'old-key', caller: null });
    store.close();
    db.exec("DROP TABLE events; DROP TABLE deliveries; PRAGMA user_version = 1; UPDATE orders SET day = '2026-01-05'");
    db.close();
    const again = new JournalStore(d);
    expect(again.get(1)).to.include({ day: '2026-01-05', idemKey: 'old-key' });
    expect(again.events.latestId()).to.equal(0);
    const check = new DatabaseSync(path.join(d, 'journal.sqlite'));
    expect(check.prepare('PRAGMA user_version').get()).to.deep.include({ user_version: SCHEMA_VERSION });
    check.close();
  });
});
