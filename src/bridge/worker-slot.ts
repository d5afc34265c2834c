// worker-slot.ts - the worker process the supervisor drives, one at a time: started cold (after the worker a crashed
// server left is ended) or taken from the standby and activated, its protocol lines and exit handed on, its ready line
// awaited (bounded), its pid kept on disk (worker-pidfile.ts), killed when the supervisor says so.
import type { Logger } from 'pino';
import { READY_TIMEOUT_MS } from './commands.ts';
import { ACTIVATE_LINE, type WorkerLine } from './protocol.ts';
import { SpareWorker, type SpareHealth } from './standby.ts';
import type { SupervisorOptions } from './supervisor-types.ts';
import { WorkerPidFile } from './worker-pidfile.ts';
import { WorkerProcess, type WorkerExit } from './worker-process.ts';

/** What the slot tells the supervisor, always about the current worker (an earlier process is not heard). */
export interface SlotListener {
  line(line: WorkerLine): void;
  /** The worker exited; `onPurpose`: it was killed by kill(), for a reason the supervisor already noted. */
  exit(exit: WorkerExit, onPurpose: boolean): void;
  /** No ready line within `ms`: the supervisor notes it, then the slot kills the worker. */
  readyTimedOut(ms: number): void;
}

export class WorkerSlot {
  private proc: WorkerProcess | undefined;
  private readyTimer: NodeJS.Timeout | undefined;
  private killedOnPurpose = false;
  private readonly spare: SpareWorker | undefined;
  private readonly pidFile: WorkerPidFile | undefined;
  private readonly readyMs: number;
  private readonly log: Logger;
  private readonly opts: SupervisorOptions;
  private readonly listener: SlotListener;

  constructor(opts: SupervisorOptions, log: Logger, listener: SlotListener) {
    this.opts = opts;
    this.log = log;
    this.listener = listener;
    this.readyMs = opts.readyTimeoutMs ?? READY_TIMEOUT_MS;
    this.pidFile = opts.pidFile ? new WorkerPidFile(opts.pidFile) : undefined;
    if (opts.standby === true) {
      this.spare = new SpareWorker({ file: opts.powershell, args: opts.args, cwd: opts.cwd, env: opts.env, logger: log, readyTimeoutMs: this.readyMs, scriptVersion: opts.expect?.scriptVersion, retryMs: opts.standbyRetryMs });
    }
  }

  /** The worker's pid while it runs, else null. */
  get pid(): number | null {
    return this.proc?.alive ? (this.proc.pid ?? null) : null;
  }

  get writable(): boolean {
    return this.proc?.writable ?? false;
  }

  /** Writes one encoded line to the worker; false when it cannot take it. */
  write(line: string): boolean {
    return this.proc?.write(line) ?? false;
  }

  /** True when a pid file is kept: a worker left by a crashed server must be ended before the first start. */
  get guardsOrphans(): boolean {
    return this.pidFile !== undefined;
  }

  /** Ends the worker an earlier server left (worker-pidfile.ts); rejects when it will not die. */
  async endOrphan(): Promise<void> {
    await this.pidFile?.endOrphan(this.log);
  }

  /** Starts a fresh worker process. */
  spawn(): void {
    const proc = new WorkerProcess({ file: this.opts.powershell, args: this.opts.args, cwd: this.opts.cwd, env: this.opts.env, logger: this.log });
    this.adopt(proc);
    proc.start();
    this.log.info({ pid: proc.pid, powershell: this.opts.powershell }, 'worker spawned');
    if (proc.pid !== undefined) this.pidFile?.record(proc.pid, this.log);
  }

  /** Makes the standby worker the worker (it starts its port now); false when there is none to take. */
  promoteSpare(): boolean {
    const proc = this.spare?.take();
    if (!proc) return false;
    this.adopt(proc);
    proc.write(ACTIVATE_LINE);
    this.log.info({ pid: proc.pid }, 'standby worker activated in place of the one that exited');
    if (proc.pid !== undefined) this.pidFile?.record(proc.pid, this.log);
    return true;
  }

  /** The ready (or failed) line came: the start is no longer timed. */
  started(): void {
    clearTimeout(this.readyTimer);
  }

  /** Keeps a standby worker beside a ready one (when the server runs with one). */
  ensureSpare(): void {
    this.spare?.ensure();
  }

  /** Kills the worker on purpose: its exit is reported with onPurpose, keeping the reason already noted. */
  kill(): void {
    this.killedOnPurpose = true;
    this.proc?.kill();
  }

  /** Graceful end of both the worker and the spare (stdin closed, bounded wait, then killed). */
  async shutdown(waitMs: number, spareWaitMs: number): Promise<void> {
    clearTimeout(this.readyTimer);
    const spareStopped = this.spare?.stop(spareWaitMs);
    await this.proc?.shutdown(waitMs);
    await spareStopped;
  }

  spareHealth(): SpareHealth | null {
    return this.spare ? this.spare.health(true) : null;
  }

  private adopt(proc: WorkerProcess): void {
    this.killedOnPurpose = false;
    this.proc = proc;
    proc.on('line', (line) => {
      if (proc !== this.proc) return;
      try {
        this.listener.line(line);
      } catch (err) {
        // A bug here must not take the server down (the worker would go on without it): log it loudly.
        this.log.error({ err, line }, 'handling a worker line failed');
      }
    });
    proc.on('exit', (exit) => {
      if (proc !== this.proc) return;
      this.pidFile?.clear(proc.pid, this.log);
      clearTimeout(this.readyTimer);
      this.listener.exit(exit, this.killedOnPurpose);
    });
    const readyMs = this.readyMs;
    this.readyTimer = setTimeout(() => {
      this.listener.readyTimedOut(readyMs);
      this.kill();
    }, readyMs);
  }
}
