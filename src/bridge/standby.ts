// standby.ts - the spare worker: a second PowerShell started with -Standby and kept waiting (its code loaded, the
// client and the simulated client's state file untouched), handed over when the active worker dies or is killed,
// so the next command waits for an activation (the port started on the real client) instead of a cold start.
import type { Logger } from 'pino';
import { STANDBY_RETRY_MS } from './commands.ts';
import type { StandbyInfo, WorkerLine } from './protocol.ts';
import { WorkerProcess, type WorkerExit } from './worker-process.ts';

/** off: not wanted yet (or stopped); starting: spawned, no standby line yet; ready: waiting for activation; failed: gave up. */
export type SpareState = 'off' | 'starting' | 'ready' | 'failed';

export interface SpareHealth {
  /** The server runs with a standby worker (--standby on). */
  enabled: boolean;
  state: SpareState;
  pid: number | null;
  /** Spawn to standby line of the spare now waiting, in ms. */
  startMs: number | null;
  /** What its warm-up took (the simulated backend only), in ms. */
  warmupMs: number | null;
  /** Spares handed over to replace a dead worker, since the server started. */
  promotions: number;
  lastError: { message: string; at: string } | null;
}

export interface SpareOptions {
  file: string;
  /** The worker's own arguments: -Standby is added. */
  args: string[];
  cwd: string;
  env?: Record<string, string> | undefined;
  logger: Logger;
  readyTimeoutMs: number;
  /** The scriptVersion the standby line must announce (a spare of another release is refused). */
  scriptVersion?: string | undefined;
  /** Delays before a spare that exited is started again (default STANDBY_RETRY_MS). */
  retryMs?: readonly number[] | undefined;
}

export class SpareWorker {
  private proc: WorkerProcess | undefined;
  private state: SpareState = 'off';
  private info: StandbyInfo | undefined;
  private startMs: number | null = null;
  private failures = 0;
  private promotions = 0;
  private lastError: SpareHealth['lastError'] = null;
  private timer: NodeJS.Timeout | undefined;
  /** The spare we killed for a reason already noted (its exit keeps that reason). */
  private refused: WorkerProcess | undefined;
  private readonly log: Logger;
  private readonly opts: SpareOptions;

  constructor(opts: SpareOptions) {
    this.opts = opts;
    this.log = opts.logger.child({ worker: 'standby' });
  }

  /** Starts a spare unless one runs or waits to be retried; after a give-up (failed), starts afresh. */
  ensure(): void {
    if (this.proc || this.timer) return;
    if (this.state === 'failed') this.failures = 0;
    this.spawn();
  }

  /**
   * Hands the spare over (ready, or still starting: the activate line waits in its stdin) and forgets it; undefined
   * when there is none. The caller writes the activate line and owns the process from here.
   */
  take(): WorkerProcess | undefined {
    const proc = this.proc;
    if (!proc?.writable || (this.state !== 'ready' && this.state !== 'starting')) return undefined;
    proc.removeAllListeners('line');
    proc.removeAllListeners('exit');
    clearTimeout(this.timer);
    this.timer = undefined;
    this.proc = undefined;
    this.info = undefined;
    this.startMs = null;
    this.state = 'off';
    this.promotions++;
    return proc;
  }

  /** Ends the spare (it exits at end of input) and starts none until ensure() is called again. */
  async stop(waitMs: number): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const proc = this.proc;
    this.proc = undefined;
    this.state = 'off';
    if (proc) {
      proc.removeAllListeners('exit');
      await proc.shutdown(waitMs);
    }
  }

  health(enabled: boolean): SpareHealth {
    return {
      enabled,
      state: this.state,
      pid: this.proc?.alive ? (this.proc.pid ?? null) : null,
      startMs: this.state === 'ready' ? this.startMs : null,
      warmupMs: this.state === 'ready' ? (this.info?.warmupMs ?? null) : null,
      promotions: this.promotions,
      lastError: this.lastError,
    };
  }

  private spawn(): void {
    const proc = new WorkerProcess({ file: this.opts.file, args: [...this.opts.args, '-Standby'], cwd: this.opts.cwd, env: this.opts.env, logger: this.log });
    this.proc = proc;
    this.state = 'starting';
    this.info = undefined;
    proc.on('line', (line) => this.onLine(proc, line));
    proc.on('exit', (exit) => this.onExit(proc, exit));
    this.timer = setTimeout(() => this.refuse(proc, `the standby worker did not print its standby line within ${this.opts.readyTimeoutMs} ms`), this.opts.readyTimeoutMs);
    proc.start();
    this.log.info({ pid: proc.pid }, 'standby worker spawned');
  }

  private onLine(proc: WorkerProcess, line: WorkerLine): void {
    if (proc !== this.proc) return;
    if (line.kind === 'standby') {
      const version = this.opts.scriptVersion;
      if (version !== undefined && line.info.scriptVersion !== version) {
        this.refuse(proc, `the standby worker announces script version ${String(line.info.scriptVersion)}, this server is ${version}`);
        return;
      }
      clearTimeout(this.timer);
      this.timer = undefined;
      this.info = line.info;
      this.startMs = Date.now() - proc.startedAt;
      this.state = 'ready';
      this.failures = 0;
      this.log.info({ pid: proc.pid, startMs: this.startMs, warmupMs: line.info.warmupMs }, 'standby worker ready');
    } else if (line.kind === 'failed') {
      this.refuse(proc, `the standby worker could not start: ${line.reason}`);
    } else {
      this.log.warn({ line }, 'unexpected line from the standby worker; ignored');
    }
  }

  /** A spare that will not do: noted, killed; its exit decides on a retry. */
  private refuse(proc: WorkerProcess, message: string): void {
    this.noteError(message);
    this.log.warn({ pid: proc.pid }, message);
    this.refused = proc;
    proc.kill();
  }

  private onExit(proc: WorkerProcess, exit: WorkerExit): void {
    if (proc !== this.proc) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.proc = undefined;
    if (this.refused !== proc) this.noteError(`the standby worker exited (code ${exit.exitCode}, signal ${exit.signal})`);
    this.refused = undefined;
    const wait = (this.opts.retryMs ?? STANDBY_RETRY_MS)[this.failures];
    this.failures++;
    if (wait === undefined) {
      this.state = 'failed';
      this.log.error({ failures: this.failures, lastError: this.lastError }, 'the standby worker keeps failing: none until the active worker restarts');
      return;
    }
    this.state = 'off';
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.spawn();
    }, wait);
  }

  private noteError(message: string): void {
    this.lastError = { message, at: new Date().toISOString() };
  }
}
