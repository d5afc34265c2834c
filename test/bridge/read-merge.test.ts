// Identical queued reads answered by one client read (src/bridge/read-merge.ts), against the fixture worker process:
// what reaches the worker, who gets which answer, and what never merges.
import { expect } from 'chai';
import { BridgeError } from '../../src/bridge/bridge-error.ts';
import type { WorkerSupervisor } from '../../src/bridge/supervisor.ts';
import { fakeSupervisor, rejectionOf, requestsSeen } from './fake-worker.ts';

const ORDER = { side: 'buy', code: '600160', exchange: 'SH', price: '21.21', amount: 100 };
interface OrdersAnswer { readId: number; args: Record<string, unknown>; rows: unknown[] }

describe('bridge/read merge: identical queued reads share one client read, orders never', () => {
  let sup: WorkerSupervisor | undefined;
  afterEach(async () => {
    await sup?.stop(500);
    sup = undefined;
  });

  it('answers three identical queued reads with one read written after all of them arrived, each with its own copy', async () => {
    const made = fakeSupervisor('delay:200');
    sup = made.sup;
    await sup.start();
    const busy = sup.request('balance');
    const queued = [sup.request('orders'), sup.request('orders'), sup.request('orders')];
    expect(sup.health().queued).to.equal(3);
    const answers = (await Promise.all(queued)) as OrdersAnswer[];
    await busy;
    expect(requestsSeen(made.log, 'orders'), 'one request line for the three').to.equal(1);
    expect(new Set(answers.map((a) => a.readId)).size, 'all answered by the same read').to.equal(1);
    expect(answers[1]).to.deep.equal(answers[0]);
    expect(answers[1], 'a copy each: one caller changing its answer cannot change another').to.not.equal(answers[0]);
    expect(answers[0]!.rows).to.not.equal(answers[2]!.rows);
    expect(sup.health().mergedReads).to.equal(2);
  });

  it('never answers a request with a read that began before it arrived: one arriving during the read gets the next read', async () => {
    const made = fakeSupervisor('delay:200');
    sup = made.sup;
    await sup.start();
    const first = sup.request('orders');
    expect(sup.health().inFlight, 'the first read is written at once').to.equal('orders');
    const during = sup.request('orders');
    const [a, b] = (await Promise.all([first, during])) as OrdersAnswer[];
    expect(requestsSeen(made.log, 'orders')).to.equal(2);
    expect(b!.readId, 'its own, later read').to.be.greaterThan(a!.readId);
    expect(sup.health().mergedReads).to.equal(0);
  });

  it('merges the same arguments in any key order, and never reads with other arguments', async () => {
    const made = fakeSupervisor('delay:150');
    sup = made.sup;
    await sup.start();
    const busy = sup.request('balance');
    const ab = sup.request('orders', { a: 1, b: 'x' });
    const ba = sup.request('orders', { b: 'x', a: 1 });
    const other = sup.request('orders', { a: 2, b: 'x' });
    const [r1, r2, r3] = (await Promise.all([ab, ba, other])) as OrdersAnswer[];
    await busy;
    expect(r1!.readId).to.equal(r2!.readId);
    expect(r3!.readId).to.not.equal(r1!.readId);
    expect(r3!.args).to.deep.equal({ a: 2, b: 'x' });
    expect(requestsSeen(made.log, 'orders')).to.equal(2);
  });

  it('writes every queued order, identical or not: orders are never merged', async () => {
    const made = fakeSupervisor('delay:100');
    sup = made.sup;
    await sup.start();
    const busy = sup.request('balance');
    const orders = [sup.request('order', ORDER), sup.request('order', ORDER)];
    await Promise.all([busy, ...orders]);
    expect(requestsSeen(made.log, 'order'), 'two identical orders, two lines').to.equal(2);
    expect(sup.health().mergedReads).to.equal(0);
  });

  it('gives every merged request the read\'s error when the read fails', async () => {
    const made = fakeSupervisor('delay:100');
    sup = made.sup;
    await sup.start();
    const busy = sup.request('balance');
    const failing = [rejectionOf(sup.request('trades')), rejectionOf(sup.request('trades'))];
    await busy;
    const errors = await Promise.all(failing);
    expect(requestsSeen(made.log, 'trades')).to.equal(1);
    for (const err of errors) {
      expect(err).to.be.instanceOf(BridgeError);
      expect((err as Error).message).to.include('unknown command trades');
    }
  });
});
