// writes.ts - how the gate writes the journal. A write an order needs before it may go on (`critical`): when it fails
// the order is refused with 503 journal_unavailable and no order is taken until a real write works again. A write
// after the order went on (`later`: submitted, the outcome, the reply): never thrown at the caller or into the
// bridge; what could not be written is kept in memory, in order, and written when the journal works again.
import type { Logger } from 'pino';
import { GatewayError } from '../core/errors.ts';
import type { JournalStore } from './store.ts';

/** Rows whose later writes may wait in memory; past it the oldest is given up (a restart recovers it as not_sent / unknown). */
export const MAX_PENDING_ROWS = 256;
/** While writes wait or the journal failed, try it again this often (each try may wait BUSY_TIMEOUT_MS for a lock). */
export const REPAIR_RETRY_MS = 5_000;

export interface JournalFailure {
  at: string;
  /** The write that failed (e.g. "insert", "sent", "probe"). */
  what: string;
  message: string;
}

interface Pending {
  what: string;
  write: () => void;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class JournalWrites {
  private readonly store: JournalStore;
  private readonly log: Logger;
  private failure: JournalFailure | null = null;
  private readonly pending = new Map<number, Pending[]>();
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(store: JournalStore, log: Logger) {
    this.store = store;
    this.log = log;
  }

  /** False from a failed write until a probe write and every kept write have gone through. */
  get writable(): boolean {
    return this.failure === null;
  }

  /** Runs a write the order cannot go on without; on failure the journal is marked failing and journal_unavailable thrown. */
  critical<T>(what: string, write: () => T): T {
    try {
      return write();
    } catch (err) {
      this.fail(what, err);
      throw new GatewayError('journal_unavailable', `无法写入委托日志（${what}：${messageOf(err)}），没有下单；日志恢复可写之前不接受新委托。(the order journal cannot record: nothing was placed)`, { cause: err });
    }
  }

  /** Runs a write of row `id` after its order went on; never throws: a failed one is kept and retried, after the row's earlier ones. */
  later(id: number, what: string, write: () => void): void {
    const queued = this.pending.get(id);
    if (queued || this.failure !== null) {
      this.keep(id, { what, write }); // behind this row's earlier writes; no lock wait while the journal fails
      return;
    }
    try {
      write();
    } catch (err) {
      this.fail(what, err);
      this.keep(id, { what, write });
    }
  }

  /**
   * Before a new order: nothing to do while the journal works; after a failure, a real write (probe) and then the
   * kept writes. Throws journal_unavailable while any of them fails.
   */
  ready(): void {
    if (this.failure === null && this.pending.size === 0) {
      this.stopTimer();
      return;
    }
    let what = 'probe';
    try {
      this.store.probe();
      for (const [id, writes] of this.pending) {
        while (writes.length > 0) {
          // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- length checked
          const w = writes[0]!;
          what = w.what;
          w.write();
          writes.shift();
        }
        this.pending.delete(id);
      }
    } catch (err) {
      this.fail(what, err);
      throw new GatewayError('journal_unavailable', `委托日志仍无法写入（${what}：${messageOf(err)}），为保证每笔委托都有记录，暂停下单。(the order journal still cannot record; orders are stopped)`, { cause: err });
    }
    if (this.failure !== null) this.log.warn({ after: this.failure }, 'order journal writable again; orders accepted');
    this.failure = null;
    this.stopTimer();
  }

  /** Notes a failed write (logged once per failure spell) and keeps retrying in the background. */
  fail(what: string, err: unknown): void {
    const first = this.failure === null;
    this.failure = { at: new Date().toISOString(), what, message: messageOf(err) };
    if (first) this.log.error({ err, what }, 'order journal write failed: orders are refused until it records again');
    this.startTimer();
  }

  /** For /health. */
  health(): { writable: boolean; lastFailure: JournalFailure | null; pendingWrites: number; droppedWrites: number } {
    let n = 0;
    for (const w of this.pending.values()) n += w.length;
    return { writable: this.failure === null, lastFailure: this.failure, pendingWrites: n, droppedWrites: this.dropped };
  }

  /** Stops the background retry (shutdown, tests). */
  stop(): void {
    this.stopTimer();
  }

  private keep(id: number, p: Pending): void {
    const list = this.pending.get(id);
    if (list) list.push(p);
    else this.pending.set(id, [p]);
    if (this.pending.size > MAX_PENDING_ROWS) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the map is not empty
      const [oldest, lost] = this.pending.entries().next().value!;
      this.pending.delete(oldest);
      this.dropped++;
      this.log.error({ journalId: oldest, lost: lost.map((w) => w.what) }, 'too many journal writes waiting: gave up the oldest row\'s (a restart recovers it as not_sent or unknown)');
    }
    this.startTimer();
  }

  private startTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      try {
        this.ready();
      } catch {
        // still failing: fail() kept the reason; the next tick tries again
      }
    }, REPAIR_RETRY_MS);
    this.timer.unref();
  }

  private stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
