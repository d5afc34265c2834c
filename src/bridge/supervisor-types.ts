// supervisor-types.ts - the supervisor's shapes: its states, options, queued jobs and health report, the Bridge that
// the layers above see.
import type { Logger } from 'pino';
import type { ClientFactsSnapshot } from './client-facts.ts';
import type { CommandName } from './commands.ts';
import type { ReadyInfo } from './protocol.ts';
import type { SpareHealth } from './standby.ts';
import type { WorkerPidFileOptions } from './worker-pidfile.ts';

export type BridgeState = 'starting' | 'ready' | 'restarting' | 'failed' | 'stopped';

export interface SupervisorOptions {
  powershell: string;
  /** Arguments after the executable, e.g. -NoProfile ... -File ps/ThsAutomation.ps1 -Backend Sim. */
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  logger: Logger;
  /** Overrides for tests and slow PCs; every one has a named default in commands.ts. */
  timeouts?: Partial<Record<CommandName, number>>;
  readyTimeoutMs?: number;
  queueLimit?: number;
  queueWaitMs?: number;
  backoffMs?: readonly number[];
  crashLoopCount?: number;
  failedRetryMs?: number;
  /** What the worker's ready line must announce (its commands, its script version); a worker that differs is refused. */
  expect?: { commands: readonly string[]; scriptVersion: string } | undefined;
  /** The server runs in dry-run: every command that changes the client is refused here too (a second lock). */
  dryRun?: boolean | undefined;
  /** Where each worker's pid is kept, so a worker left by a crashed server is ended before the first one starts. */
  pidFile?: WorkerPidFileOptions | undefined;
  /** Keep a standby worker (standby.ts): started once a worker is ready, it takes over when that one dies. */
  standby?: boolean | undefined;
  /** Delays before a standby worker that exited is started again (tests; default STANDBY_RETRY_MS). */
  standbyRetryMs?: readonly number[];
}

export interface Job {
  id: number;
  cmd: CommandName;
  args: Record<string, unknown>;
  events: string[];
  resolve: (value: unknown) => void;
  /** A BridgeError, or what the `sending` hook threw (a GatewayError such as journal_unavailable passes unchanged). */
  reject: (err: unknown) => void;
  timer?: NodeJS.Timeout;
  /** Removes the abort listener of the caller's signal (once the job leaves the queue). */
  detach?: (() => void) | undefined;
  /** An order whose deadline passed: its fate is decided once the killed worker's output is drained. */
  timedOut?: number;
  onEvent?: ((event: string) => void) | undefined;
  /** A read's merge key (read-merge.ts): queued jobs with the same key are answered by this one's read. */
  readKey?: string | undefined;
  /** How many queued identical reads this job's read answers besides its own (read-merge.ts). */
  merged?: number;
}

export interface HealthInfo {
  state: BridgeState;
  pid: number | null;
  psVersion: string | null;
  psEdition: string | null;
  languageMode: string | null;
  backend: string | null;
  scriptVersion: string | null;
  windowFound: boolean | null;
  /** The client the worker found at its start is a credit (margin) account's (its menu tree 513); null: not known. */
  windowCredit: boolean | null;
  workerUptimeMs: number | null;
  restarts: number;
  queued: number;
  inFlight: string | null;
  /** Requests answered by another identical read instead of a read of their own, since the server started. */
  mergedReads: number;
  lastError: { message: string; at: string } | null;
  /** What replies told about the client: last refresh, grid read path (client-facts.ts). */
  client?: ClientFactsSnapshot;
  /** The spare worker; null when the server runs without one (--standby off). */
  standby: SpareHealth | null;
}


/** What the layers above need from the bridge (the supervisor, or a test double of the same shape). */
export interface Bridge {
  /**
   * Sends one command. `onEvent` hears `sending` synchronously before the line is written (a throw there refuses the
   * command: nothing is written, the promise rejects with what was thrown), then `sent`, `submitting`, ...; `signal`
   * aborted while the command still waits in the queue drops it (request_abandoned), never once it was written.
   */
  request(cmd: CommandName, args?: Record<string, unknown>, onEvent?: (event: string) => void, signal?: AbortSignal): Promise<unknown>;
  health(): HealthInfo;
}

/** The health report from the ready line's facts and the supervisor's own counters. */
export function healthOf(
  info: ReadyInfo | undefined,
  s: { state: BridgeState; pid: number | null; readyAt: number | undefined; restarts: number; queued: number; inFlight: string | null; mergedReads: number; lastError: HealthInfo['lastError']; client: ClientFactsSnapshot; standby: SpareHealth | null },
): HealthInfo {
  return {
    state: s.state,
    pid: s.pid,
    psVersion: info?.psVersion ?? null,
    psEdition: info?.psEdition ?? null,
    languageMode: info?.languageMode ?? null,
    backend: info?.backend ?? null,
    scriptVersion: info?.scriptVersion ?? null,
    windowFound: info?.window ? info.window.found : null,
    windowCredit: info?.window?.credit ?? null,
    workerUptimeMs: s.state === 'ready' && s.readyAt ? Date.now() - s.readyAt : null,
    restarts: s.restarts,
    queued: s.queued,
    inFlight: s.inFlight,
    mergedReads: s.mergedReads,
    lastError: s.lastError,
    client: s.client,
    standby: s.standby,
  };
}
