// roundtrip.ts - item 1: a `ping` through the bridge to the long-lived worker, beside a fresh PowerShell per call and
// beside the floor (a bare Node child speaking the same protocol over the same pipes); also the worker's own layers.
import path from 'node:path';
import pino from 'pino';
import { execa } from 'execa';
import { workerEnv } from '../src/bridge/runtime-env.ts';
import { WorkerSupervisor } from '../src/bridge/supervisor.ts';
import { ROOT, workerArgs } from '../src/app/server.ts';
import { summarize, timeEach, type Summary } from './stats.ts';
import { track } from './procs.ts';

/** Pings timed through the bridge (after a warm-up): enough for a stable p99. */
export const PING_COUNT = 3000;
const PING_WARMUP = 300;
/** Fresh PowerShell per call: ~1-2 s each here, so few. */
export const SPAWN_COUNT = 20;
/** One spawned PowerShell may take this long to start, answer and exit. */
const SPAWN_TIMEOUT_MS = 30_000;
/** `balance` through the bridge alone (no HTTP), timed after a warm-up: a long-lived worker's pace, not its first
 * few hundred commands' (those are item 2's `first 100` row). */
const BALANCE_BRIDGE_WARMUP = 400;
/** `balance` through the bridge alone (no HTTP), timed after BALANCE_BRIDGE_WARMUP. */
export const BALANCE_BRIDGE_COUNT = 300;

export interface Bridge {
  bridge: WorkerSupervisor;
  stop(): Promise<void>;
}

/** Starts a WorkerSupervisor on `file args` and waits for ready; stopped at the end of the run in any case. */
export async function startBridge(file: string, args: string[]): Promise<Bridge> {
  const bridge = new WorkerSupervisor({ powershell: file, args, cwd: ROOT, logger: pino({ level: 'silent' }) });
  const stop = track(() => bridge.stop(5_000));
  await bridge.start();
  if (bridge.status !== 'ready') {
    await stop();
    throw new Error(`worker ${file} did not become ready: ${JSON.stringify(bridge.health().lastError)}`);
  }
  return { bridge, stop };
}

export interface RoundTripResult {
  bridgePing: Summary;
  nodeFloorPing: Summary;
  spawnPerCall: Summary;
  /** spawn-per-call p50 / bridge p50 (target >= 100). */
  spawnOverBridge: number;
  /** bridge p50 / Node floor p50 (target <= 3). */
  bridgeOverFloor: number;
  bridgeBalance: Summary;
  /** Inside one PowerShell, no pipes (bench/worker-profile.ps1). */
  workerLayers: Record<string, { n: number; p50: number; p99: number }>;
}

async function pings(bridge: WorkerSupervisor): Promise<Summary> {
  await timeEach(PING_WARMUP, () => bridge.request('ping'));
  return summarize(await timeEach(PING_COUNT, () => bridge.request('ping')));
}

/** Runs item 1 on a zero-delay state; `balanceResult` is filled with the worker's balance result for the floors. */
export async function roundTrip(pwsh: string, statePath: string): Promise<RoundTripResult & { balanceResult: unknown }> {
  const args = workerArgs({ backend: 'sim', simState: statePath });
  const ps = await startBridge(pwsh, args);
  const bridgePing = await pings(ps.bridge);
  const balanceResult = await ps.bridge.request('balance');
  await timeEach(BALANCE_BRIDGE_WARMUP, () => ps.bridge.request('balance'));
  const bridgeBalance = summarize(await timeEach(BALANCE_BRIDGE_COUNT, () => ps.bridge.request('balance')));
  await ps.stop();

  const floor = await startBridge(process.execPath, [path.join(ROOT, 'bench', 'echo-worker.ts')]);
  const nodeFloorPing = await pings(floor.bridge);
  await floor.stop();

  // What per-call wrappers do: start PowerShell, load the script, answer one request, exit.
  const spawn = await timeEach(SPAWN_COUNT, async () => {
    const r = await execa(pwsh, args, { cwd: ROOT, env: workerEnv(process.env), input: '{"id":1,"cmd":"ping"}\n', timeout: SPAWN_TIMEOUT_MS, reject: false });
    if (!r.stdout.includes('"pong":true')) throw new Error(`spawned worker did not answer ping: ${r.stderr.slice(0, 500)}`);
  });
  const spawnPerCall = summarize(spawn);

  const prof = await execa(pwsh, ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', path.join(ROOT, 'bench', 'worker-profile.ps1'), '-SimState', statePath], { cwd: ROOT, env: workerEnv(process.env), timeout: 120_000 });
  const workerLayers = JSON.parse(prof.stdout.trim().split('\n').pop() ?? '{}') as RoundTripResult['workerLayers'];

  return {
    bridgePing,
    nodeFloorPing,
    spawnPerCall,
    spawnOverBridge: Math.round(spawnPerCall.p50 / bridgePing.p50),
    bridgeOverFloor: Math.round((bridgePing.p50 / nodeFloorPing.p50) * 100) / 100,
    bridgeBalance,
    workerLayers,
    balanceResult,
  };
}
