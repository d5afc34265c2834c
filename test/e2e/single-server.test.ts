// One server per data dir, and no worker left behind, with real processes: a second server on a data dir in use
// stops at startup with who holds it; a server SIGKILLed while its worker was paused right before a submit click
// leaves that worker running, and the next server on the data dir ends it before its own worker drives the client.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { processAlive } from '../../src/bridge/worker-pidfile.ts';
import { ROOT, pwshPath } from '../helpers/pwsh.ts';
import { cleanupBackends, e2eBackends, freshState, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { until } from '../helpers/until.ts';

const newDataDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'ths-data-'));
const form = (o: Record<string, string>): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(o).toString() });

/** Waits until `probe` holds. */
async function untilTrue(what: string, probe: () => boolean, ms: number): Promise<void> {
  await until(what, () => (probe() ? true : undefined), ms);
}

/** The index of the first JSON log line whose msg is `msg` (-1 when none). */
function logIndex(s: ServerProcess, msg: string): number {
  return s.logs.findIndex((l) => {
    try {
      return (JSON.parse(l) as { msg?: unknown }).msg === msg;
    } catch {
      return false;
    }
  });
}

// Only the simulated backend: the Wine rig runs one client double at a time, and these are process tests.
for (const backend of e2eBackends().filter((b) => b === 'sim')) describe(`e2e/single-server [${backend}]: one server per data dir, no worker left behind`, function () {
  this.timeout(180_000);
  after(cleanupBackends);

  it('refuses a second server on a data dir in use: it exits non-zero naming the first one\'s pid, and the first keeps its worker', async () => {
    const statePath = freshState();
    const dataDir = newDataDir();
    const first = await startServerProcess({ statePath, backend, args: ['--data-dir', dataDir] });
    try {
      const worker = await first.workerPid();
      const port = new URL(first.url).port;
      const second = await execa(process.execPath, ['src/main.ts', '--port', '0', '--backend', 'sim', '--sim-state', statePath, '--data-dir', dataDir], {
        cwd: ROOT, env: { THS_POWERSHELL: pwshPath() }, reject: false, stdin: 'ignore', timeout: 30_000,
      });
      expect(second.exitCode).to.equal(1);
      expect(second.stderr).to.match(/^数据目录 /);
      expect(second.stderr).to.contain(`pid ${first.pid}`).and.contain(`端口 ${port}`).and.contain('--data-dir');
      expect(await first.workerPid(), 'the first server\'s worker is untouched').to.equal(worker);
      expect((await first.get('/balance')).body['status']).to.equal(1);
      expect(JSON.parse(readFileSync(path.join(dataDir, 'server.lock'), 'utf8'))).to.include({ pid: first.pid, port: Number(port) });
    } finally {
      await first.stop();
    }
    expect(existsSync(path.join(dataDir, 'server.lock')), 'released on a graceful stop').to.equal(false);
  });

  it('ends the worker a SIGKILLed server left paused before its submit click, before the next server\'s worker is ready; the order never reaches the client', async () => {
    const statePath = freshState();
    const dataDir = newDataDir();
    const first = await startServerProcess({ statePath, backend, args: ['--data-dir', dataDir], env: { THS_TEST_PAUSE_AT: 'submitting' } });
    const orphan = await first.workerPid();
    const pending = first.get('/buy', form({ stock_code: '600160', price: '21.21', amount: '100', client_order_id: 'orphan-1' })).catch((err: unknown) => err);
    await untilTrue('the worker to pause before its click', () => first.logs.some((l) => l.includes('paused at submitting')), 30_000);
    await first.stop('SIGKILL');
    expect(await pending).to.be.instanceOf(Error); // the connection died with the server
    expect(processAlive(orphan), 'the worker outlived its server (it would click once its pause ends)').to.equal(true);

    const next = await startServerProcess({ statePath, backend, args: ['--data-dir', dataDir] });
    try {
      expect(processAlive(orphan), 'ended by the next server').to.equal(false);
      const ended = logIndex(next, 'orphaned worker ended');
      expect(ended, 'the next server logged ending it').to.be.at.least(0);
      expect(ended, 'before its own worker was spawned').to.be.below(logIndex(next, 'worker spawned'));
      expect(next.logs.some((l) => l.includes('stale data-dir lock')), 'the dead server\'s lock was taken over').to.equal(true);
      expect(await next.workerPid()).to.not.equal(orphan);
      expect(next.state().orders, 'the click the orphan was about to make never happened').to.have.length(0);
    } finally {
      await next.stop();
    }
  });
});
