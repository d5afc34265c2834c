// standby.test.ts - the standby worker (src/bridge/standby.ts) with real fixture processes: it waits untouched, takes
// over when the active worker is killed, crashes or times out, is replaced, never receives an order again, and a
// spare that will not start or is of another release is given up on without hurting the active worker.
import { expect } from 'chai';
import type { SupervisorOptions, WorkerSupervisor } from '../../src/bridge/supervisor.ts';
import { fakeSupervisor, rejectionOf, requestsSeen, alive } from './fake-worker.ts';
import { until } from '../helpers/until.ts';

/** Waits (bounded) until `cond` holds; fails naming `what`. */
async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  await until(what, () => (cond() ? true : undefined), ms);
}


describe('bridge/standby', () => {
  const started: WorkerSupervisor[] = [];
  const make = (modes: string, extra: Partial<SupervisorOptions> = {}): { sup: WorkerSupervisor; log: string } => {
    const s = fakeSupervisor(modes, { standby: true, standbyRetryMs: [20, 20], ...extra });
    started.push(s.sup);
    return s;
  };
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop(500);
  });

  /** The spare's pid once it printed its standby line. */
  async function spareReady(sup: WorkerSupervisor): Promise<number> {
    await waitFor(() => sup.health().standby?.state === 'ready', 5000, 'the standby worker never became ready');
    return sup.health().standby?.pid ?? -1;
  }

  it('starts a spare once the worker is ready, and the spare receives no command while it waits', async () => {
    const { sup, log } = make('');
    await sup.start();
    const spare = await spareReady(sup);
    const active = sup.health().pid;
    expect(spare).to.be.a('number').and.not.equal(active);
    await sup.request('balance');
    await sup.request('ping');
    expect(sup.health().pid).to.equal(active);
    expect(sup.health().standby).to.include({ enabled: true, state: 'ready', pid: spare, promotions: 0 });
    // Every line in the fixture's log came to one process or the other: two commands, no activate line yet.
    expect(requestsSeen(log, 'balance') + requestsSeen(log, 'ping')).to.equal(2);
  });

  it('serves the next command from the spare when the active worker is killed, and starts a new spare', async () => {
    const { sup } = make('');
    await sup.start();
    const spare = await spareReady(sup);
    const first = sup.health().pid ?? -1;
    process.kill(first, 'SIGKILL');
    await waitFor(() => sup.health().pid !== first, 5000, 'the kill was not noticed');
    const pong = (await sup.request('ping')) as { pid: number };
    expect(pong.pid).to.equal(spare);
    expect(sup.health().pid).to.equal(spare);
    expect(sup.health().restarts).to.equal(1);
    const next = await spareReady(sup);
    expect(next).to.not.equal(spare).and.not.equal(first);
    expect(sup.health().standby?.promotions).to.equal(1);
  });

  it('takes the spare after a command timed out (the hung worker is killed), and the timed-out read is not re-sent', async () => {
    const { sup, log } = make('hang:balance', { timeouts: { balance: 300 } });
    await sup.start();
    const spare = await spareReady(sup);
    const err = (await rejectionOf(sup.request('balance'))) as { code: string };
    expect(err.code).to.equal('worker_timeout');
    const pong = (await sup.request('ping')) as { pid: number };
    expect(pong.pid).to.equal(spare);
    expect(requestsSeen(log, 'balance')).to.equal(1);
  });

  it('reports an order whose worker died after submitting as unknown and never sends it to the spare', async () => {
    const { sup, log } = make('submit-crash');
    await sup.start();
    const spare = await spareReady(sup);
    const err = (await rejectionOf(sup.request('order', { side: 'buy', code: '600160', amount: 100 }))) as { code: string };
    expect(err.code).to.equal('outcome_unknown');
    const pong = (await sup.request('ping')) as { pid: number };
    expect(pong.pid).to.equal(spare);
    expect(requestsSeen(log, 'order')).to.equal(1);
  });

  it('still stops at the crash-loop guard: every spare promoted, then failed', async () => {
    const { sup } = make('crash:balance', { crashLoopCount: 3, failedRetryMs: 60_000 });
    await sup.start();
    for (let i = 0; i < 3; i++) {
      await spareReady(sup);
      const err = (await rejectionOf(sup.request('balance'))) as { code: string };
      expect(err.code).to.equal('worker_crashed');
    }
    await waitFor(() => sup.status === 'failed', 5000, 'the bridge did not enter failed');
    expect(sup.health().lastError?.message).to.match(/crashed 3 times/);
  });

  it('gives up on a spare that keeps crashing, and a killed worker is then restarted cold', async () => {
    const { sup } = make('standby-crash');
    await sup.start();
    await waitFor(() => sup.health().standby?.state === 'failed', 5000, 'the spare was not given up on');
    expect(sup.health().standby?.lastError?.message).to.contain('exited (code 1');
    const first = sup.health().pid ?? -1;
    process.kill(first, 'SIGKILL');
    await waitFor(() => sup.health().pid !== first, 5000, 'the kill was not noticed');
    const pong = (await sup.request('ping')) as { pid: number };
    expect(pong.pid).to.not.equal(first);
    expect(sup.health().standby?.promotions).to.equal(0);
  });

  it('refuses a spare of another release (its standby line names another script version)', async () => {
    const { sup } = make('commands:balance+ping,standby-version:9', { expect: { commands: ['balance', 'ping'], scriptVersion: '0' } });
    await sup.start();
    expect(sup.status).to.equal('ready');
    await waitFor(() => sup.health().standby?.state === 'failed', 5000, 'the spare of another release was not refused');
    expect(sup.health().standby?.lastError?.message).to.contain('script version 9');
  });

  it('ends the spare on stop, and runs without one when standby is off', async () => {
    const { sup } = make('');
    await sup.start();
    const spare = await spareReady(sup);
    await sup.stop(500);
    await waitFor(() => !alive(spare), 3000, 'the spare outlived the stop');
    const off = make('', { standby: false }).sup;
    await off.start();
    expect(off.health().standby).to.equal(null);
  });
});
