// win32.ts - item 7: the same worker through user32 under Wine, driving the Win32 double (rig/win32): cold start to
// ready, the per-command split of item 6 (the time inside user32 calls is Wine plus the double's message handling;
// the model behind the double runs in its controller), and recovery after a SIGKILL with the standby worker. Skipped,
// with the reason, where the Wine rig cannot run.
import { workerArgs } from '../src/app/server.ts';
import { killWineServer, runSetup, startController, win32SkipReason, WRAPPER } from '../rig/win32/bench.ts';
import { inside, type CommandSplit } from './inside.ts';
import { recoveries } from './lifecycle.ts';
import { track } from './procs.ts';
import { startBridge } from './roundtrip.ts';
import { freshState, ZERO_DELAYS } from './state.ts';
import { summarize, type Summary } from './stats.ts';

/** Cold starts and kills under Wine (each PowerShell start there takes seconds). */
export const WIN32_COLD_STARTS = 2;
export const WIN32_KILLS = 2;

export interface Win32Result {
  /** Why item 7 did not run (null when it did). */
  skipped: string | null;
  /** WorkerSupervisor.start() of a Win32 worker under Wine: spawn -> ready. */
  coldStart: Summary | null;
  inside: Record<string, CommandSplit> | null;
  /** SIGKILL of the worker -> next /balance answered, with the standby worker. */
  recovery: Summary | null;
  standbyStart: Summary | null;
}

/** Runs item 7 on a zero-delay account shown by the double. */
export async function win32(): Promise<Win32Result> {
  const reason = win32SkipReason();
  if (reason !== null) return { skipped: reason, coldStart: null, inside: null, recovery: null, standbyStart: null };
  await runSetup();
  const controller = (await startController(freshState(ZERO_DELAYS, true))).proc;
  const stop = track(async () => {
    await controller.stop();
    await killWineServer();
  });
  try {
    const cold: number[] = [];
    for (let i = 0; i < WIN32_COLD_STARTS; i++) {
      const t = performance.now();
      const b = await startBridge(WRAPPER, workerArgs({ backend: 'win32', simState: '' }));
      cold.push(performance.now() - t);
      await b.stop();
    }
    const split = await inside({ backend: 'win32', powershell: WRAPPER });
    const r = await recoveries(WRAPPER, undefined, true, 'win32', WIN32_KILLS);
    return { skipped: null, coldStart: summarize(cold), inside: split, recovery: summarize(r.recovery), standbyStart: summarize(r.spareStart) };
  } finally {
    await stop();
  }
}
