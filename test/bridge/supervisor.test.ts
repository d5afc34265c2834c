import { expect } from 'chai';
import { BridgeError } from '../../src/bridge/bridge-error.ts';
import type { SupervisorOptions, WorkerSupervisor } from '../../src/bridge/supervisor.ts';
import { fakeSupervisor as supervisor, requestsSeen, alive } from './fake-worker.ts';

async function rejection(p: Promise<unknown>): Promise<BridgeError> {
  try {
    await p;
  } catch (err) {
    expect(err).to.be.instanceOf(BridgeError);
    return err as BridgeError;
  }
  throw new Error('expected the request to fail');
}


async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('bridge/supervisor', () => {
  const started: WorkerSupervisor[] = [];
  const make = (modes: string, extra: Partial<SupervisorOptions> = {}): { sup: WorkerSupervisor; log: string } => {
    const s = supervisor(modes, extra);
    started.push(s.sup);
    return s;
  };
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop(500);
  });

  it('answers commands from a ready worker and reports its versions in health', async () => {
    const { sup } = make('');
    await sup.start();
    expect(sup.status).to.equal('ready');
    const r = await sup.request('balance');
    expect(r).to.deep.equal({ entries: [['资金余额', '1.00'], ['可用金额', '2.00']] });
    const h = sup.health();
    expect(h.psVersion).to.equal('0.0-fixture');
    expect(h.windowFound).to.equal(true);
    expect(h.pid).to.be.a('number');
  });

  it('restarts the worker after a command times out, and the next command succeeds', async () => {
    const { sup } = make('hang:balance', { timeouts: { balance: 300 } });
    await sup.start();
    const pid1 = sup.health().pid;
    const err = await rejection(sup.request('balance'));
    expect(err.code).to.equal('worker_timeout');
    expect(err.reason).to.equal('timeout');
    expect(err.http).to.equal(504);
    expect(await sup.request('ping')).to.have.property('pong', true);
    expect(sup.health().pid).to.not.equal(pid1);
    expect(sup.health().restarts).to.equal(1);
    expect(sup.health().lastError?.message).to.contain('timed out');
  });

  it('fails a command whose worker crashes mid-command, then serves the next one', async () => {
    const { sup } = make('crash:balance');
    await sup.start();
    const err = await rejection(sup.request('balance'));
    expect(err.code).to.equal('worker_crashed');
    expect(err.reason).to.equal('exited');
    expect(err.exitCode).to.equal(1);
    expect(await sup.request('ping')).to.have.property('pong', true);
  });

  it('answers outcome_unknown when the worker dies after submitting an order, and never re-sends it', async () => {
    const { sup, log } = make('submit-crash');
    await sup.start();
    const err = await rejection(sup.request('order', { side: 'buy', code: '600160', amount: 100 }));
    expect(err.code).to.equal('outcome_unknown');
    expect(err.http).to.equal(504);
    expect(err.submitted).to.equal(true);
    expect(await sup.request('ping')).to.have.property('pong', true);
    expect(requestsSeen(log, 'order')).to.equal(1);
  });

  it('answers outcome_unknown when an order hangs after submitting, kills the worker, and never re-sends it', async () => {
    const { sup, log } = make('submit-hang', { timeouts: { order: 300 } });
    await sup.start();
    const err = await rejection(sup.request('order', { side: 'sell', code: '600160', amount: 100 }));
    expect(err.code).to.equal('outcome_unknown');
    expect(err.reason).to.equal('timeout');
    expect(await sup.request('ping')).to.have.property('pong', true);
    expect(requestsSeen(log, 'order')).to.equal(1);
  });

  it('says an order was not sent when the worker dies before submitting it', async () => {
    const { sup, log } = make('crash:order');
    await sup.start();
    const err = await rejection(sup.request('order', { side: 'buy', code: '600160', amount: 100 }));
    expect(err.code).to.equal('worker_crashed');
    expect(err.submitted).to.equal(false);
    expect(err.message).to.contain('委托没有发出');
    expect(await sup.request('ping')).to.have.property('pong', true);
    expect(requestsSeen(log, 'order')).to.equal(1);
  });

  it('ignores non-protocol lines and replies for no request, and still matches replies', async () => {
    const { sup } = make('garbage');
    await sup.start();
    for (let i = 0; i < 5; i++) expect(await sup.request('ping')).to.have.property('pong', true);
    expect(await sup.request('balance')).to.have.property('entries');
  });

  it('queues requests made while the worker is still starting and serves them once it is ready', async () => {
    const { sup } = make('slow-start:400');
    void sup.start();
    expect(sup.status).to.equal('starting');
    const r = await sup.request('ping');
    expect(r).to.have.property('pong', true);
  });

  it('enters failed with the worker\'s reason when it reports failed, and refuses requests with 503', async () => {
    const { sup } = make('fail-start', { failedRetryMs: 60_000 });
    await sup.start();
    expect(sup.status).to.equal('failed');
    expect(sup.health().lastError?.message).to.contain('fixture refuses to start');
    const err = await rejection(sup.request('ping'));
    expect(err.code).to.equal('worker_failed');
    expect(err.http).to.equal(503);
    expect(err.message).to.contain('fixture refuses to start');
  });

  it('tries a worker that reported failed again after failedRetryMs (it may start once the cause is gone)', async () => {
    const { sup, log } = make('fail-start', { failedRetryMs: 200 });
    await sup.start();
    expect(sup.status).to.equal('failed');
    await waitFor(() => sup.health().restarts >= 2, 3000);
    await waitFor(() => sup.status === 'failed', 3000);
    expect(sup.health().lastError?.message).to.contain('fixture refuses to start');
    expect(requestsSeen(log, 'ping')).to.equal(0);
  });

  it('stops restarting after a crash loop, then tries again later', async () => {
    const { sup } = make('crash-start', { crashLoopCount: 3, failedRetryMs: 300 });
    await sup.start();
    await waitFor(() => sup.status === 'failed');
    expect(sup.health().lastError?.message).to.match(/crashed 3 times/);
    await waitFor(() => sup.health().restarts >= 3, 3000);
  });

  it('kills a worker that never prints its ready line, and restarts it', async () => {
    const { sup } = make('no-ready', { readyTimeoutMs: 300, crashLoopCount: 10 });
    void sup.start();
    await waitFor(() => sup.health().restarts >= 1, 3000);
    expect(sup.health().lastError?.message).to.match(/exited|ready line/);
  });

  it('refuses with queue_full when the queue is at its limit', async () => {
    const { sup } = make('hang:balance', { queueLimit: 1, timeouts: { balance: 2000 } });
    await sup.start();
    const first = sup.request('balance');
    const second = sup.request('ping');
    const err = await rejection(sup.request('ping'));
    expect(err.code).to.equal('queue_full');
    expect(err.http).to.equal(503);
    await rejection(first);
    expect(await second).to.have.property('pong', true);
  });

  it('finishes the command in flight on stop, then the worker exits', async () => {
    const { sup } = make('delay:300');
    await sup.start();
    const pid = sup.health().pid!;
    const inFlight = sup.request('balance');
    await new Promise((r) => setTimeout(r, 50));
    await sup.stop(3000);
    expect(await inFlight).to.have.property('entries');
    expect(sup.status).to.equal('stopped');
    await waitFor(() => !alive(pid), 2000);
    const err = await rejection(sup.request('ping'));
    expect(err.code).to.equal('shutting_down');
  });

  it('kills the worker\'s whole process tree on a timeout', async function () {
    if (process.platform === 'win32') this.skip();
    const { sup } = make('grandchild,hang:balance', { timeouts: { balance: 300 } });
    await sup.start();
    // The fixture's grandchild is in the worker's process group: find it through the process table.
    const workerPid = sup.health().pid!;
    const { execSync } = await import('node:child_process');
    const children = (): number[] => execSync(`ps -o pid= --ppid ${workerPid} || true`, { encoding: 'utf8' }).split('\n').map((s) => Number(s.trim())).filter(Boolean);
    await waitFor(() => children().length > 0);
    const grandchild = children()[0]!;
    await rejection(sup.request('balance'));
    await waitFor(() => !alive(grandchild), 3000);
  });
});
