// buy.ts - item 3: a buy through HTTP end to end, split into HTTP, queue, pipe, worker and simulated UI waits, with
// the simulated client's delays at zero and at realistic values (bench/state.ts), at a long-lived worker's pace
// (pace.ts), and a fresh worker's first buys beside.
import { randomUUID } from 'node:crypto';
import { startChild } from './servers.ts';
import { postJson, poster, warmToPace } from './pace.ts';
import { freshState, REALISTIC_DELAYS, ZERO_DELAYS, type SimDelays } from './state.ts';
import { summarize, type Summary } from './stats.ts';

/** Buys timed per delay setting (sequential, concurrency 1), at a long-lived worker's pace and after a few warm-up buys. */
export const BUY_COUNT = { zero: 60, realistic: 40 } as const;
/** A fresh worker's first buys, timed end to end before the warm-up: what a trader sees after a start. */
export const FRESH_BUYS = 10;
const BUY_WARMUP = 5;
/** One buy answered within this (the bridge's order deadline is 30 s). */
const BUY_TIMEOUT_MS = 35_000;

export interface BuySplit {
  delays: SimDelays;
  succeeded: number;
  /** A fresh worker's first FRESH_BUYS buys, end to end (the rows below follow the warm-up, pace.ts). */
  fresh: Summary;
  total: Summary;
  /** HTTP server and client: parsing, validation, risk checks, reply, loopback (total minus the bridge). */
  http: Summary;
  /** Waiting in the bridge's queue for the worker. */
  queue: Summary;
  /** Pipes both ways and the worker's line handling outside the command (JSON in and out). */
  pipe: Summary;
  /** The order automation and the simulated client's model, in PowerShell, minus the waits. */
  /** The journal's read of today's orders before the order (bridge-held time of that `orders` command). */
  snapshot: Summary;
  /** The worker's time awake (port calls + its own PowerShell). */
  worker: Summary;
  /** Of which inside window-port calls (the simulated client's model behind the port). */
  port: Summary;
  /** Of which the worker's own PowerShell (outside port calls and waits). */
  own: Summary;
  /** Polling sleeps while the simulated client shows pages, fills labels and opens popups. */
  uiWaits: Summary;
}

async function buys(pwsh: string, delays: SimDelays, count: number): Promise<BuySplit> {
  const child = await startChild({ mode: 'full', timed: true, logLevel: 'info', powershell: pwsh, statePath: freshState(delays, true), balanceResult: null, balanceBody: '' });
  try {
    let n = 0;
    const run = randomUUID(); // keys of a day are unique in the journal, across runs too
    // Each buy is a new order: its own idempotency key (identical keyless buys would be refused as duplicates).
    const order = (): Record<string, unknown> => ({ stock_code: '600160', price: '23.00', amount: 100, client_order_id: `bench-${run}-${n++}` });
    const buy = async (): Promise<{ ms: number; ok: boolean }> => {
      const t = performance.now();
      const { ok } = await postJson(child.url, '/buy', order(), BUY_TIMEOUT_MS);
      return { ms: performance.now() - t, ok };
    };
    const fresh: number[] = [];
    for (let i = 0; i < FRESH_BUYS; i++) fresh.push((await buy()).ms);
    await warmToPace(poster(child.url, BUY_TIMEOUT_MS), order);
    for (let i = 0; i < BUY_WARMUP; i++) await buy();
    await child.timings();
    const results: Array<{ ms: number; ok: boolean }> = [];
    for (let i = 0; i < count; i++) results.push(await buy());
    const all = await child.timings();
    const t = all.filter((x) => x.cmd === 'order');
    if (t.length !== results.length) throw new Error(`expected ${results.length} order timings, got ${t.length}`);
    // Before each order the journal takes a snapshot of today's orders (journal/gate.ts; what reconciliation and the
    // quick-trade confirmation compare with): one `orders` read per buy.
    // The order watcher (resting orders) reads orders too: each buy's snapshot is the last read settled before it.
    const reads = all.filter((x) => x.cmd === 'orders' && x.settled !== undefined);
    const snap = t.map((o) => reads.filter((r) => r.settled! <= o.start).at(-1));
    if (snap.some((s) => s === undefined)) throw new Error('a buy without a snapshot read of today\'s orders before it');
    const held = (x: (typeof all)[number]): number => x.settled! - x.start;
    const part = (f: (i: number) => number): Summary => summarize(results.map((_, i) => f(i)));
    const x = (i: number): Required<(typeof t)[number]> => t[i] as Required<(typeof t)[number]>;
    return {
      delays,
      succeeded: results.filter((r) => r.ok).length,
      fresh: summarize(fresh),
      total: part((i) => results[i]!.ms),
      http: part((i) => results[i]!.ms - (x(i).settled - x(i).start) - held(snap[i]!)),
      snapshot: part((i) => held(snap[i]!)),
      queue: part((i) => x(i).written - x(i).start),
      pipe: part((i) => x(i).replied - x(i).written - x(i).workerMs),
      worker: part((i) => x(i).workerMs - x(i).waitMs),
      port: part((i) => x(i).portMs),
      own: part((i) => x(i).ownMs),
      uiWaits: part((i) => x(i).waitMs),
    };
  } finally {
    await child.stop();
  }
}

/** Runs item 3 at zero and at realistic delays. */
export async function buy(pwsh: string): Promise<{ zero: BuySplit; realistic: BuySplit }> {
  return { zero: await buys(pwsh, ZERO_DELAYS, BUY_COUNT.zero), realistic: await buys(pwsh, REALISTIC_DELAYS, BUY_COUNT.realistic) };
}
