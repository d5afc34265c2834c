// worker-process.ts - one PowerShell worker process: spawn, write request lines, read protocol lines, report exit.
import { EventEmitter } from 'node:events';
import { execa, type ResultPromise } from 'execa';
import type { Logger } from 'pino';
import { parseWorkerLine, type WorkerLine } from './protocol.ts';
import { bounded } from './bounded.ts';
import { EXIT_DRAIN_MS } from './commands.ts';
import { diagnoseStderr } from './startup-diagnosis.ts';
import { workerEnv } from './runtime-env.ts';

/** A line longer than this is not protocol: it is dropped as garbage. */
const MAX_LINE_BYTES = 16 * 1024 * 1024;

export interface WorkerProcessOptions {
  file: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  logger: Logger;
}

export interface WorkerExit {
  exitCode: number | null;
  signal: string | null;
  /** Why it could not run, read from its stderr (startup-diagnosis.ts), when it said so. */
  diagnosis?: string | undefined;
}

/**
 * Events: 'line' (WorkerLine), 'exit' (WorkerExit, after stdout is drained). Kill takes the whole process tree:
 * on POSIX the worker leads its own process group; on Windows taskkill /T.
 */
export class WorkerProcess extends EventEmitter<{ line: [WorkerLine]; exit: [WorkerExit] }> {
  readonly startedAt = Date.now();
  private child: ResultPromise | undefined;
  private exited = false;
  private diagnosis: string | undefined;
  private pending = '';
  private readonly log: Logger;
  private readonly opts: WorkerProcessOptions;

  constructor(opts: WorkerProcessOptions) {
    super();
    this.opts = opts;
    this.log = opts.logger;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return this.child !== undefined && !this.exited;
  }

  /** Spawns the process; spawn errors surface as an 'exit' with exitCode null. */
  start(): void {
    const child = execa(this.opts.file, this.opts.args, {
      cwd: this.opts.cwd,
      env: workerEnv(process.env, this.opts.env),
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      detached: process.platform !== 'win32',
      cleanup: true,
      windowsHide: true,
    });
    this.child = child;
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onStdout(chunk));
    let errBuf = '';
    child.stderr.on('data', (chunk: string) => {
      errBuf += chunk;
      let nl: number;
      while ((nl = errBuf.indexOf('\n')) >= 0) {
        const line = errBuf.slice(0, nl).replace(/\r$/, '');
        errBuf = errBuf.slice(nl + 1);
        if (line.trim()) this.log.info({ stderr: line }, 'worker stderr');
        const diagnosis = diagnoseStderr(line);
        if (diagnosis !== undefined && this.diagnosis === undefined) {
          this.diagnosis = diagnosis;
          this.log.error({ diagnosis }, 'the worker cannot run');
        }
      }
    });
    child.stdin.on('error', (err) => this.log.debug({ err }, 'worker stdin error'));
    // 'close' fires after the stdio pipes are drained, so no reply that was written before death is lost.
    let exitSeen: WorkerExit | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    const finish = (exit: WorkerExit): void => {
      if (this.exited) return;
      this.exited = true;
      if (drainTimer) clearTimeout(drainTimer);
      if (this.pending.trim()) this.emitLine(this.pending);
      this.pending = '';
      this.emit('exit', this.diagnosis === undefined ? exit : { ...exit, diagnosis: this.diagnosis });
    };
    child.nodeChildProcess.on('exit', (code, signal) => {
      const seen = { exitCode: code, signal };
      exitSeen = seen;
      // A grandchild may hold stdout open after the worker died: don't wait for it forever.
      drainTimer = setTimeout(() => finish(seen), EXIT_DRAIN_MS);
    });
    child.nodeChildProcess.on('close', (code: number | null, signal: string | null) => finish(exitSeen ?? { exitCode: code, signal }));
    child.nodeChildProcess.on('error', (err) => {
      this.log.error({ err }, 'worker process error');
      if (child.pid === undefined) finish({ exitCode: null, signal: null });
    });
    child.catch(() => undefined);
  }

  /** True while a request line can be written (the process runs and its stdin is open). */
  get writable(): boolean {
    return this.alive && this.child?.stdin !== undefined && this.child.stdin !== null && !this.child.stdin.destroyed && !this.child.stdin.writableEnded;
  }

  /** Writes one encoded request line; false when the process is gone. */
  write(line: string): boolean {
    if (!this.writable || !this.child?.stdin) return false;
    this.child.stdin.write(line);
    return true;
  }

  /** Closes stdin: the worker exits on EOF. */
  closeInput(): void {
    this.child?.stdin?.end();
  }

  /**
   * Graceful end: closes stdin (the worker exits on EOF), waits up to `waitMs` for the exit, then kills what remains
   * and waits for its pipes to drain (bounded).
   */
  async shutdown(waitMs: number): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((r) => this.once('exit', () => r()));
    this.closeInput();
    await bounded(exited, waitMs);
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- `alive` changes while we await the exit
    if (this.alive) {
      this.kill();
      await bounded(exited, EXIT_DRAIN_MS);
    }
  }

  /** Kills the worker and everything it started. */
  kill(): void {
    const pid = this.child?.pid;
    if (pid === undefined || this.exited) return;
    try {
      if (process.platform === 'win32') {
        void execa('taskkill', ['/PID', String(pid), '/T', '/F'], { reject: false, windowsHide: true });
      } else {
        process.kill(-pid, 'SIGKILL');
      }
    } catch {
      try {
        this.child?.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }

  private onStdout(chunk: string): void {
    this.pending += chunk;
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl).replace(/\r$/, '');
      this.pending = this.pending.slice(nl + 1);
      if (line.trim()) this.emitLine(line);
    }
    if (this.pending.length > MAX_LINE_BYTES) {
      this.emit('line', { kind: 'garbage', line: this.pending.slice(0, 200), why: 'line too long' });
      this.pending = '';
    }
  }

  private emitLine(line: string): void {
    this.emit('line', parseWorkerLine(line.replace(/^\uFEFF/, '')));
  }
}
