// standby.test.ts - the standby worker end to end (--standby on): a spare waits beside the worker, takes over when the
// worker is killed, answers from the account as it is now (an order placed just before the kill included), and a new
// spare follows; /health shows both. A server killed outright leaves neither process behind.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, simOnly, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { until } from '../helpers/until.ts';

interface StandbyHealth { enabled: boolean; state: string; pid: number | null; promotions: number }

interface WorkerHealth { pid: number; state: string; restarts: number; standby: StandbyHealth | null }

async function worker(s: ServerProcess): Promise<WorkerHealth> {
  return ((await s.get('/health')).body['message'] as { worker: WorkerHealth }).worker;
}

/** The spare's pid once it waits (bounded: under Wine a PowerShell start takes several seconds). */
async function spareReady(s: ServerProcess): Promise<number> {
  return until('the standby worker to be ready', async () => {
    const sb = (await worker(s)).standby;
    return sb?.state === 'ready' && sb.pid !== null ? sb.pid : undefined;
  }, 90_000);
}

for (const backend of e2eBackends()) describe(`e2e/standby [${backend}]: the spare worker takes over a killed one`, function () {
  this.timeout(240_000);
  after(cleanupBackends);
  // How a process ends at end of input is the worker's own code on both backends; the Wine case would cost a server
  // start for no other path (docs/testing.md, "Both backends").
  const onSim = simOnly(backend);

  it('serves the next /balance from the spare after a SIGKILL, with the order placed just before, and starts a new spare', async () => {
    const s = await startServerProcess({ backend, args: ['--standby', 'on'] });
    try {
      const spare = await spareReady(s);
      const first = (await worker(s)).pid;
      expect(spare).to.not.equal(first);
      const buy = await s.get('/buy?stock_code=600160&price=21.21&amount=100');
      expect(buy.body).to.include({ status: 1 });
      const before = (await s.get('/balance')).body['message'] as Record<string, string>;
      process.kill(first, 'SIGKILL');
      await until('the kill to be noticed', async () => ((await worker(s)).pid !== first ? true : undefined), 20_000);
      const after = await s.get('/balance');
      expect(after.body['status']).to.equal(1);
      // The spare started its port only now: it reads the account as the killed worker left it, not as it was when
      // the spare was started (the simulated client's state file, or the double's live model under Wine).
      expect(after.body['message']).to.deep.equal(before);
      const orders = (await s.get('/orders')).body['message'] as Array<Record<string, string>>;
      expect(orders.map((o) => o['合同编号'])).to.include(String(buy.body['entrust_no']));
      const w = await worker(s);
      expect(w.pid).to.equal(spare);
      expect(w.restarts).to.equal(1);
      expect(w.standby?.promotions).to.equal(1);
      const next = await spareReady(s);
      expect(next).to.not.equal(spare).and.not.equal(first);
    } finally {
      await s.stop();
    }
  });

  onSim('leaves no spare and no worker behind when the server is killed outright (their input closes, they exit)', async () => {
    const s = await startServerProcess({ backend, args: ['--standby', 'on'] });
    const spare = await spareReady(s);
    const active = (await worker(s)).pid;
    await s.stop('SIGKILL');
    for (const pid of [spare, active]) {
      await until(`process ${pid} to exit`, () => {
        try {
          process.kill(pid, 0);
          return undefined;
        } catch {
          return true;
        }
      }, 20_000);
    }
  });
});
