// Buys and sells take turns through the gate (order-turn.ts), and an order that showed no result popup is confirmed
// from today's orders only by a row new since its snapshot (confirm.ts).
import { expect } from 'chai';
import { GatewayError } from '../../src/core/errors.ts';
import { confirmFromOrders } from '../../src/journal/confirm.ts';
import { OrderTurns } from '../../src/journal/order-turn.ts';
import { clientRow, newGate, ok, place, refusal, ticket } from './helpers.ts';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('journal/order-turn: one buy or sell at a time through the gate', () => {
  it('gives the turns in arrival order, each after the one before it ended', async () => {
    const turns = new OrderTurns();
    const log: string[] = [];
    const endA = await turns.take();
    const b = turns.take().then((end) => { log.push('b'); return end; });
    const c = turns.take().then((end) => { log.push('c'); end(); });
    await tick();
    expect(log, 'b and c wait while a holds the turn').to.deep.equal([]);
    endA();
    const endB = await b;
    await tick();
    expect(log).to.deep.equal(['b']);
    endB();
    await c;
    expect(log).to.deep.equal(['b', 'c']);
  });

  it('lets a waiter whose caller left go without a turn (request_abandoned), and the next one still gets its turn', async () => {
    const turns = new OrderTurns();
    const endA = await turns.take();
    const ac = new AbortController();
    const b = refusal(turns.take(ac.signal));
    let cHas = false;
    const c = turns.take().then((end) => { cHas = true; return end; });
    ac.abort();
    expect((await b).code).to.equal('request_abandoned');
    await tick();
    expect(cHas, 'c still waits for a').to.equal(false);
    endA();
    (await c)();
    expect(cHas).to.equal(true);
  });

  it('gives up after its bound with worker_unavailable, placing nothing', async () => {
    const turns = new OrderTurns();
    await turns.take();
    const err = await refusal(turns.take(undefined, 30));
    expect(err.code).to.equal('worker_unavailable');
  });

  it('runs a second order only after the first one\'s run (and its confirmation) ended', async () => {
    const { gate } = newGate();
    const seen: string[] = [];
    let release: () => void = () => undefined;
    const first = place(gate, ticket({ idemKey: 'a' }), async () => { seen.push('a starts'); await new Promise<void>((r) => { release = r; }); seen.push('a ends'); return ok('1'); });
    const second = place(gate, ticket({ code: '600988', idemKey: 'b', params: { ...ticket().params, code: '600988' } }), async () => { seen.push('b starts'); return ok('2'); });
    for (let i = 0; i < 5; i++) await tick();
    expect(seen).to.deep.equal(['a starts']);
    release();
    await Promise.all([first, second]);
    expect(seen).to.deep.equal(['a starts', 'a ends', 'b starts']);
  });
});

describe('journal/confirm: an order without a result popup, found in today\'s orders', () => {
  const quick = { waitMs: 200, pollMs: 20 };

  it('returns the contract number of the one matching row new since the snapshot, after as many reads as it took', async () => {
    let reads = 0;
    const read = async (): Promise<Array<Record<string, unknown>>> => (++reads < 3 ? [clientRow('700')] : [clientRow('700'), clientRow('701')]);
    const { gate, store } = newGate({ orders: () => [clientRow('700')] });
    let found: unknown;
    await place(gate, ticket(), async (onEvent) => {
      onEvent('sending'); // the line written: the snapshot is on disk with it
      found = await confirmFromOrders(store, read, 1, () => new Date(), undefined, quick);
      return ok('x');
    });
    expect(found).to.deep.include({ entrustNo: '701', reads: 3 });
  });

  it('returns null when no new row matches within its bound, when the only match was there before the click, and when a read fails', async () => {
    const { gate, store } = newGate({ orders: () => [clientRow('700')] });
    const results: unknown[] = [];
    await place(gate, ticket(), async (onEvent) => {
      onEvent('sending');
      results.push(await confirmFromOrders(store, async () => [clientRow('700')], 1, () => new Date(), undefined, quick));
      results.push(await confirmFromOrders(store, async () => [clientRow('700'), clientRow('702', { 操作: '卖出' })], 1, () => new Date(), undefined, quick));
      results.push(await confirmFromOrders(store, async () => { throw new GatewayError('clipboard_failed'); }, 1, () => new Date(), undefined, quick));
      return ok('x');
    });
    expect(results).to.deep.equal([null, null, null]);
  });

  it('returns null for two matching new rows (which one is ours is unknown)', async () => {
    const { gate, store } = newGate({ orders: () => [] });
    let found: unknown = 'unset';
    await place(gate, ticket(), async (onEvent) => {
      onEvent('sending'); // the line written: the snapshot is on disk with it
      found = await confirmFromOrders(store, async () => [clientRow('801'), clientRow('802')], 1, () => new Date(), undefined, quick);
      return ok('x');
    });
    expect(found).to.equal(null);
  });
});
