// balance.ts - item 2: GET /balance under load (concurrency 1, 8, 32) beside its floors, and where the time goes,
// layer by layer: bare node:http, the Express app over a bridge answering from memory (with and without per-request
// logging), the real bridge over a bare Node worker, and the real server with PowerShell.
import { ORDER_PARAMS } from '../src/core/order.ts';
import { load, type LoadResult } from './load.ts';
import { startChild } from './servers.ts';
import { summarize, type Summary } from './stats.ts';

export const CONCURRENCY = [1, 8, 32] as const;
/** Each load run on the real server lasts this long (s); the floors and layers are quicker to measure. */
export const FULL_SECONDS = 5;
export const FLOOR_SECONDS = 3;
const VALIDATION_COUNT = 20_000;
/** A fresh worker's first reads, timed one at a time before any warm-up: what the trader sees after a (re)start. */
export const FIRST_READS = 100;
/** Then the real server is warmed this long at c=1 (s): the runs below measure a long-lived worker's pace, which a
 * fresh worker reaches after a few hundred commands (PowerShell and .NET compile its code as it runs). */
export const WARMUP_SECONDS = 4;

export interface BalanceResult {
  body: string;
  full: LoadResult[];
  /** The real server's first FIRST_READS /balance after its start, sequential (ms each). */
  firstReads: Summary;
  bare: LoadResult[];
  layers: { stub: LoadResult; stubDebugLog: LoadResult; nodeWorker: LoadResult };
  /** The real server at concurrency 1: per request, how long the bridge held it (queue + pipe + worker). */
  bridgeAtC1: { bridge: Summary; queue: Summary; pipeAndWorker: Summary };
  /** zod parse of the order parameters (the validation /buy and /sell do), per call. */
  orderValidation: Summary;
}

/** The server's count of requests answered by another identical queued read (src/bridge/read-merge.ts). */
async function mergedReads(url: string): Promise<number> {
  const h = (await (await fetch(url + '/health')).json()) as { message?: { worker?: { mergedReads?: number } } };
  return h.message?.worker?.mergedReads ?? 0;
}

function validationCost(): Summary {
  const raw = { stock_code: 'sh600160', price: '21.21', amount: '100' };
  for (let i = 0; i < 2000; i++) ORDER_PARAMS.buy.safeParse(raw);
  const out: number[] = [];
  for (let i = 0; i < VALIDATION_COUNT; i++) {
    const t = performance.now();
    ORDER_PARAMS.buy.safeParse(raw);
    out.push(performance.now() - t);
  }
  return summarize(out);
}

/** Runs item 2; `statePath` is a zero-delay state, `balanceResult` the worker's balance result for the floors. */
export async function balance(pwsh: string, statePath: string, balanceResult: unknown): Promise<BalanceResult> {
  const base = { balanceResult, balanceBody: '', powershell: pwsh, statePath };
  const full = await startChild({ ...base, mode: 'full', logLevel: 'info' });
  const body = await (await fetch(full.url + '/balance')).text();
  const fullRuns: LoadResult[] = [];
  let bridgeAtC1: BalanceResult['bridgeAtC1'] | undefined;
  const first: number[] = [];
  try {
    for (let i = 0; i < FIRST_READS; i++) {
      const t = performance.now();
      const r = await fetch(full.url + '/balance');
      await r.arrayBuffer();
      if (!r.ok) throw new Error(`GET /balance answered ${r.status} during the first reads`);
      first.push(performance.now() - t);
    }
    await load(full.url + '/balance', 1, WARMUP_SECONDS); // warm-up (JIT in Node and PowerShell)
    for (const c of CONCURRENCY) {
      // autocannon stops with requests outstanding; the bridge still runs them (it does not drop a queued command
      // whose client went away), so let the queue empty before the next run.
      await full.drained();
      await full.timings(); // drop the warm-up's
      const mergedBefore = await mergedReads(full.url);
      const run = await load(full.url + '/balance', c, FULL_SECONDS);
      await full.drained();
      fullRuns.push({ ...run, merged: (await mergedReads(full.url)) - mergedBefore });
      if (c === 1) {
        const t = (await full.timings()).filter((x) => x.cmd === 'balance' && x.ok && x.written && x.replied && x.settled);
        bridgeAtC1 = {
          bridge: summarize(t.map((x) => x.settled! - x.start)),
          queue: summarize(t.map((x) => x.written! - x.start)),
          pipeAndWorker: summarize(t.map((x) => x.replied! - x.written!)),
        };
      }
    }
  } finally {
    await full.stop();
  }

  const floors = { ...base, balanceBody: body };
  const bare = await startChild({ ...floors, mode: 'bare', logLevel: 'silent' });
  const bareRuns: LoadResult[] = [];
  try {
    for (const c of CONCURRENCY) bareRuns.push(await load(bare.url + '/balance', c, FLOOR_SECONDS));
  } finally {
    await bare.stop();
  }
  const layer = async (mode: 'stub' | 'node', logLevel: string): Promise<LoadResult> => {
    const s = await startChild({ ...floors, mode, logLevel });
    try {
      await load(s.url + '/balance', 1, 1); // warm-up
      return await load(s.url + '/balance', 1, FLOOR_SECONDS);
    } finally {
      await s.stop();
    }
  };
  const layers = { stub: await layer('stub', 'silent'), stubDebugLog: await layer('stub', 'debug'), nodeWorker: await layer('node', 'info') };
  return { body, full: fullRuns, firstReads: summarize(first), bare: bareRuns, layers, bridgeAtC1: bridgeAtC1!, orderValidation: validationCost() };
}
