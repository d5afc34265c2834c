// account-runtime.ts - one account's share of the server: its worker (the bridge), its journal and order gate, its
// trading core, its order watcher, keep-alive and webhooks. The server starts one per account (accounts.ts) and
// every front door reaches an account only through its trading core.
import path from 'node:path';
import type { Logger } from 'pino';
import type { AccountSpec } from './accounts.ts';
import { maskAccount } from './accounts.ts';
import { addShareholderMarks } from './account-folders.ts';
import type { Config } from './config.ts';
import { ROOT, VERSION, WORKER_SCRIPT } from './paths.ts';
import { WorkerSupervisor, type SupervisorOptions } from '../bridge/supervisor.ts';
import { COMMAND_NAMES, SHUTDOWN_DEADLINE_MS } from '../bridge/commands.ts';
import { KeepAlive } from '../bridge/keepalive.ts';
import { JournalStore } from '../journal/store.ts';
import { OrderGate } from '../journal/gate.ts';
import { SNAPSHOT_COLUMNS } from '../journal/reconcile.ts';
import { readGrid, readOrderColumns } from '../trading/reports.ts';
import { OrderWatch } from '../trading/order-watch.ts';
import { Trading } from '../trading/trading.ts';
import { Webhooks } from '../events/webhooks.ts';
import { accountLimits } from '../risk/config.ts';
import type { OverallLimits } from '../risk/limits.ts';

/** Beside the journal: the pid of the worker this data dir's server runs (a crashed server's worker is ended). */
export const WORKER_PID_FILE = 'worker.pid';

/** The PowerShell command line that starts the worker for a config. */
export function workerArgs(config: Pick<Config, 'backend' | 'simState'> & Partial<Pick<Config, 'exportDir' | 'testPauseAt' | 'resultDisplay' | 'profilePort'>> & { clientExe?: string | undefined; clientPid?: number | undefined }): string[] {
  const args = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', WORKER_SCRIPT];
  args.push('-Backend', config.backend === 'sim' ? 'Sim' : 'Win32');
  if (config.backend === 'sim') args.push('-SimState', config.simState);
  // Options reach the worker as parameters: it reads no THS_* variable of its own.
  if (config.exportDir !== undefined) args.push('-ExportDir', config.exportDir);
  if (config.testPauseAt !== undefined) args.push('-TestPauseAt', config.testPauseAt);
  if (config.resultDisplay === 'toast') args.push('-ResultDisplay', 'Toast');
  if (config.profilePort === true) args.push('-ProfilePort');
  if (config.clientExe !== undefined) args.push('-ClientExe', config.clientExe);
  if (config.clientPid !== undefined) args.push('-ClientPid', String(config.clientPid));
  return args;
}

/** What every account shares: the config, the PowerShell, whether the data dir is locked, the server's own facts. */
export interface SharedSetup {
  config: Config;
  logger: Logger;
  powershell: string;
  /** Why orders are stopped for every account (the data dir could not be locked), or undefined. */
  lockError: string | undefined;
  /** The data dir is locked by this server: its worker pid files may be used. */
  locked: boolean;
  /** The server's facts for health() (version, uptime, ...), the account's own added. */
  serverInfo: () => Record<string, unknown>;
  /** The risk file's overall limits, one count for every account. */
  overallLimits: OverallLimits;
  overrides: Partial<SupervisorOptions>;
}

export class AccountRuntime {
  readonly bridge: WorkerSupervisor;
  readonly trading: Trading;
  private readonly store: JournalStore | undefined;
  private readonly keepAlive: KeepAlive;
  private readonly orderWatch: OrderWatch;
  private readonly webhooks: Webhooks | undefined;
  private readonly dryRun: boolean;
  /** The worker's command line: a restarted worker reads it again, so ensureBound() changes it in place. */
  private readonly args: string[];
  private readonly logger: Logger;
  readonly spec: AccountSpec;
  /** With --discover: the shareholder accounts that tell its client apart (`account=` takes each), grown as the client
   * shows more (addShareholders). */
  readonly shareholders: string[];
  /** With --discover: the process of this account's client (rebind() moves it), and whether its window is open. */
  client: { pid: number; open: boolean } | undefined;
  /** With --discover: the process the worker confirmed it drives (-1: none), and which worker process said so. */
  private bound: { pid: number; worker: number | null } | undefined;
  private binding = false;

  constructor(spec: AccountSpec, shared: SharedSetup, several: boolean) {
    this.spec = spec;
    const { config } = shared;
    const logger = several ? shared.logger.child({ account: maskAccount(spec.id) }) : shared.logger;
    this.dryRun = config.dryRun;
    // A worker from another release (other commands, other version) is refused at its ready line.
    const expect = { commands: COMMAND_NAMES, scriptVersion: VERSION };
    // The lock holder ends a worker a crashed server left on this data dir before its own worker starts.
    const pidFile = shared.locked ? { file: path.join(spec.dataDir, WORKER_PID_FILE), mark: path.basename(WORKER_SCRIPT), powershell: shared.powershell } : undefined;
    const args = workerArgs({ ...config, simState: spec.simState ?? config.simState, clientExe: spec.clientExe, clientPid: spec.clientPid });
    this.args = args;
    this.logger = logger;
    this.client = spec.clientPid === undefined ? undefined : { pid: spec.clientPid, open: true };
    this.shareholders = [...(spec.shareholders ?? [])];
    // A discovered client's worker has no spare: one started before a rebind would come up on the old process.
    const standby = spec.clientPid === undefined ? config.standby : false;
    this.bridge = new WorkerSupervisor({ powershell: shared.powershell, args, cwd: ROOT, logger, expect, dryRun: config.dryRun, pidFile, standby, ...shared.overrides });
    // The worker starts bound by its -ClientPid: confirmed by its first reply (the worker's pid is then known).
    if (spec.clientPid !== undefined) this.bridge.onReady(() => this.ensureBound());
    // The journal must exist before any order: without it, order routes answer 503 journal_unavailable.
    let journalError = shared.lockError;
    try {
      // Without the lock another server may hold this journal: not opened (orders answer 503 journal_unavailable).
      if (shared.locked) this.store = new JournalStore(spec.dataDir, { maxPages: config.testJournalMaxPages });
    } catch (err) {
      journalError = `${spec.dataDir}: ${(err as Error).message}`;
      logger.error({ err, dataDir: spec.dataDir }, 'order journal cannot be opened: order routes are stopped');
    }
    // Every event gets a webhook delivery per URL in its own transaction, from the first (the gate's recovery) on.
    this.store?.events.setDeliveryTargets(config.webhooks);
    const bridge = this.bridge;
    const gate = new OrderGate({ store: this.store, openError: journalError, logger, guardUnsettled: config.unsettledGuard, duplicateWindowMs: config.duplicateWindow * 1000, absentAfterMs: config.testAbsentAfterMs, readOrders: async (signal) => (await readGrid(bridge, 'orders', signal)).rows, readSnapshot: async (signal) => (await readOrderColumns(bridge, SNAPSHOT_COLUMNS, signal)).rows });
    bridge.onReady(() => gate.scheduleReconcile(0));
    const account = several ? { account: { id: spec.id, name: spec.name, type: spec.type } } : {};
    this.trading = new Trading({
      bridge,
      logger,
      gate,
      serverInfo: () => ({ ...shared.serverInfo(), ...account, journal: gate.health(), orderWatch: this.orderWatch.health(), webhooks: this.webhooks?.health() ?? [] }),
      // The account's own section of the risk file, if any, in place of the top level (docs/security.md).
      risk: config.risk ? accountLimits(config.risk, spec.id, spec.name, ...(spec.shareholders ?? [])) : undefined,
      overallLimits: shared.overallLimits,
      dryRun: config.dryRun,
    });
    // Push (docs/events.md): fills and cancels of today's open orders into the event log; each event POSTed to the webhooks.
    this.orderWatch = new OrderWatch({ bridge, gate, intervalMs: config.eventsInterval, logger });
    this.webhooks = this.trading.events && config.webhooks.length > 0 ? new Webhooks({ feed: this.trading.events, urls: config.webhooks, logger, userAgent: `ths-http-trader/${VERSION}`, account: several ? spec.id : undefined }) : undefined;
    this.keepAlive = new KeepAlive(bridge, { intervalMs: Math.round(config.keepaliveMinutes * 60_000), logger });
  }

  /** With --discover: the client's window is in this process now (found again after a restart, or after it was
   * gone): the worker drives it (the `bind` command, queued behind any command in flight). */
  rebind(pid: number): void {
    const was = this.client?.pid;
    this.client = { pid, open: true };
    this.logger.info({ pid, was }, 'discover: the account\'s client is found in this process: the worker drives it');
    this.ensureBound();
  }

  /** With --discover: shareholder accounts its client showed that it did not list yet, added (and to its folder's
   * mark when the folder is this server's). */
  addShareholders(found: readonly string[], marked: boolean): void {
    const all = marked ? addShareholderMarks(this.spec.dataDir, this.spec.id, found) : [...new Set([...this.shareholders, ...found])].sort();
    for (const s of all) if (!this.shareholders.includes(s)) this.shareholders.push(s);
  }

  /** With --discover: the client's window is gone. The worker drives no window (-1) until the client is told apart
   * again: a window whose process gets the same id from the OS may be another account's. */
  unbind(): void {
    if (!this.client?.open) return;
    this.client.open = false;
    this.logger.warn({ pid: this.client.pid }, 'discover: the account\'s client window is gone: its worker drives no window until it is found again');
    this.ensureBound();
  }

  /** With --discover: whether this account's worker drives, or may still drive, that process's window (the scout
   * must not read it): its client's process while open, or while the worker is not yet confirmed off it. */
  drives(pid: number): boolean {
    if (this.client?.pid !== pid) return false;
    return this.client.open || this.bound?.pid !== -1;
  }

  /** With --discover, after each listing and each change: the worker is told the process it must drive when a reply
   * did not confirm it yet (a bind that failed, a worker restarted or promoted from standby since), one bind at a time. */
  ensureBound(): void {
    if (!this.client || this.binding) return;
    const want = this.client.open ? this.client.pid : -1;
    const worker = this.bridge.health();
    if (worker.state !== 'ready' || worker.pid === null) return;
    if (this.bound?.pid === want && this.bound.worker === worker.pid) return;
    const at = this.args.indexOf('-ClientPid');
    if (at >= 0) this.args[at + 1] = String(want);   // a worker started later starts bound to it
    this.binding = true;
    this.bridge.request('bind', { pid: want }).then(() => {
      this.bound = { pid: want, worker: worker.pid };
    }, (err: unknown) => {
      this.logger.warn({ err, pid: want }, 'discover: the worker could not be bound to its client (tried again at the next listing)');
    }).finally(() => {
      this.binding = false;
    });
  }

  /** Starts the worker and the keep-alive (none in dry run: a refresh is a command that changes the client). */
  startWorker(logger: Logger): void {
    void this.bridge.start();
    if (!this.dryRun) this.keepAlive.start();
    else if (this.keepAlive.enabled) logger.info('dry run: keep-alive off (a refresh is a command that changes the client)');
  }

  /** Starts what reads the client on its own once the server listens: the order watcher and the webhooks. */
  startWatchers(): void {
    this.orderWatch.start();
    this.webhooks?.start();
  }

  /** Stops the timers, then the worker (within the shutdown deadline). */
  async stopWorker(deadlineMs = SHUTDOWN_DEADLINE_MS): Promise<void> {
    this.keepAlive.stop();
    this.orderWatch.stop();
    this.webhooks?.stop();
    await this.bridge.stop(deadlineMs);
  }

  /** Closes the journal (after the worker stopped). */
  closeJournal(): void {
    this.store?.close();
  }
}
