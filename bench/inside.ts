// inside.ts - item 6: inside the worker, per command, on the simulated client with zero delays: how many window-port
// calls each command makes, the time inside them (the simulated client's model, behind the port), the polling sleeps
// and the worker's own PowerShell (its reply's debug field, -ProfilePort). One request at a time, at a long-lived
// worker's pace (pace.ts: rounds of reads and buys first) and after a warm-up per command.
// Item 7 runs the same on the Win32 double under Wine (win32.ts).
import { randomUUID } from 'node:crypto';
import type { CommandTiming } from './server-child.ts';
import { startChild } from './servers.ts';
import { poster, warmToPace } from './pace.ts';
import { freshState, ZERO_DELAYS } from './state.ts';
import { summarize, type Summary } from './stats.ts';

/** Requests per command (sells are bounded by the sample's 2,400 available shares of 601212, 100 each). */
export const INSIDE_COUNT = 20;
const WARMUP = 3;
const REQUEST_TIMEOUT_MS = 30_000;

export interface CommandSplit {
  /** The HTTP route that drove it. */
  route: string;
  n: number;
  workerMs: Summary;
  portCalls: Summary;
  portMs: Summary;
  waitMs: Summary;
  ownMs: Summary;
  /** The HTTP request as the caller saw it (end to end). */
  httpMs: Summary;
}

/** Where item 6 runs: the simulated port (a state file), or user32 under Wine (the double's controller already up). */
export interface InsideTarget {
  backend: 'sim' | 'win32';
  /** The PowerShell the worker runs in (for win32: rig/win32/wine-powershell.sh). */
  powershell: string;
  /** sim: the state file (a fresh zero-delay one when omitted). */
  statePath?: string;
}

/** Runs item 6: balance, position, orders, trades, buy, sell, cancel (each cancel takes a buy placed for it). */
export async function inside(target: InsideTarget): Promise<Record<string, CommandSplit>> {
  const statePath = target.backend === 'sim' ? (target.statePath ?? freshState(ZERO_DELAYS, true)) : undefined;
  const child = await startChild({ mode: 'full', timed: true, logLevel: 'info', powershell: target.powershell, backend: target.backend, statePath, balanceResult: null, balanceBody: '' });
  const run = randomUUID();
  let n = 0;
  const http: Record<string, number[]> = {};
  const post = poster(child.url, REQUEST_TIMEOUT_MS);
  const call = async (route: string, body?: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const t0 = performance.now();
    const json = await post(route, body);
    (http[route] ??= []).push(performance.now() - t0);
    return json;
  };
  const buy = (): Record<string, unknown> => ({ stock_code: '600160', price: '23.00', amount: 100, client_order_id: `inside-${run}-${n++}` });
  const sell = (): Record<string, unknown> => ({ stock_code: '601212', price: '3.40', amount: 100, client_order_id: `inside-${run}-${n++}` });
  const steps: Array<{ cmd: string; route: string; send: () => Promise<unknown> }> = [];
  steps.push({ cmd: 'balance', route: '/balance', send: () => call('/balance') });
  steps.push({ cmd: 'position', route: '/position', send: () => call('/position') });
  steps.push({ cmd: 'orders', route: '/orders', send: () => call('/orders') });
  steps.push({ cmd: 'trades', route: '/trades', send: () => call('/trades') });
  steps.push({ cmd: 'order', route: '/buy', send: () => call('/buy', buy()) });
  steps.push({ cmd: 'order', route: '/sell', send: () => call('/sell', sell()) });
  // The cancel page filters by code, so one order is cancelled by number only while it is its code's only open one:
  // each cancel takes a buy placed just before it (the buys' timings are not the cancel's).
  steps.push({ cmd: 'cancel', route: '/cancel', send: async () => call('/cancel', { entrust_no: String((await call('/buy', buy()))['entrust_no']) }) });
  const out: Record<string, CommandSplit> = {};
  try {
    await warmToPace(call, buy);
    for (const step of steps) {
      if (step.route === '/cancel') await call('/cancel', { scope: 'all' }); // the earlier buys and sells rest: none left open
      const warm = step.route === '/sell' ? 1 : WARMUP; // sells are bounded by the shares
      for (let i = 0; i < warm; i++) await step.send();
      await child.timings();
      http[step.route] = [];
      for (let i = 0; i < INSIDE_COUNT; i++) await step.send();
      const own = http[step.route] ?? []; // a cancel's own requests (the buys placed for it count under /buy)
      const t = (await child.timings()).filter((x): x is Required<CommandTiming> => x.cmd === step.cmd && x.workerMs !== undefined);
      const of = (k: 'workerMs' | 'portCalls' | 'portMs' | 'waitMs' | 'ownMs'): Summary => summarize(t.map((x) => x[k]));
      out[step.route.slice(1)] = { route: step.route, n: t.length, workerMs: of('workerMs'), portCalls: of('portCalls'), portMs: of('portMs'), waitMs: of('waitMs'), ownMs: of('ownMs'), httpMs: summarize(own) };
    }
  } finally {
    await child.stop();
  }
  return out;
}
