// order-watch.ts - the order watcher: while an order of today that the client took is still open (no fill-complete or
// cancel seen yet), reads today's orders every interval through the bridge's read path (identical queued reads merge,
// so callers are not starved), compares each watched order's row with what its last watch event said, and journals
// order.partially_filled / order.filled / order.cancelled / order.partially_cancelled once each. Nothing open: no
// read at all. A failed read is logged and tried again at the next tick; it never throws.
import type { Logger } from 'pino';
import type { Bridge } from '../bridge/supervisor-types.ts';
import { beijingDay } from '../core/clock.ts';
import { textOf } from '../core/text.ts';
import type { OrderGate } from '../journal/gate.ts';
import { changes, observe } from './fills.ts';
import { readOrders } from './reports.ts';

/** --events-interval default: a fill shows within about two seconds, at one grid read per interval while orders are open. */
export const DEFAULT_EVENTS_INTERVAL_MS = 2_000;
/** Shortest interval: a grid read takes a few hundred ms on a real client; faster would keep the worker busy. */
export const MIN_EVENTS_INTERVAL_MS = 200;
/** Longest interval: beyond a minute a "push" is no better than polling. */
export const MAX_EVENTS_INTERVAL_MS = 60_000;

export interface OrderWatchOptions {
  bridge: Bridge;
  gate: OrderGate;
  /** Between reads while an order is open; 0 turns the watcher off. */
  intervalMs: number;
  logger: Logger;
  now?: (() => Date) | undefined;
}

export class OrderWatch {
  private readonly opts: OrderWatchOptions;
  private readonly log: Logger;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private abort: AbortController | undefined;
  private failing = false;
  private lastError: string | null = null;
  /** Reads of today's orders this watcher made (tests: none while nothing is open). */
  reads = 0;

  constructor(opts: OrderWatchOptions) {
    this.opts = opts;
    this.log = opts.logger.child({ component: 'order-watch' });
    this.now = opts.now ?? (() => new Date());
  }

  get enabled(): boolean {
    return this.opts.intervalMs > 0 && this.opts.gate.events !== undefined;
  }

  /** Starts the ticks (idempotent; nothing when off or without a journal). */
  start(): void {
    if (!this.enabled || !this.stopped) return;
    this.stopped = false;
    this.log.info({ intervalMs: this.opts.intervalMs }, 'order watcher on: reads today\'s orders while one is open');
    this.schedule();
  }

  /** Stops the ticks; a read still queued in the bridge is dropped. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.abort?.abort();
  }

  /** For /health: the interval (0: off), how many reads so far, and the last failed read's message. */
  health(): { intervalMs: number; reads: number; lastError: string | null } {
    return { intervalMs: this.enabled ? this.opts.intervalMs : 0, reads: this.reads, lastError: this.lastError };
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick().finally(() => {
        this.schedule();
      });
    }, this.opts.intervalMs);
    this.timer.unref();
  }

  /** One look: reads today's orders when one is open and journals what changed; returns how many events it wrote. */
  async tick(): Promise<number> {
    try {
      return await this.look();
    } catch (err) {
      if (!this.failing) this.log.warn({ err }, 'order watcher: reading today\'s orders failed; trying again at the next tick');
      else this.log.debug({ err }, 'order watcher: read failed again');
      this.failing = true;
      this.lastError = (err as Error).message;
      return 0;
    }
  }

  private async look(): Promise<number> {
    const events = this.opts.gate.events;
    if (!events) return 0;
    const watched = events.watched(beijingDay(this.now()));
    if (watched.length === 0) return 0;
    if (this.opts.bridge.health().state !== 'ready') return 0; // a worker that is starting gets no queue of reads
    this.abort = new AbortController();
    this.reads++;
    const grid = await readOrders(this.opts.bridge, false, this.abort.signal);
    if (this.failing) this.log.info('order watcher: reading today\'s orders works again');
    this.failing = false;
    let written = 0;
    for (const w of watched) {
      const row = grid.rows.find((r) => textOf(r['合同编号']).trim() === w.row.entrustNo && (w.row.code === null || textOf(r['证券代码']).trim() === w.row.code));
      if (!row) continue; // not listed (a short read, another page): nothing can be said
      const evs = changes(w.lastSeen?.data ?? null, observe(row));
      if (evs.length === 0) continue;
      this.opts.gate.recordWatch(w.row.id, evs);
      written += evs.length;
      this.log.info({ journalId: w.row.id, entrustNo: w.row.entrustNo, events: evs.map((e) => e.type) }, 'order changed in the client');
    }
    return written;
  }
}
