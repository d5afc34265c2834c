// abandoned-reads.test.ts - a read (/balance, /orders ...) still queued in the bridge when its HTTP caller goes away
// is dropped: the worker never receives it; one whose caller waits is still answered. Real HTTP, real fixture worker.
import { expect } from 'chai';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.ts';
import { until } from '../helpers/until.ts';

describe('http/abandoned reads: a queued read whose caller has gone is never sent', () => {
  let s: FakeServer;
  before(async () => {
    s = await startFakeServer('delay:400');
  });
  after(async () => {
    await s.close();
  });

  const seen = (cmd: string): number => s.requests().filter((r) => r.cmd === cmd).length;

  it('drops the queued /orders and /balance of callers that disconnected, and answers the one that waited', async () => {
    const busy = fetch(s.url + '/balance');
    await until('the first /balance to be in flight', () => (s.bridge.health().inFlight === 'balance' ? true : undefined), 5000);
    const gone = new AbortController();
    const dropped = [fetch(s.url + '/orders', { signal: gone.signal }), fetch(s.url + '/balance', { signal: gone.signal })].map((p) => p.catch(() => 'aborted'));
    const waiting = fetch(s.url + '/orders?open=1');
    await until('three reads queued', () => (s.bridge.health().queued === 3 ? true : undefined), 5000);
    gone.abort();
    expect(await Promise.all(dropped)).to.deep.equal(['aborted', 'aborted']);
    await until('the abandoned reads to leave the queue', () => (s.bridge.health().queued === 1 ? true : undefined), 5000);
    expect((await busy).status).to.equal(200);
    const answer = (await (await waiting).json()) as { status: number };
    expect(answer.status).to.equal(1);
    expect(seen('balance'), 'only the first /balance reached the worker').to.equal(1);
    expect(seen('orders'), 'only the /orders whose caller waited').to.equal(1);
  });
});
