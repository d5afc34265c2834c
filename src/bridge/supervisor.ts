// supervisor.ts - policy for the one worker: state machine, single-flight queue (the `sending` hook before each line,
// abandoned requests dropped, the dry-run lock), timeouts, restarts with backoff or onto the standby worker. The
// process itself, its start, the spare and the pid file are the slot's (worker-slot.ts).
import type { Logger } from 'pino';
import { bounded } from './bounded.ts';
import { healthOf, type BridgeState, type HealthInfo, type Job, type SupervisorOptions } from './supervisor-types.ts';
import type { WorkerExit } from './worker-process.ts';
import { encodeRequest, type ReadyInfo, type WorkerLine } from './protocol.ts';
import { WorkerSlot } from './worker-slot.ts';
import { notifyJob, observeEnd, rejectOnExit, settleReply } from './job-outcome.ts';
import {
  abandonedError, type BridgeError, dryRunLockedError, failedError, mismatchReason, notWrittenError, queueFullError, queueWaitError,
  shuttingDownError, timeoutError,
} from './bridge-error.ts';
import { JobQueue } from './job-queue.ts';
import { readKey } from './read-merge.ts';
import { ClientFacts } from './client-facts.ts';
import { RestartPolicy } from './restart-policy.ts';
import { COMMANDS, FAILED_RETRY_MS, QUEUE_LIMIT, QUEUE_WAIT_MS, SHUTDOWN_DEADLINE_MS, STOP_MIN_WAIT_MS, type CommandName } from './commands.ts';

export type { BridgeState, HealthInfo, SupervisorOptions } from './supervisor-types.ts';

export class WorkerSupervisor {
  private state: BridgeState = 'stopped';
  private info: ReadyInfo | undefined;
  private readyAt: number | undefined;
  private inFlight: Job | undefined;
  private nextId = 1;
  private restarts = 0;
  private mergedReads = 0;
  private lastError: { message: string; at: string } | null = null;
  /** The next restart, or the retry out of `failed`. */
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private readyWaiters: Array<() => void> = [];
  /** When a command last started or finished (the keep-alive refreshes after a quiet interval). */
  private lastActivity = Date.now();
  readonly facts = new ClientFacts();
  private readyListeners: Array<() => void> = [];
  /** Woken when the command in flight settles (a graceful stop waits for it). */
  private idleWaiters: Array<() => void> = [];
  private readonly log: Logger;
  private readonly opts: SupervisorOptions;
  private readonly restartPolicy: RestartPolicy;
  private readonly queue: JobQueue;
  /** The worker process of the moment, its start and the standby worker beside it. */
  private readonly slot: WorkerSlot;

  constructor(opts: SupervisorOptions) {
    this.opts = opts;
    this.log = opts.logger.child({ component: 'bridge' });
    this.queue = new JobQueue(this.log);
    this.restartPolicy = new RestartPolicy({ backoffMs: opts.backoffMs, crashLoopCount: opts.crashLoopCount });
    this.slot = new WorkerSlot(opts, this.log, {
      line: (line) => this.onLine(line),
      exit: (exit, onPurpose) => this.onExit(exit, onPurpose),
      readyTimedOut: (ms) => {
        this.noteError(`worker did not print its ready line within ${ms} ms`);
        this.log.error({ readyMs: ms }, 'worker start timed out; killing it');
      },
    });
  }

  get status(): BridgeState {
    return this.state;
  }

  /** Starts the worker (idempotent); resolves once it is ready, failed or stopped. */
  start(): Promise<void> {
    if (this.state === 'stopped' && !this.stopping) this.launch('starting');
    return this.settled();
  }

  /**
   * Sends one command and resolves with its result; rejects with a BridgeError (or what the `sending` hook threw).
   * Never re-sends an order. A command that changes the client is refused in dry-run; `signal` aborted while the
   * command is still queued drops it (request_abandoned); once written it runs to its end.
   */
  request(cmd: CommandName, args: Record<string, unknown> = {}, onEvent?: (event: string) => void, signal?: AbortSignal): Promise<unknown> {
    const refused = this.refusal(cmd, signal);
    if (refused) return Promise.reject(refused);
    this.lastActivity = Date.now();
    const promise = new Promise<unknown>((resolve, reject) => {
      const job: Job = { id: this.nextId++, cmd, args, events: [], resolve, reject, onEvent, readKey: readKey(cmd, args) };
      const waitMs = this.opts.queueWaitMs ?? QUEUE_WAIT_MS;
      this.queue.push(job, waitMs, () => queueWaitError(cmd, waitMs, this.state), signal);
      this.pump();
    });
    observeEnd(promise, { cmd, args }, this.facts, () => {
      this.lastActivity = Date.now();
    });
    return promise;
  }

  /** Why a request is refused before it is queued (the dry-run lock, caller gone, stopping, failed, queue full). */
  private refusal(cmd: CommandName, signal: AbortSignal | undefined): BridgeError | undefined {
    if (this.opts.dryRun && COMMANDS[cmd].effect) {
      this.log.warn({ cmd }, 'dry run: a command that changes the client was refused by the bridge');
      return dryRunLockedError(cmd);
    }
    if (signal?.aborted) return abandonedError(cmd);
    if (this.stopping || this.state === 'stopped') return shuttingDownError(cmd);
    if (this.state === 'failed') return failedError(cmd, this.lastError?.message);
    const limit = this.opts.queueLimit ?? QUEUE_LIMIT;
    return this.queue.length >= limit ? queueFullError(cmd, limit) : undefined;
  }

  /** Milliseconds since the last command started or finished; 0 while one is queued or running. */
  idleMs(): number {
    if (this.inFlight || this.queue.length > 0) return 0;
    return Date.now() - this.lastActivity;
  }

  /** Graceful stop: refuse new work, let the command in flight finish (bounded), close stdin, kill what remains. */
  async stop(deadlineMs: number = SHUTDOWN_DEADLINE_MS): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.queue.drain((job) => shuttingDownError(job.cmd));
    const deadline = Date.now() + deadlineMs;
    if (this.inFlight) await bounded(new Promise<void>((r) => this.idleWaiters.push(r)), deadlineMs);
    await this.slot.shutdown(Math.max(STOP_MIN_WAIT_MS, deadline - Date.now()), STOP_MIN_WAIT_MS);
    this.setState('stopped');
    this.wakeWaiters();
  }

  health(): HealthInfo {
    return healthOf(this.info, {
      state: this.state, pid: this.slot.pid, readyAt: this.readyAt, restarts: this.restarts,
      queued: this.queue.length, inFlight: this.inFlight?.cmd ?? null, mergedReads: this.mergedReads, lastError: this.lastError, client: this.facts.snapshot(),
      standby: this.slot.spareHealth(),
    });
  }

  /** Calls `fn` every time a worker becomes ready (after start and after each restart). */
  onReady(fn: () => void): void {
    this.readyListeners.push(fn);
  }

  private clearInFlight(): void {
    this.inFlight = undefined;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private settled(): Promise<void> {
    if (this.state !== 'starting' && this.state !== 'restarting') return Promise.resolve();
    return new Promise((r) => this.readyWaiters.push(r));
  }

  private wakeWaiters(): void {
    for (const w of this.readyWaiters.splice(0)) w();
  }

  private setState(next: BridgeState, why?: string): void {
    if (this.state === next) return;
    this.log.info({ from: this.state, to: next, why }, 'worker state');
    this.state = next;
  }

  private noteError(message: string): void {
    this.lastError = { message, at: new Date().toISOString() };
  }

  /** Ends a worker left by a crashed server (when the pid file names one), then spawns; `failed` when it won't die. */
  private launch(state: 'starting' | 'restarting'): void {
    if (!this.slot.guardsOrphans) {
      this.spawn(state);
      return;
    }
    this.setState(state, 'looking for a worker left by an earlier server');
    this.slot.endOrphan().then(
      () => {
        if (!this.stopping) this.spawn(state);
      },
      (err: unknown) => {
        if (this.stopping) return;
        this.noteError((err as Error).message);
        this.log.error({ err }, 'could not end the worker left by an earlier server; not starting another one');
        this.enterFailed();
      },
    );
  }

  private spawn(state: 'starting' | 'restarting'): void {
    this.setState(state);
    this.info = undefined;
    this.slot.spawn();
  }

  private onLine(line: WorkerLine): void {
    if (line.kind !== 'garbage' && line.junk !== undefined) {
      this.log.warn({ junk: line.junk.slice(0, 500), kind: line.kind }, 'non-protocol text before a protocol line from the worker; the line is kept, the text ignored');
    }
    switch (line.kind) {
      case 'ready': {
        this.slot.started();
        const mismatch = this.opts.expect ? mismatchReason(this.opts.expect, line.info) : undefined;
        if (mismatch !== undefined) {
          this.noteError(`worker refused: ${mismatch}`);
          this.log.error({ worker: line.info, mismatch }, 'worker does not match this server; refused');
          this.enterFailed();
          this.slot.kill();
          return;
        }
        this.info = line.info;
        this.readyAt = Date.now();
        this.setState('ready');
        this.log.info({ worker: line.info }, 'worker ready');
        this.wakeWaiters();
        this.pump();
        for (const fn of this.readyListeners) fn();
        this.slot.ensureSpare();
        return;
      }
      case 'standby':
        return; // a promoted spare's first line, written before it read the activate line
      case 'failed':
        this.slot.started();
        this.noteError(`worker could not start: ${line.reason}`);
        this.log.error({ reason: line.reason }, 'worker reported failed');
        this.enterFailed();
        this.slot.kill();
        return;
      case 'event':
        if (line.id === this.inFlight?.id) {
          this.inFlight.events.push(line.event);
          notifyJob(this.inFlight, line.event, this.log);
        }
        return;
      case 'reply': {
        const job = this.inFlight;
        if (line.reply.id !== job?.id) {
          this.log.warn({ reply: line.reply }, 'reply for no request in flight; ignored');
          return;
        }
        this.clearInFlight();
        settleReply(job, line.reply, this.log);
        this.pump();
        return;
      }
      case 'garbage':
        this.log.warn({ line: line.line.slice(0, 500), why: line.why }, 'non-protocol line from worker; ignored');
        return;
    }
  }

  private onExit(exit: WorkerExit, onPurpose: boolean): void {
    const job = this.inFlight;
    this.clearInFlight();
    if (job) rejectOnExit(job, exit);
    if (this.stopping) return;
    if (this.state === 'failed') return; // a `failed` line already decided
    if (!onPurpose) this.noteError(exit.diagnosis ?? `worker exited (code ${exit.exitCode}, signal ${exit.signal})`);
    const decision = this.restartPolicy.exited();
    if (decision.kind === 'crash-loop') {
      this.log.error({ exits: decision.exits }, 'worker crash loop');
      this.noteError(`worker crashed ${decision.exits} times within ${decision.windowS} s; last: code ${exit.exitCode}, signal ${exit.signal}${exit.diagnosis ? `: ${exit.diagnosis}` : ''}`);
      this.enterFailed();
      return;
    }
    this.setState('restarting', `exit ${exit.exitCode ?? exit.signal}`);
    this.restarts++;
    this.info = undefined;
    if (this.slot.promoteSpare()) return; // no backoff: the spare is already running
    this.timer = setTimeout(() => this.spawn('restarting'), decision.waitMs);
  }

  private enterFailed(): void {
    this.setState('failed', this.lastError?.message);
    this.queue.drain((job) => failedError(job.cmd, this.lastError?.message));
    this.wakeWaiters();
    const retry = this.opts.failedRetryMs ?? FAILED_RETRY_MS;
    this.timer = setTimeout(() => {
      if (this.stopping) return;
      this.restartPolicy.reset();
      this.restarts++;
      this.launch('restarting');
    }, retry);
  }

  /**
   * Writes the next queued command to an idle, ready worker. `sending` is heard first: a throw there refuses that
   * command (nothing written; it rejects with what was thrown) and the next one is tried.
   */
  private pump(): void {
    for (;;) {
      if (this.state !== 'ready' || this.inFlight || this.stopping || !this.slot.writable) return;
      const job = this.queue.shiftMerged();
      if (!job) return;
      if (job.merged) {
        this.mergedReads += job.merged;
        this.log.debug({ cmd: job.cmd, id: job.id, merged: job.merged }, 'identical queued reads answered by one client read');
      }
      try {
        job.onEvent?.('sending');
      } catch (err) {
        this.log.warn({ err, cmd: job.cmd, id: job.id }, 'the command was refused before it was written (sending hook); nothing sent');
        job.reject(err);
        continue;
      }
      if (!this.slot.write(encodeRequest(job.id, job.cmd, job.args))) {
        job.reject(notWrittenError(job.cmd));
        continue;
      }
      this.inFlight = job;
      notifyJob(job, 'sent', this.log);
      this.armTimeout(job);
      return;
    }
  }

  /** The command's deadline: past it the worker is killed (an order's fate is decided once its output is drained). */
  private armTimeout(job: Job): void {
    const timeoutMs = this.opts.timeouts?.[job.cmd] ?? COMMANDS[job.cmd].timeoutMs;
    job.timer = setTimeout(() => {
      if (this.inFlight !== job) return;
      this.noteError(`${job.cmd} timed out after ${timeoutMs} ms`);
      this.log.error({ cmd: job.cmd, timeoutMs }, 'command timed out; killing the worker');
      this.setState('restarting', 'command timed out'); // nothing more is sent to a worker being killed
      if (COMMANDS[job.cmd].isOrder) {
        // Decide "sent or not" only after the worker's output is drained: a `submitting` line may still be in the pipe.
        job.timedOut = timeoutMs;
      } else {
        this.clearInFlight();
        job.reject(timeoutError(job.cmd, timeoutMs, false, false));
      }
      this.slot.kill();
    }, timeoutMs);
  }
}
