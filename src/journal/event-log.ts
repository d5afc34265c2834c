// event-log.ts - the journal's event log: one row per order event (a journal transition, or a fill / cancel the
// order watcher saw in the client), appended inside the transaction of the change it reports, so an event is never
// lost or invented. Listeners hear of an event only once its transaction has committed. Each event also gets a
// pending webhook delivery per configured URL, in the same transaction (deliveries.ts sends them).
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { beijingDay } from '../core/clock.ts';
import { toRow, type JournalRow, type Raw } from './rows.ts';

/** One event as stored: `data` is the JSON object the stream and webhooks carry. */
export interface JournalEvent {
  id: number;
  at: string;
  /** The Beijing date of the event's order (the event's own date when it has none). */
  day: string;
  orderId: number | null;
  type: string;
  data: Record<string, unknown>;
}

export type EventListener = (e: JournalEvent) => void;

/** What the order watcher writes; the last three end the watch of an order. */
export const WATCH_TYPES = ['order.partially_filled', 'order.filled', 'order.cancelled', 'order.partially_cancelled'] as const;
export type WatchType = (typeof WATCH_TYPES)[number];
const TERMINAL: readonly string[] = ['order.filled', 'order.cancelled', 'order.partially_cancelled'];

/** A watched order: its journal row and what the last watch event of it said (null: nothing seen yet). */
export interface WatchedOrder {
  row: JournalRow;
  lastSeen: { type: WatchType; data: Record<string, unknown> } | null;
}

/** An order's fields every event of it carries (the names of GET /journal). */
export function orderFields(r: JournalRow): Record<string, unknown> {
  return {
    journal_id: r.id, kind: r.kind, side: r.side, stock_code: r.code, price: r.price, amount: r.amount, entrust_no: r.entrustNo,
    client_order_id: r.idemKey, state: r.state,
    ...(r.errorCode === null ? {} : { error: r.errorCode }),
    ...(r.clientText === null ? {} : { client_text: r.clientText }),
  };
}

const toEvent = (r: Raw): JournalEvent => ({
  id: Number(r['id']), at: String(r['at']), day: String(r['day']), orderId: r['order_id'] === null ? null : Number(r['order_id']),
  type: String(r['type']), data: JSON.parse(String(r['data'])) as Record<string, unknown>,
});

export class EventLog {
  private readonly insertStmt: StatementSync;
  private readonly deliveryStmt: StatementSync;
  private readonly sinceStmt: StatementSync;
  private readonly latestStmt: StatementSync;
  private readonly beforeDayStmt: StatementSync;
  private readonly watchedStmt: StatementSync;
  private readonly listeners = new Set<EventListener>();
  private uncommitted: JournalEvent[] = [];
  private targets: readonly string[] = [];

  constructor(db: DatabaseSync) {
    this.insertStmt = db.prepare('INSERT INTO events (at, day, order_id, type, data) VALUES (?, ?, ?, ?, ?)');
    this.deliveryStmt = db.prepare(`INSERT OR IGNORE INTO deliveries (event_id, url, state, attempts, next_at, created_at, updated_at) VALUES (?, ?, 'pending', 0, ?, ?, ?)`);
    this.sinceStmt = db.prepare('SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?');
    this.latestStmt = db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM events');
    this.beforeDayStmt = db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM events WHERE day < ?');
    // Today's buys and sells the client took (accepted, or settled as accepted) with their last watch event, if any.
    this.watchedStmt = db.prepare(`SELECT o.*, w.type AS w_type, w.data AS w_data FROM orders o
      LEFT JOIN events w ON w.id = (SELECT MAX(e.id) FROM events e WHERE e.order_id = o.id AND e.type IN (${WATCH_TYPES.map((t) => `'${t}'`).join(', ')}))
      WHERE o.day = ? AND o.kind IN ('buy', 'sell') AND o.entrust_no IS NOT NULL AND (o.state = 'accepted' OR (o.state = 'unknown' AND o.settlement = 'accepted'))
      ORDER BY o.id`);
  }

  /** The webhook URLs each new event gets a pending delivery for (set once at startup). */
  setDeliveryTargets(urls: readonly string[]): void {
    this.targets = [...urls];
  }

  /** Appends an event of `row` (or of no order); call inside the store's transaction. Returns it. */
  append(type: string, row: JournalRow | null, extra: Record<string, unknown>, now: Date): JournalEvent {
    const at = now.toISOString();
    const day = row?.day ?? beijingDay(now);
    const data = { ...(row ? orderFields(row) : {}), ...extra };
    const r = this.insertStmt.run(at, day, row?.id ?? null, type, JSON.stringify(data));
    const id = Number(r.lastInsertRowid);
    for (const url of this.targets) this.deliveryStmt.run(id, url, at, at, at);
    const e = { id, at, day, orderId: row?.id ?? null, type, data };
    this.uncommitted.push(e);
    return e;
  }

  /** The store's transaction committed: tell the listeners of its events, in order. */
  committed(): void {
    const done = this.uncommitted;
    this.uncommitted = [];
    for (const e of done) {
      for (const l of this.listeners) {
        try {
          l(e);
        } catch {
          // a listener's failure is its own; the event is written and the others still hear of it
        }
      }
    }
  }

  /** The store's transaction rolled back: its events were never written. */
  rolledBack(): void {
    this.uncommitted = [];
  }

  /** Events after `afterId`, oldest first, at most `limit`. */
  since(afterId: number, limit: number): JournalEvent[] {
    return (this.sinceStmt.all(afterId, limit) as Raw[]).map(toEvent);
  }

  /** The id of the newest event (0: none yet). */
  latestId(): number {
    return Number((this.latestStmt.get() as Raw)['id']);
  }

  /** The id of the newest event of an earlier day than `day` (events of `day` follow it). */
  lastIdBefore(day: string): number {
    return Number((this.beforeDayStmt.get(day) as Raw)['id']);
  }

  /** Calls `listener` after each committed event; returns the unsubscribe. */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Today's orders still open to the watcher (taken by the client, no fill-complete or cancel event yet). */
  watched(day: string): WatchedOrder[] {
    const out: WatchedOrder[] = [];
    for (const r of this.watchedStmt.all(day) as Raw[]) {
      const type = r['w_type'] === null ? null : String(r['w_type']);
      if (type !== null && TERMINAL.includes(type)) continue;
      out.push({ row: toRow(r), lastSeen: type === null ? null : { type: type as WatchType, data: JSON.parse(String(r['w_data'])) as Record<string, unknown> } });
    }
    return out;
  }
}
