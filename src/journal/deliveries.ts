// deliveries.ts - the journal's record of webhook deliveries: one row per event and URL (inserted with the event,
// event-log.ts), pending until delivered or given up (failed), with its attempts, last error and next attempt time;
// a restart resumes the pending ones where they stood.
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { JournalEvent } from './event-log.ts';
import type { Raw } from './rows.ts';

export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** A pending delivery with its event. */
export interface Delivery {
  id: number;
  url: string;
  attempts: number;
  nextAt: string;
  createdAt: string;
  event: JournalEvent;
}

export interface DeliveryCounts {
  url: string;
  pending: number;
  delivered: number;
  failed: number;
  lastError: string | null;
}

export class DeliveryLog {
  private readonly headStmt: StatementSync;
  private readonly attemptStmt: StatementSync;
  private readonly countsStmt: StatementSync;
  private readonly lastErrorStmt: StatementSync;

  constructor(db: DatabaseSync) {
    this.headStmt = db.prepare(`SELECT d.id AS d_id, d.url, d.attempts, d.next_at, d.created_at, e.* FROM deliveries d JOIN events e ON e.id = d.event_id
      WHERE d.url = ? AND d.state = 'pending' ORDER BY d.event_id LIMIT 1`);
    this.attemptStmt = db.prepare('UPDATE deliveries SET state = ?, attempts = attempts + 1, last_error = COALESCE(?, last_error), next_at = ?, updated_at = ? WHERE id = ?');
    this.countsStmt = db.prepare('SELECT state, COUNT(*) AS n FROM deliveries WHERE url = ? GROUP BY state');
    this.lastErrorStmt = db.prepare('SELECT last_error FROM deliveries WHERE url = ? AND last_error IS NOT NULL ORDER BY updated_at DESC, id DESC LIMIT 1');
  }

  /** The oldest pending delivery to `url` (deliveries to one URL go in event order), or undefined. */
  head(url: string): Delivery | undefined {
    const r = this.headStmt.get(url) as Raw | undefined;
    if (!r) return undefined;
    return {
      id: Number(r['d_id']), url: String(r['url']), attempts: Number(r['attempts']), nextAt: String(r['next_at']), createdAt: String(r['created_at']),
      event: { id: Number(r['id']), at: String(r['at']), day: String(r['day']), orderId: r['order_id'] === null ? null : Number(r['order_id']), type: String(r['type']), data: JSON.parse(String(r['data'])) as Record<string, unknown> },
    };
  }

  /** Records one attempt: delivered, failed (given up), or still pending with the time of the next attempt (a success keeps the last error seen). */
  attempted(id: number, state: DeliveryState, error: string | null, nextAt: Date, now: Date = new Date()): void {
    this.attemptStmt.run(state, error, nextAt.toISOString(), now.toISOString(), id);
  }

  /** How many deliveries to `url` are pending, delivered and failed, and the last error seen. */
  counts(url: string): DeliveryCounts {
    const out: DeliveryCounts = { url, pending: 0, delivered: 0, failed: 0, lastError: null };
    for (const r of this.countsStmt.all(url) as Raw[]) {
      const s = String(r['state']);
      if (s === 'pending' || s === 'delivered' || s === 'failed') out[s] = Number(r['n']);
    }
    const e = this.lastErrorStmt.get(url) as Raw | undefined;
    out.lastError = e ? String(e['last_error']) : null;
    return out;
  }
}
