// memory.ts - item 5: server and worker RSS before and after 10,000 requests (GET /balance through HTTP).
import { loadCount } from './load.ts';
import { groupRssMiB, rssMiB } from './procs.ts';
import { startChild } from './servers.ts';

export const MEMORY_REQUESTS = 10_000;
const WARMUP = 300;
/** Concurrency of the memory run: the queue stays busy so the run is as short as the worker allows. */
const CONNECTIONS = 8;

export interface MemorySample {
  after: number;
  serverRssMiB: number | null;
  serverHeapUsedMiB: number;
  workerRssMiB: number | null;
}

export interface MemoryResult {
  samples: MemorySample[];
  errors: number;
  seconds: number;
  serverGrowthMiB: number | null;
  workerGrowthMiB: number | null;
  /** The standby worker's RSS (its process group) at the end: what --standby on costs. */
  standbyRssMiB: number | null;
}

const mib = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

/** Runs item 5 on a zero-delay state: samples after a warm-up, half way, and at the end (after a GC in the server). */
export async function memory(pwsh: string, statePath: string): Promise<MemoryResult> {
  const s = await startChild({ mode: 'full', logLevel: 'info', powershell: pwsh, statePath, balanceResult: null, balanceBody: '' });
  try {
    const sample = async (after: number): Promise<MemorySample> => {
      await s.drained();
      const m = await s.gc();
      const h = await s.health();
      return { after, serverRssMiB: rssMiB(s.pid), serverHeapUsedMiB: mib(m.heapUsed), workerRssMiB: h?.pid ? (groupRssMiB(h.pid)?.mib ?? null) : null };
    };
    await loadCount(s.url + '/balance', CONNECTIONS, WARMUP);
    const samples = [await sample(0)];
    let errors = 0;
    let seconds = 0;
    for (const half of [MEMORY_REQUESTS / 2, MEMORY_REQUESTS / 2]) {
      const r = await loadCount(s.url + '/balance', CONNECTIONS, half);
      errors += r.errors + r.non2xx;
      seconds += r.seconds;
      samples.push(await sample(samples[samples.length - 1]!.after + half));
    }
    const first = samples[0]!;
    const last = samples[samples.length - 1]!;
    const growth = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : Math.round((b - a) * 10) / 10);
    const spare = (await s.health())?.standby?.pid;
    const standbyRssMiB = spare ? (groupRssMiB(spare)?.mib ?? null) : null;
    return { samples, errors, seconds, serverGrowthMiB: growth(first.serverRssMiB, last.serverRssMiB), workerGrowthMiB: growth(first.workerRssMiB, last.workerRssMiB), standbyRssMiB };
  } finally {
    await s.stop();
  }
}
