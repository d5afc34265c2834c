// reconciler.ts - runs reconciliation: reads today's orders while today's unknown orders wait for a decision, stores
// each step (when, rows read, new rows, candidates, decision) and settles what a read decides.
import type { Logger } from 'pino';
import { beijingDay } from '../core/clock.ts';
import { RECONCILE_INTERVAL_MS, countsTowardAbsent, decide, toClientOrders } from './reconcile.ts';
import type { StepRow } from './rows.ts';
import type { JournalStore } from './store.ts';

export type ReadOrders = (signal?: AbortSignal) => Promise<Array<Record<string, unknown>>>;

export interface ReconcileResult {
  settled: number;
  waiting: number;
  ambiguous: number;
}

export interface LastReconcile extends ReconcileResult {
  at: string;
  error: string | null;
}

const sameStep = (a: StepRow | undefined, decision: string, candidates: readonly string[]): boolean =>
  a?.decision === decision && a.candidates.join(',') === candidates.join(',');

/** One read of today's orders and what it decides for today's unknown rows; older days are left to the operator. */
export async function reconcileOnce(store: JournalStore, readOrders: ReadOrders, logger: Logger, now: () => Date = () => new Date(), absentAfterMs?: number): Promise<ReconcileResult> {
  const today = beijingDay(now());
  const rows = store.unsettled().filter((r) => r.day === today && (r.kind === 'buy' || r.kind === 'sell'));
  const result: ReconcileResult = { settled: 0, waiting: 0, ambiguous: 0 };
  if (rows.length === 0) return result;
  const read = await readOrders();
  const orders = toClientOrders(read);
  const at = now();
  const steps = new Map(rows.map((r) => [r.id, store.steps(r.id)]));
  const decisions = decide(rows, orders, store.linkedEntrustNos(today), { now: at, readsBefore: (id) => (steps.get(id) ?? []).filter(countsTowardAbsent).length, absentAfterMs });
  for (const d of decisions) {
    const step = { orderId: d.id, at: at.toISOString(), how: 'auto' as const, rowsRead: read.length, newRows: d.newRows, candidates: d.candidates, decision: d.decision, note: d.note };
    if (d.decision === 'accepted' || d.decision === 'absent') {
      if (store.settle(d.id, d.decision, d.note, d.entrustNo, step, at)) {
        result.settled++;
        logger.warn({ journalId: d.id, settlement: d.decision, entrustNo: d.entrustNo, how: d.note }, 'settled an order of unknown outcome');
      }
    } else if (d.decision === 'waiting' || d.decision === 'incomplete') {
      store.addStep(step);
      result.waiting++;
    } else {
      // An ambiguous row is noted once per change of candidates, not at every read.
      if (!sameStep(steps.get(d.id)?.at(-1), d.decision, d.candidates)) {
        store.addStep(step);
        logger.warn({ journalId: d.id, candidates: d.candidates }, 'order of unknown outcome is ambiguous: several matching orders; settle it by hand');
      }
      result.ambiguous++;
    }
  }
  return result;
}

/** Schedules reads: soon after an unknown outcome, when a worker is ready, then every RECONCILE_INTERVAL_MS while a row waits. */
export class Reconciler {
  private readonly store: JournalStore;
  private readonly readOrders: ReadOrders;
  private readonly log: Logger;
  private readonly now: () => Date;
  private readonly absentAfterMs: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = 0;
  private running = false;
  private again = false;
  last: LastReconcile | null = null;

  constructor(store: JournalStore, readOrders: ReadOrders, log: Logger, now: () => Date = () => new Date(), absentAfterMs?: number) {
    this.store = store;
    this.readOrders = readOrders;
    this.log = log;
    this.now = now;
    this.absentAfterMs = absentAfterMs;
  }

  /** Runs once after `delayMs` (an earlier planned run stands). */
  schedule(delayMs = 0): void {
    const at = Date.now() + delayMs;
    if (this.timer && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runNow();
    }, delayMs);
    this.timer.unref();
  }

  /** Runs one reconciliation now (one at a time: a call during a run runs again after it); returns how many it settled. */
  async runNow(): Promise<number> {
    if (this.running) {
      this.again = true;
      return 0;
    }
    this.running = true;
    let next: number | undefined;
    try {
      const r = await reconcileOnce(this.store, this.readOrders, this.log, this.now, this.absentAfterMs);
      this.last = { at: this.now().toISOString(), ...r, error: null };
      if (r.waiting > 0) next = RECONCILE_INTERVAL_MS;
      return r.settled;
    } catch (err) {
      this.last = { at: this.now().toISOString(), settled: 0, waiting: 0, ambiguous: 0, error: (err as Error).message };
      this.log.warn({ err }, 'reconciliation failed; will retry');
      next = RECONCILE_INTERVAL_MS;
      return 0;
    } finally {
      this.running = false;
      if (this.again) {
        this.again = false;
        next = 0;
      }
      if (next !== undefined) this.schedule(next);
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
