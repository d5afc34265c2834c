// job-queue.ts - the commands waiting for the worker's turn: each one waits a bounded time, and leaves the queue
// unsent when its caller goes away (request_abandoned). What is shifted out is the supervisor's to write.
import type { Logger } from 'pino';
import { abandonedError, type BridgeError } from './bridge-error.ts';
import { mergeReads } from './read-merge.ts';
import type { Job } from './supervisor-types.ts';

export class JobQueue {
  private jobs: Job[] = [];
  private readonly log: Logger;

  constructor(log: Logger) {
    this.log = log;
  }

  get length(): number {
    return this.jobs.length;
  }

  /**
   * Queues a job. Past `waitMs` it leaves with `waitError()`; when `signal` aborts while it still waits, it leaves with
   * request_abandoned. Either way it was never written.
   */
  push(job: Job, waitMs: number, waitError: () => BridgeError, signal?: AbortSignal): void {
    job.timer = setTimeout(() => {
      this.remove(job);
      job.reject(waitError());
    }, waitMs);
    if (signal) {
      const onAbort = (): void => {
        if (!this.jobs.includes(job)) return; // written already: it runs to its end
        clearTimeout(job.timer);
        this.remove(job);
        this.log.info({ cmd: job.cmd, id: job.id }, 'caller went away while its command was queued: dropped, never sent');
        job.reject(abandonedError(job.cmd));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      job.detach = () => signal.removeEventListener('abort', onAbort);
    }
    this.jobs.push(job);
  }

  /** The next job, its wait timer and abort listener cleared (from now on its caller cannot drop it). */
  shift(): Job | undefined {
    const job = this.jobs.shift();
    if (job) this.release(job);
    return job;
  }

  /** The next job, with every identical queued read merged into it (read-merge.ts: one client read answers them all). */
  shiftMerged(): Job | undefined {
    const next = this.shift();
    if (next?.readKey === undefined) return next;
    return mergeReads(next, this.takeSame(next.readKey));
  }

  /** Takes out every queued job whose readKey is `key` (identical reads, read-merge.ts), released like shift(). */
  takeSame(key: string): Job[] {
    const same = this.jobs.filter((j) => j.readKey === key);
    if (same.length === 0) return same;
    this.jobs = this.jobs.filter((j) => j.readKey !== key);
    for (const job of same) this.release(job);
    return same;
  }

  /** Empties the queue, rejecting each job with `errorOf(job)`. */
  drain(errorOf: (job: Job) => BridgeError): void {
    for (const job of this.jobs.splice(0)) {
      this.release(job);
      job.reject(errorOf(job));
    }
  }

  private remove(job: Job): void {
    this.jobs = this.jobs.filter((j) => j !== job);
    job.detach?.();
  }

  private release(job: Job): void {
    clearTimeout(job.timer);
    job.detach?.();
  }
}
