// migrate.ts - the journal's schema and its versions (PRAGMA user_version): a new file gets the current schema, an
// older one is migrated in place, in one transaction, keeping every row.
import type { DatabaseSync } from 'node:sqlite';

/**
 * The schema this code writes. 0: the first release (idempotency keys unique forever, no reconciliation steps);
 * 1: keys of a day, reconciliation steps; 2: the event log and webhook deliveries.
 */
export const SCHEMA_VERSION = 2;

/** The orders table of version 1 (created under `name`, so a migration can build it beside the old one). */
function ordersTable(name: string): string {
  return `
CREATE TABLE ${name} (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  day TEXT NOT NULL,
  kind TEXT NOT NULL,
  code TEXT, side TEXT, price TEXT, amount TEXT,
  params TEXT NOT NULL,
  params_hash TEXT NOT NULL,
  idem_key TEXT,
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
  updated_at TEXT NOT NULL,
  snapshot TEXT,
  UNIQUE (day, idem_key)
);`;
}

/** Everything of version 1 but the orders table. */
const REST_V1 = `
CREATE INDEX IF NOT EXISTS orders_day ON orders(day);
CREATE INDEX IF NOT EXISTS orders_state ON orders(state);
CREATE TABLE IF NOT EXISTS reconcile_steps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id INTEGER NOT NULL,
  at TEXT NOT NULL,
  how TEXT NOT NULL,
  rows_read INTEGER,
  new_rows INTEGER,
  candidates TEXT NOT NULL,
  decision TEXT NOT NULL,
  note TEXT
);
CREATE INDEX IF NOT EXISTS reconcile_steps_order ON reconcile_steps(order_id);
CREATE TABLE IF NOT EXISTS journal_meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
`;

/** Version 2's additions: order events (GET /events, webhooks) and their webhook deliveries. */
const REST_V2 = `
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  day TEXT NOT NULL,
  order_id INTEGER,
  type TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_order ON events(order_id);
CREATE INDEX IF NOT EXISTS events_day ON events(day);
CREATE TABLE IF NOT EXISTS deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id INTEGER NOT NULL,
  url TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  next_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (event_id, url)
);
CREATE INDEX IF NOT EXISTS deliveries_pending ON deliveries(url, state, event_id);
`;

/** The columns version 0 and version 1 share (all of version 0's). */
const V0_COLUMNS = 'id, kind, code, side, price, amount, params, params_hash, idem_key, caller, state, submitted, entrust_no, client_text, error_code, settlement, settled_how, settled_at, reply_http, reply_body, received_at, sent_at, finished_at, updated_at';

function userVersion(db: DatabaseSync): number {
  const r = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  return r?.user_version ?? 0;
}

function hasTable(db: DatabaseSync, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** Runs `fn` in one write transaction (all or nothing). */
function inTransaction(db: DatabaseSync, fn: () => void): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    fn();
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}

/**
 * Brings the journal to SCHEMA_VERSION: creates it when empty; from version 0 copies every row into the new orders
 * table (a row's day becomes the Beijing date it was received on, the keys' new scope) and adds the steps table;
 * from version 1 (or 0) adds the event and delivery tables.
 * Returns the version found. A file newer than this code is refused (an older release must not write it).
 */
export function migrate(db: DatabaseSync): number {
  const found = userVersion(db);
  if (found > SCHEMA_VERSION) {
    throw new Error(`journal schema version ${String(found)} is newer than this release understands (${String(SCHEMA_VERSION)}): use the release that wrote it, or another --data-dir`);
  }
  if (found === SCHEMA_VERSION) return found;
  inTransaction(db, () => {
    if (!hasTable(db, 'orders')) {
      db.exec(ordersTable('orders'));
    } else if (found === 0) {
      const seq = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'orders'").get() as { seq: number } | undefined;
      db.exec('DROP INDEX IF EXISTS orders_day; DROP INDEX IF EXISTS orders_state;');
      db.exec(ordersTable('orders_v1'));
      db.exec(`INSERT INTO orders_v1 (${V0_COLUMNS}, day, snapshot) SELECT ${V0_COLUMNS}, date(received_at, '+8 hours'), NULL FROM orders`);
      db.exec('DROP TABLE orders; ALTER TABLE orders_v1 RENAME TO orders;');
      // The old sequence, so a number once given is never given again.
      if (seq) db.prepare("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = 'orders'").run(seq.seq);
    }
    db.exec(REST_V1);
    db.exec(REST_V2); // from 0, 1 or nothing: the event tables start empty (no events are made up for old rows)
    db.exec(`PRAGMA user_version = ${String(SCHEMA_VERSION)}`);
  });
  return found;
}

