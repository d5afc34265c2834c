// store.ts - the order journal in SQLite (node:sqlite, WAL, synchronous FULL): one row per order-type request,
// written before the worker sees it and moved through its states; idempotency keys are unique across restarts.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

/**
 * received -> sent -> accepted | rejected | unknown | not_sent. `unknown` rows are later settled
 * (settlement accepted | absent) from the client's own list of today's orders.
 */
export type JournalState = 'received' | 'sent' | 'accepted' | 'rejected' | 'unknown' | 'not_sent';
export type Settlement = 'accepted' | 'absent';

export interface JournalRow {
  id: number;
  day: string;
  kind: string;
  code: string | null;
  side: string | null;
  price: string | null;
  amount: string | null;
  params: Record<string, unknown>;
  paramsHash: string;
  idemKey: string | null;
  caller: string | null;
  state: JournalState;
  submitted: boolean;
  entrustNo: string | null;
  clientText: string | null;
  errorCode: string | null;
  settlement: Settlement | null;
  settledHow: string | null;
  settledAt: string | null;
  replyHttp: number | null;
  replyBody: string | null;
  receivedAt: string;
  sentAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

/** What a new journal row is made of; everything else starts empty. */
export type NewOrder = Pick<JournalRow, 'kind' | 'code' | 'side' | 'price' | 'amount' | 'params' | 'paramsHash' | 'idemKey' | 'caller'>;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS orders (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  day TEXT NOT NULL,
  kind TEXT NOT NULL,
  code TEXT, side TEXT, price TEXT, amount TEXT,
  params TEXT NOT NULL,
  params_hash TEXT NOT NULL,
  idem_key TEXT UNIQUE,
  caller TEXT,
  state TEXT NOT NULL,
  submitted INTEGER NOT NULL DEFAULT 0,
  entrust_no TEXT,
  client_text TEXT,
  error_code TEXT,
  settlement TEXT,
  settled_how TEXT,
  settled_at TEXT,
  reply_http INTEGER,
  reply_body TEXT,
  received_at TEXT NOT NULL,
  sent_at TEXT,
  finished_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_day ON orders(day);
CREATE INDEX IF NOT EXISTS orders_state ON orders(state);
`;

/** The local calendar day of a time (the client runs on this PC, so its day is ours). */
export function localDay(d: Date = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

type Raw = Record<string, string | number | null>;

function toRow(r: Raw): JournalRow {
  const s = (k: string): string | null => (r[k] === null || r[k] === undefined ? null : String(r[k]));
  return {
    id: Number(r['id']),
    day: String(r['day']),
    kind: String(r['kind']),
    code: s('code'),
    side: s('side'),
    price: s('price'),
    amount: s('amount'),
    params: JSON.parse(String(r['params'])) as Record<string, unknown>,
    paramsHash: String(r['params_hash']),
    idemKey: s('idem_key'),
    caller: s('caller'),
    state: String(r['state']) as JournalState,
    submitted: Number(r['submitted']) === 1,
    entrustNo: s('entrust_no'),
    clientText: s('client_text'),
    errorCode: s('error_code'),
    settlement: s('settlement') as Settlement | null,
    settledHow: s('settled_how'),
    settledAt: s('settled_at'),
    replyHttp: r['reply_http'] === null ? null : Number(r['reply_http']),
    replyBody: s('reply_body'),
    receivedAt: String(r['received_at']),
    sentAt: s('sent_at'),
    finishedAt: s('finished_at'),
    updatedAt: String(r['updated_at']),
  };
}

export class JournalStore {
  readonly file: string;
  private readonly db: DatabaseSync;
  private readonly stmts: Record<
    'insert' | 'byId' | 'byKey' | 'byDay' | 'unsettled' | 'interrupted' | 'linkedEntrust' | 'sent' | 'submitted' | 'finish' | 'reply' | 'settle' | 'retry',
    StatementSync
  >;

  /** Opens (creating) the journal in `dataDir`; throws when it cannot be opened or written. */
  constructor(dataDir: string, _opts: { maxPages?: number | undefined } = {}) {
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, 'journal.sqlite');
    this.db = new DatabaseSync(this.file);
    this.db.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;');
    this.db.exec(SCHEMA);
    const q = (sql: string): StatementSync => this.db.prepare(sql);
    this.stmts = {
      insert: q(`INSERT INTO orders (day, kind, code, side, price, amount, params, params_hash, idem_key, caller, state, received_at, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?)`),
      byId: q('SELECT * FROM orders WHERE id = ?'),
      byKey: q('SELECT * FROM orders WHERE idem_key = ?'),
      byDay: q('SELECT * FROM orders WHERE day = ? ORDER BY id'),
      unsettled: q(`SELECT * FROM orders WHERE state = 'unknown' AND settlement IS NULL ORDER BY id`),
      interrupted: q(`SELECT * FROM orders WHERE state IN ('received', 'sent') ORDER BY id`),
      linkedEntrust: q(`SELECT entrust_no FROM orders WHERE entrust_no IS NOT NULL AND day = ?`),
      sent: q(`UPDATE orders SET state = 'sent', sent_at = ?, updated_at = ? WHERE id = ? AND state = 'received'`),
      submitted: q('UPDATE orders SET submitted = 1, updated_at = ? WHERE id = ?'),
      finish: q(`UPDATE orders SET state = ?, entrust_no = ?, client_text = ?, error_code = ?, finished_at = ?, updated_at = ? WHERE id = ?`),
      reply: q('UPDATE orders SET reply_http = ?, reply_body = ?, updated_at = ? WHERE id = ?'),
      settle: q(`UPDATE orders SET settlement = ?, entrust_no = COALESCE(?, entrust_no), settled_how = ?, settled_at = ?, updated_at = ? WHERE id = ? AND settlement IS NULL`),
      retry: q(`UPDATE orders SET state = 'received', submitted = 0, error_code = NULL, reply_http = NULL, reply_body = NULL, caller = ?, received_at = ?, day = ?, sent_at = NULL, finished_at = NULL, updated_at = ? WHERE id = ? AND state = 'not_sent'`),
    };
  }

  close(): void {
    this.db.close();
  }

  /** Records a new order request (state received) and returns its row; throws on a duplicate key. */
  insert(o: NewOrder, now: Date = new Date()): JournalRow {
    const t = now.toISOString();
    const r = this.stmts.insert.run(localDay(now), o.kind, o.code, o.side, o.price, o.amount, JSON.stringify(o.params), o.paramsHash, o.idemKey, o.caller, t, t);
    return this.mustGet(Number(r.lastInsertRowid));
  }

  get(id: number): JournalRow | undefined {
    const r = this.stmts.byId.get(id) as Raw | undefined;
    return r ? toRow(r) : undefined;
  }

  /** The row this store has just written. */
  private mustGet(id: number): JournalRow {
    const row = this.get(id);
    if (!row) throw new Error(`journal row ${id} is missing right after it was written`);
    return row;
  }

  byKey(key: string): JournalRow | undefined {
    const r = this.stmts.byKey.get(key) as Raw | undefined;
    return r ? toRow(r) : undefined;
  }

  byDay(day: string): JournalRow[] {
    return (this.stmts.byDay.all(day) as Raw[]).map(toRow);
  }

  /** Orders whose outcome is unknown and not yet settled, oldest first. */
  unsettled(): JournalRow[] {
    return (this.stmts.unsettled.all() as Raw[]).map(toRow);
  }

  /** Contract numbers already linked to journal rows of a day (never matched twice). */
  linkedEntrustNos(day: string): Set<string> {
    return new Set((this.stmts.linkedEntrust.all(day) as Raw[]).map((r) => String(r['entrust_no'])));
  }

  markSent(id: number, now: Date = new Date()): void {
    const t = now.toISOString();
    this.stmts.sent.run(t, t, id);
  }

  markSubmitted(id: number, now: Date = new Date()): void {
    this.stmts.submitted.run(now.toISOString(), id);
  }

  finish(id: number, state: Exclude<JournalState, 'received' | 'sent'>, f: { entrustNo?: string | null; clientText?: string | null; errorCode?: string | null }, now: Date = new Date()): void {
    const t = now.toISOString();
    this.stmts.finish.run(state, f.entrustNo ?? null, f.clientText ?? null, f.errorCode ?? null, t, t, id);
  }

  saveReply(id: number, http: number, body: string, now: Date = new Date()): void {
    this.stmts.reply.run(http, body, now.toISOString(), id);
  }

  settle(id: number, settlement: Settlement, how: string, entrustNo: string | null, now: Date = new Date()): boolean {
    const t = now.toISOString();
    return Number(this.stmts.settle.run(settlement, entrustNo, how, t, t, id).changes) === 1;
  }

  /** Reuses a not_sent row for a retry with the same key (the first attempt placed nothing). */
  retry(id: number, caller: string | null, now: Date = new Date()): JournalRow {
    const t = now.toISOString();
    this.stmts.retry.run(caller, t, localDay(now), t, id);
    return this.mustGet(id);
  }

  /**
   * After a restart: rows left in received (never reached the worker: not_sent) or sent (may have reached the
   * client: unknown, to be settled). Returns how many of each.
   */
  recoverInterrupted(now: Date = new Date()): { notSent: number; unknown: number } {
    let notSent = 0;
    let unknown = 0;
    for (const r of (this.stmts.interrupted.all() as Raw[]).map(toRow)) {
      if (r.state === 'received') {
        this.finish(r.id, 'not_sent', { errorCode: 'server_restarted' }, now);
        notSent++;
      } else {
        this.finish(r.id, 'unknown', { errorCode: 'server_restarted' }, now);
        unknown++;
      }
    }
    return { notSent, unknown };
  }
}
