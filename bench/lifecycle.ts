// lifecycle.ts - item 4: cold start to `ready` (the worker alone, and the whole server process), how long after a
// SIGKILL of the worker the next request is answered (with the standby worker, and without: a cold restart), and the
// standby's own start.
import { workerArgs } from '../src/app/server.ts';
import { startBridge } from './roundtrip.ts';
import { startChild, type ServerChild } from './servers.ts';
import { delay, summarize, type Summary } from './stats.ts';

/**
 * Cold starts timed; kills (fewer than the crash-loop count of 5, so the bridge keeps restarting). Without the standby
 * the bridge waits RESTART_BACKOFF_MS before each restart: 0, 250 and 1,000 ms for the 1st, 2nd and 3rd exit within
 * CRASH_LOOP_WINDOW_MS, so kills 2 and 3 include that wait (recoveryColdEach keeps each kill's time, in order).
 */
export const COLD_STARTS = 3;
export const KILLS = 3;
/** After a kill, give up waiting for an answer after this long. */
const RECOVERY_LIMIT_MS = 30_000;
/** Between tries while the worker restarts. */
const RETRY_MS = 10;
/** After a kill, the new spare has this long to be ready before the next kill. */
const SPARE_READY_MS = 30_000;

export interface LifecycleResult {
  /** WorkerSupervisor.start(): spawn PowerShell -> its `ready` line. */
  workerColdStart: Summary;
  /** Forking a server process -> listening with its worker ready. */
  serverColdStart: Summary;
  /** SIGKILL of the worker's process group -> the first 200 answer to GET /balance, with the standby worker (default). */
  recoveryAfterKill: Summary;
  /** Requests answered with an error (503) in that time, per kill. */
  failedDuringRecovery: number[];
  /** The same with --standby off: a cold restart of PowerShell. */
  recoveryColdAfterKill: Summary;
  /** Each kill's time to the next answer with --standby off, in order (the restart backoff grows with each). */
  recoveryColdEach: number[];
  failedDuringColdRecovery: number[];
  /** The spare's spawn -> standby line, for each spare started after a kill. */
  standbyStart: Summary;
}

async function recoverOnce(url: string, kill: () => Promise<void>): Promise<{ ms: number; failed: number }> {
  await kill();
  const t = performance.now();
  let failed = 0;
  while (performance.now() - t < RECOVERY_LIMIT_MS) {
    const r = await fetch(url + '/balance', { signal: AbortSignal.timeout(RECOVERY_LIMIT_MS) }).catch(() => undefined);
    if (r) await r.arrayBuffer();
    if (r?.status === 200) return { ms: performance.now() - t, failed };
    failed++;
    await delay(RETRY_MS);
  }
  throw new Error(`no answer within ${RECOVERY_LIMIT_MS} ms after killing the worker`);
}

/** Waits (bounded) until the server's spare is ready again; returns its spawn -> standby line time. */
async function spareReady(s: ServerChild): Promise<number> {
  const end = Date.now() + SPARE_READY_MS;
  for (;;) {
    const h = await s.health();
    if (h?.standby?.state === 'ready' && h.standby.startMs !== null) return h.standby.startMs;
    if (Date.now() > end) throw new Error(`the standby worker was not ready ${SPARE_READY_MS} ms after a kill: ${JSON.stringify(h?.standby)}`);
    await delay(50);
  }
}

/**
 * `kills` kills of the worker of a server started with or without the standby; the times to the next answer. win32:
 * the worker runs under Wine (pwsh = the wrapper) against the double, whose controller the caller started.
 */
export async function recoveries(pwsh: string, statePath: string | undefined, standby: boolean, backend: 'sim' | 'win32' = 'sim', kills = KILLS): Promise<{ recovery: number[]; failed: number[]; spareStart: number[] }> {
  const s = await startChild({ mode: 'full', logLevel: 'info', powershell: pwsh, statePath, balanceResult: null, balanceBody: '', standby, backend });
  const recovery: number[] = [];
  const failed: number[] = [];
  const spareStart: number[] = [];
  try {
    await (await fetch(s.url + '/balance')).arrayBuffer();
    for (let k = 0; k < kills; k++) {
      const r = await recoverOnce(s.url, async () => {
        const h = await s.health();
        if (!h?.pid) throw new Error('no worker pid to kill');
        process.kill(-h.pid, 'SIGKILL');
      });
      recovery.push(r.ms);
      failed.push(r.failed);
      if (standby) spareStart.push(await spareReady(s));
      await delay(200);
    }
  } finally {
    await s.stop();
  }
  return { recovery, failed, spareStart };
}

/** Runs item 4 on a zero-delay state. */
export async function lifecycle(pwsh: string, statePath: string): Promise<LifecycleResult> {
  const worker: number[] = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    const t = performance.now();
    const b = await startBridge(pwsh, workerArgs({ backend: 'sim', simState: statePath }));
    worker.push(performance.now() - t);
    await b.stop();
  }
  const server: number[] = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    const t = performance.now();
    const s = await startChild({ mode: 'full', logLevel: 'info', powershell: pwsh, statePath, balanceResult: null, balanceBody: '', standby: false });
    server.push(performance.now() - t);
    await s.stop();
  }
  const warm = await recoveries(pwsh, statePath, true);
  const cold = await recoveries(pwsh, statePath, false);
  return {
    workerColdStart: summarize(worker), serverColdStart: summarize(server),
    recoveryAfterKill: summarize(warm.recovery), failedDuringRecovery: warm.failed,
    recoveryColdAfterKill: summarize(cold.recovery), recoveryColdEach: cold.recovery, failedDuringColdRecovery: cold.failed,
    standbyStart: summarize(warm.spareStart),
  };
}
