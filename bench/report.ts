// report.ts - the benchmark's figures as a printed table, the targets as met / missed, and the results object.
import { RESTART_BACKOFF_MS } from '../src/bridge/commands.ts';
import type { MachineInfo } from './machine.ts';
import type { AccountsRun } from './accounts.ts';
import type { RoundTripResult } from './roundtrip.ts';
import { WARMUP_SECONDS, type BalanceResult } from './balance.ts';
import type { BuySplit } from './buy.ts';
import { PACE_WARMUP_BUYS, PACE_WARMUP_ROUNDS } from './pace.ts';
import type { LifecycleResult } from './lifecycle.ts';
import type { MemoryResult } from './memory.ts';
import { summarize, type Summary } from './stats.ts';
import type { LoadResult } from './load.ts';
import type { CommandSplit } from './inside.ts';
import type { Win32Result } from './win32.ts';

export interface Results {
  machine: MachineInfo;
  seconds: number;
  roundTrip: RoundTripResult;
  balance: BalanceResult;
  buy: { zero: BuySplit; realistic: BuySplit };
  lifecycle: LifecycleResult;
  memory: MemoryResult;
  /** Item 6: inside the worker, per route (its reply's debug field). */
  inside: Record<string, CommandSplit>;
  /** Item 7: through user32 under Wine, against the Win32 double. */
  win32: Win32Result;
  /** Item 8: several accounts served in parallel (absent in results written before it existed). */
  accounts?: AccountsRun[];
  breakdown: Array<{ layer: string; ms: number; how: string }>;
  targets: Array<{ target: string; value: string; met: boolean }>;
}

const f = (x: number | null | undefined, d = 2): string => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
const row = (cells: string[], widths: number[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');

function table(title: string, head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [`\n${title}`, row(head, widths), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => row(r, widths))].join('\n');
}

const lat = (name: string, s: Summary, extra = ''): string[] => [name, String(s.n), f(s.p50, 3), f(s.p99, 3), extra];
const loadRow = (name: string, r: LoadResult): string[] => [name, String(r.connections), f(r.reqPerSec, 0), f(r.latency.p50, 2), f(r.latency.p99, 2), String(r.errors + r.timeouts + r.non2xx), r.merged === undefined ? '' : `${r.merged} of ${r.requests}`];

/** Layers of one /balance at concurrency 1 (p50, ms), each measured as the difference of two measured setups. */
export function breakdown(rt: RoundTripResult, b: BalanceResult): Results['breakdown'] {
  const bare = b.bare[0]!.latency.p50;
  const stub = b.layers.stub.latency.p50;
  const node = b.layers.nodeWorker.latency.p50;
  const full = b.full[0]!.latency.p50;
  const protocol = rt.bridgePing.p50 - rt.nodeFloorPing.p50;
  const command = rt.workerLayers['balanceRequest']?.p50 ?? NaN;
  return [
    { layer: 'HTTP floor: node:http + loopback + load generator', ms: bare, how: 'bare server, c=1' },
    { layer: 'Express app: guard, parsers, routing, reply (+ result check)', ms: stub - bare, how: 'app over an in-memory bridge - bare' },
    { layer: 'per-request log line (debug level; none at info)', ms: b.layers.stubDebugLog.latency.p50 - stub, how: 'same app at debug - at silent' },
    { layer: 'bridge: queue + pipes + Node-side line handling', ms: node - stub, how: 'real bridge over a Node worker - in-memory bridge' },
    { layer: 'PowerShell line handling (parse, dispatch, ASCII JSON)', ms: protocol, how: 'ping via pwsh - ping via Node floor' },
    { layer: 'PowerShell balance command (automation + simulated client)', ms: command, how: 'in-process Invoke-ThsRequest, no pipes' },
    { layer: 'rest (scheduling on 2 cores, noise)', ms: full - bare - (stub - bare) - (node - stub) - protocol - command, how: 'full server - the above' },
    { layer: '= GET /balance through the real server', ms: full, how: 'c=1' },
  ];
}

/** The targets, each met or missed. */
export function targets(r: Omit<Results, 'targets' | 'breakdown' | 'seconds'>): Results['targets'] {
  const rt = r.roundTrip;
  const b = r.balance;
  const overhead = b.layers.stub.latency.p50 + rt.bridgePing.p50;
  // The worker command alone, measured in the same run: how long the bridge held each request (queue, pipe, worker).
  const floorBalance = b.bare[0]!.latency.p50 + b.bridgeAtC1.bridge.p50;
  const bestRps = Math.max(...b.full.map((x) => x.reqPerSec));
  // A leak grows with every request: judge the second half (the first includes the runtimes' warm-up to steady state).
  const mem = r.memory.samples;
  const half = mem[mem.length - 2];
  const last = mem[mem.length - 1];
  const secondHalf = (a: number | null | undefined, b: number | null | undefined): number | null => (a === null || a === undefined || b === null || b === undefined ? null : Math.round((b - a) * 10) / 10);
  const c8 = b.full.find((x) => x.connections === 8);
  const reads = ['balance', 'position', 'orders', 'trades'];
  const orders = ['buy', 'sell', 'cancel'];
  const worstOwn = (routes: string[]): number => Math.max(...routes.map((k) => r.inside[k]?.ownMs.p50 ?? Number.NaN));
  const serverLate = secondHalf(half?.serverRssMiB, last?.serverRssMiB);
  const workerLate = secondHalf(half?.workerRssMiB, last?.workerRssMiB);
  const noise = (base: number | null | undefined, growth: number | null): boolean => growth === null || base === null || base === undefined || growth <= Math.max(4, base * 0.05);
  return [
    { target: 'added overhead per query p50 <= 2 ms (HTTP app + worker round trip)', value: `${f(overhead)} ms`, met: overhead <= 2 },
    { target: '>= 100x below spawn-per-call (ping p50)', value: `${rt.spawnOverBridge}x`, met: rt.spawnOverBridge >= 100 },
    { target: 'ping within 3x of the bare Node pipe floor (p50)', value: `${f(rt.bridgeOverFloor)}x`, met: rt.bridgeOverFloor <= 3 },
    { target: '/balance within 3x of bare HTTP + the worker command alone (bridge-held time, same run; p50, c=1)', value: `${f(b.full[0]!.latency.p50 / floorBalance)}x`, met: b.full[0]!.latency.p50 <= 3 * floorBalance },
    { target: '/balance >= 500 req/s sustained (best of c=1/8/32)', value: `${f(bestRps, 0)} req/s`, met: bestRps >= 500 },
    { target: '/balance p99 <= 10 ms (c=1)', value: `${f(b.full[0]!.latency.p99)} ms`, met: b.full[0]!.latency.p99 <= 10 },
    { target: 'cold start to ready <= 2 s (worker, p50)', value: `${f(r.lifecycle.workerColdStart.p50 / 1000)} s`, met: r.lifecycle.workerColdStart.p50 <= 2000 },
    { target: 'recovery after kill <= 2 s without the standby worker (cold restart, worst of kills)', value: `${f(r.lifecycle.recoveryColdAfterKill.max / 1000)} s`, met: r.lifecycle.recoveryColdAfterKill.max <= 2000 },
    // issue 15's targets (simulated client, zero delays)
    { target: '/balance p50 <= 5 ms (c=1)', value: `${f(b.full[0]!.latency.p50)} ms`, met: b.full[0]!.latency.p50 <= 5 },
    { target: '/balance >= 500 req/s at c=8 with no errors', value: `${f(c8?.reqPerSec, 0)} req/s, ${c8 ? c8.errors + c8.timeouts + c8.non2xx : '-'} errors`, met: c8 !== undefined && c8.reqPerSec >= 500 && c8.errors + c8.timeouts + c8.non2xx === 0 },
    { target: '/buy p50 <= 15 ms (zero delays, end to end)', value: `${f(r.buy.zero.total.p50)} ms`, met: r.buy.zero.total.p50 <= 15 },
    { target: "the worker's own time per read <= 1 ms (p50, outside port calls and waits; worst read)", value: `${f(worstOwn(reads))} ms`, met: worstOwn(reads) <= 1 },
    { target: "the worker's own time per order <= 3 ms (p50, outside port calls and waits; worst of buy/sell/cancel)", value: `${f(worstOwn(orders))} ms`, met: worstOwn(orders) <= 3 },
    { target: 'recovery after SIGKILL <= 300 ms to the next served /balance (standby worker, worst of kills)', value: `${f(r.lifecycle.recoveryAfterKill.max)} ms`, met: r.lifecycle.recoveryAfterKill.max <= 300 },
    // issue 15's, through user32 under Wine (item 7, end to end)
    { target: 'Win32 under Wine: /buy p50 <= 150 ms (zero delays, end to end)', value: r.win32.inside ? `${f(r.win32.inside['buy']?.httpMs.p50)} ms` : `skipped: ${String(r.win32.skipped)}`, met: (r.win32.inside?.['buy']?.httpMs.p50 ?? Infinity) <= 150 },
    { target: 'Win32 under Wine: /balance p50 <= 40 ms (end to end)', value: r.win32.inside ? `${f(r.win32.inside['balance']?.httpMs.p50)} ms` : `skipped: ${String(r.win32.skipped)}`, met: (r.win32.inside?.['balance']?.httpMs.p50 ?? Infinity) <= 40 },
    { target: 'no server RSS growth beyond noise: 5,000 -> 10,000 requests <= max(4 MiB, 5%)', value: `${f(serverLate, 1)} MiB (all: ${f(r.memory.serverGrowthMiB, 1)})`, met: noise(half?.serverRssMiB, serverLate) },
    { target: 'no worker RSS growth beyond noise: 5,000 -> 10,000 requests <= max(4 MiB, 5%)', value: `${f(workerLate, 1)} MiB (all: ${f(r.memory.workerGrowthMiB, 1)})`, met: noise(half?.workerRssMiB, workerLate) },
  ];
}

/** The whole report as text. */
export function render(r: Results): string {
  const m = r.machine;
  const rt = r.roundTrip;
  const out: string[] = [`ths-http-trader benchmark - ${m.date} - ${m.nproc} cores ${m.cpu}, ${m.memoryGiB} GiB, load ${m.loadAverage.join(' ')}, Node ${m.node}, pwsh ${m.pwsh}, ${r.seconds} s`];
  out.push(table('1. Worker round trip (ms)', ['what', 'n', 'p50', 'p99', 'note'], [
    lat('ping via bridge (long-lived pwsh)', rt.bridgePing),
    lat('ping via bridge, bare Node child (floor)', rt.nodeFloorPing, `bridge/floor ${f(rt.bridgeOverFloor)}x`),
    lat('fresh pwsh per call (spawn, ping, exit)', rt.spawnPerCall, `spawn/bridge ${rt.spawnOverBridge}x`),
    lat('balance via bridge (worker command alone)', rt.bridgeBalance),
    ...Object.entries(rt.workerLayers).map(([k, v]) => [`  in pwsh, no pipes: ${k}`, String(v.n), f(v.p50, 3), f(v.p99, 3), '']),
  ]));
  const b = r.balance;
  out.push(table('2. GET /balance under load (autocannon, loopback)', ['server', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'merged reads'], [
    ...b.full.map((x) => loadRow('real server (pwsh, sim, zero delays)', x)),
    ...b.bare.map((x) => loadRow('bare node:http from memory (floor)', x)),
    loadRow('Express app, in-memory bridge', b.layers.stub),
    loadRow('Express app, in-memory bridge, debug log', b.layers.stubDebugLog),
    loadRow('real server over a bare Node worker', b.layers.nodeWorker),
  ]));
  out.push(`   a fresh worker's first ${b.firstReads.n} /balance, one at a time, before the warm-up (${WARMUP_SECONDS} s at c=1) the rows above follow: p50 ${f(b.firstReads.p50)} ms, p99 ${f(b.firstReads.p99)} ms`);
  for (const x of [...b.full, ...b.bare]) if (x.firstNon2xx) out.push(`   c=${x.connections}: ${x.non2xx} answers not 2xx, first: ${x.firstNon2xx}`);
  out.push(table('   where one /balance goes (c=1, p50 ms)', ['layer', 'ms', 'measured as'], r.breakdown.map((x) => [x.layer, f(x.ms, 3), x.how])));
  out.push(`   bridge at c=1 (real server): held ${f(b.bridgeAtC1.bridge.p50, 3)} ms p50 = queue ${f(b.bridgeAtC1.queue.p50, 3)} + pipe and worker ${f(b.bridgeAtC1.pipeAndWorker.p50, 3)}; order validation (zod) ${f(b.orderValidation.p50 * 1000, 1)} us p50`);
  const buyRows = (name: string, s: BuySplit): string[][] => (['total', 'http', 'snapshot', 'queue', 'pipe', 'worker', 'port', 'own', 'uiWaits'] as const).map((k) => [`${name} ${k}`, String(s[k].n), f(s[k].p50, 2), f(s[k].p99, 2), k === 'total' ? `${s.succeeded}/${s.total.n} placed` : k === 'port' || k === 'own' ? 'of worker' : k === 'snapshot' ? "today's orders read first" : '']);
  out.push(table('3. POST /buy end to end, concurrency 1 (ms)', ['part', 'n', 'p50', 'p99', 'note'], [
    ...buyRows('zero delays', r.buy.zero),
    ...buyRows(`realistic (${Object.values(r.buy.realistic.delays).join('/')})`, r.buy.realistic),
  ]));
  const fresh = (s: BuySplit): string => `p50 ${f(s.fresh.p50, 2)} ms, p99 ${f(s.fresh.p99, 2)} ms`;
  out.push(`   rows above at a long-lived worker's pace (${PACE_WARMUP_ROUNDS} rounds of the four reads and ${PACE_WARMUP_BUYS} buys first); a fresh worker's first ${r.buy.zero.fresh.n} buys, end to end: zero delays ${fresh(r.buy.zero)}; realistic ${fresh(r.buy.realistic)}`);
  const l = r.lifecycle;
  out.push(table('4. Start and recovery (ms)', ['what', 'n', 'p50', 'p99', 'note'], [
    lat('worker cold start: spawn -> ready', l.workerColdStart),
    lat('server cold start: fork -> listening + ready', l.serverColdStart),
    lat('worker SIGKILLed -> next /balance answered (standby on)', l.recoveryAfterKill, `503s meanwhile: ${l.failedDuringRecovery.join(',')}`),
    lat('  the same, --standby off (cold restart)', l.recoveryColdAfterKill, `503s meanwhile: ${l.failedDuringColdRecovery.join(',')}; each kill ${l.recoveryColdEach.map((ms) => f(ms / 1000)).join(', ')} s, restart backoff ${RESTART_BACKOFF_MS.slice(0, l.recoveryColdEach.length).join(', ')} ms included`),
    lat('standby worker: spawn -> standby line (after each kill)', l.standbyStart, 'includes its warm-up on a scratch account'),
  ]));
  const mem = r.memory;
  out.push(table(`5. Memory over ${mem.samples[mem.samples.length - 1]?.after ?? 0} GET /balance (${mem.seconds} s, ${mem.errors} errors)`, ['after requests', 'server RSS MiB', 'server heap MiB', 'worker RSS MiB'],
    mem.samples.map((s) => [String(s.after), f(s.serverRssMiB, 1), f(s.serverHeapUsedMiB, 1), f(s.workerRssMiB, 1)])));
  out.push(`   the standby worker (--standby on, idle): ${f(mem.standbyRssMiB, 1)} MiB RSS more`);
  out.push(table('6. Inside the worker, per command (sim, zero delays, p50; the reply\'s debug field)', ['route', 'n', 'worker ms', 'port calls', 'in port ms', 'waits ms', 'own ms', 'own/call us'],
    Object.values(r.inside).map((x) => [x.route, String(x.n), f(x.workerMs.p50), f(x.portCalls.p50, 0), f(x.portMs.p50), f(x.waitMs.p50), f(x.ownMs.p50), f((x.ownMs.p50 / Math.max(1, x.portCalls.p50)) * 1000, 0)])));
  out.push('   in port: the window-port calls (here the simulated client\'s model behind them; user32 on Windows); waits: the worker\'s polling sleeps; own: the rest, the worker\'s PowerShell');
  const w = r.win32;
  if (w.inside === null) {
    out.push(`\n7. Through user32 under Wine: skipped (${String(w.skipped)})`);
  } else {
    const sim = r.inside;
    out.push(table('7. Through user32 under Wine, the Win32 double (zero delays, p50 ms; sim beside it from item 6)', ['route', 'n', 'http', 'sim http', 'worker', 'port calls', 'in user32', 'waits', 'own', 'sim own'],
      Object.values(w.inside).map((x) => [x.route, String(x.n), f(x.httpMs.p50), f(sim[x.route.slice(1)]?.httpMs.p50), f(x.workerMs.p50), f(x.portCalls.p50, 0), f(x.portMs.p50), f(x.waitMs.p50), f(x.ownMs.p50), f(sim[x.route.slice(1)]?.ownMs.p50)])));
    out.push('   in user32: Wine\'s user32 and the double answering the messages (the model behind it runs in the controller\'s process); own: the worker\'s PowerShell under Wine');
    out.push(table('   start and recovery under Wine (ms)', ['what', 'n', 'p50', 'p99', 'note'], [
      lat('worker cold start: spawn -> ready', w.coldStart ?? summarize([])),
      lat('worker SIGKILLed -> next /balance answered (standby on)', w.recovery ?? summarize([])),
      lat('standby worker: spawn -> standby line', w.standbyStart ?? summarize([])),
    ]));
  }
  if (r.accounts) out.push(accountsTable(r.accounts));
  out.push(table('Targets', ['target', 'value', 'result'], r.targets.map((t) => [t.target, t.value, t.met ? 'met' : 'MISSED'])));
  return out.join('\n');
}

/** Item 8's table: per account and overall, for each number of accounts. */
export function accountsTable(runs: readonly AccountsRun[]): string {
  const one = runs.find((x) => x.accounts === 1)?.totalReqPerSec ?? 0;
  return table('8. Several accounts in parallel: GET /balance?account=..., 1 connection per account, sim zero delays', ['accounts', 'req/s each', 'p50 ms each', 'req/s overall', 'x one account', 'errors'],
    runs.map((x) => [String(x.accounts), x.perAccount.map((p) => f(p.reqPerSec, 0)).join(' / '), x.perAccount.map((p) => f(p.latency.p50, 1)).join(' / '), f(x.totalReqPerSec, 0), one > 0 ? f(x.totalReqPerSec / one, 2) : '-', String(x.perAccount.reduce((a, p) => a + p.errors + p.non2xx, 0))]));
}
