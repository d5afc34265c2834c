// restart-policy.ts - when to restart a worker that exited, and when to stop trying: a backoff by the number of
// recent exits, and a crash loop (too many exits within a window) that puts the bridge in `failed`.
import { CRASH_LOOP_COUNT, CRASH_LOOP_WINDOW_MS, RESTART_BACKOFF_MS } from './commands.ts';

export type RestartDecision = { kind: 'restart'; waitMs: number } | { kind: 'crash-loop'; exits: number; windowS: number };

export class RestartPolicy {
  private exitTimes: number[] = [];
  private readonly backoff: readonly number[];
  private readonly loopCount: number;

  constructor(opts: { backoffMs?: readonly number[] | undefined; crashLoopCount?: number | undefined } = {}) {
    this.backoff = opts.backoffMs ?? RESTART_BACKOFF_MS;
    this.loopCount = opts.crashLoopCount ?? CRASH_LOOP_COUNT;
  }

  /** Records an exit at `now` and says what to do: restart after a wait, or stop (a crash loop). */
  exited(now: number = Date.now()): RestartDecision {
    this.exitTimes = this.exitTimes.filter((t) => now - t < CRASH_LOOP_WINDOW_MS);
    this.exitTimes.push(now);
    const n = this.exitTimes.length;
    if (n >= this.loopCount) return { kind: 'crash-loop', exits: n, windowS: CRASH_LOOP_WINDOW_MS / 1000 };
    return { kind: 'restart', waitMs: this.backoff[Math.min(n - 1, this.backoff.length - 1)] ?? 0 };
  }

  /** Forgets the exits (a retry after `failed` starts afresh). */
  reset(): void {
    this.exitTimes = [];
  }
}
