import { expect } from 'chai';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { SCHEMA_VERSION } from '../../src/journal/migrate.ts';
import { JournalStore } from '../../src/journal/store.ts';
import { dataDir, newGate, ok, place, ticket } from './helpers.ts';

/** The first release's schema, word for word (src/journal/store.ts before keys had a day): what journals on disk hold. */
const SCHEMA_V0 = `
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

/** A journal file as the first release left it: an accepted order with a key and an unknown one, in a dir. */
function firstReleaseJournal(): string {
  const dir = dataDir();
  const db = new DatabaseSync(path.join(dir, 'journal.sqlite'));
  db.exec('PRAGMA journal_mode=WAL;');
  db.exec(SCHEMA_V0);
  const insert = db.prepare(`INSERT INTO orders (day, kind, code, side, price, amount, params, params_hash, idem_key, caller, state, submitted, entrust_no,
    client_text, error_code, reply_http, reply_body, received_at, sent_at, finished_at, updated_at) VALUES (?, 'buy', '600160', 'buy', '21.21', '100', ?, 'h', ?, '127.0.0.1', ?, 1, ?, NULL, ?, ?, ?, ?, ?, ?, ?)`);
  const params = JSON.stringify({ side: 'buy', code: '600160', exchange: 'SH', price: '21.21', amount: 100 });
  // Received 2026-11-24 17:00 UTC: the 24th on a PC in London, the 25th in Beijing.
  insert.run('2026-11-24', params, 'ord-1', 'accepted', '4025982646', null, 200, '{"status":1,"message":"ok","entrust_no":"4025982646"}', '2026-11-24T17:00:00.000Z', '2026-11-24T17:00:00.100Z', '2026-11-24T17:00:01.000Z', '2026-11-24T17:00:01.000Z');
  insert.run('2026-11-24', params, null, 'unknown', null, 'outcome_unknown', 504, '{"status":-1}', '2026-11-24T17:05:00.000Z', '2026-11-24T17:05:00.100Z', '2026-11-24T17:05:30.000Z', '2026-11-24T17:05:30.000Z');
  db.close();
  return dir;
}

describe('journal/migrate: a journal written by the first release is migrated in place', () => {
  it('keeps every row and its fields, files them under their Beijing date, and continues their numbering', () => {
    const store = new JournalStore(firstReleaseJournal());
    const rows = store.byDay('2026-11-25');
    expect(rows.map((r) => [r.id, r.state, r.idemKey, r.entrustNo, r.errorCode])).to.deep.equal([[1, 'accepted', 'ord-1', '4025982646', null], [2, 'unknown', null, null, 'outcome_unknown']]);
    expect(rows[0]).to.include({ replyHttp: 200, caller: '127.0.0.1', submitted: true, snapshot: null, sentAt: '2026-11-24T17:00:00.100Z' });
    expect(rows[0]!.params).to.deep.equal({ side: 'buy', code: '600160', exchange: 'SH', price: '21.21', amount: 100 });
    expect(store.unsettled().map((r) => r.id)).to.deep.equal([2]);
    const next = store.insert({ ...ticket(), paramsHash: 'h3' });
    expect(next.id, 'numbers are never given twice').to.equal(3);
    store.close();
    const db = new DatabaseSync(path.join(path.dirname(store.file), 'journal.sqlite'));
    expect(db.prepare('PRAGMA user_version').get()).to.deep.include({ user_version: SCHEMA_VERSION });
    db.close();
  });

  it('scopes a migrated key to its day: the same key replays that day and places a new order on another', async () => {
    const dir = firstReleaseJournal();
    const store = new JournalStore(dir);
    expect(store.byKey('2026-11-25', 'ord-1')?.id).to.equal(1);
    expect(store.byKey('2026-11-26', 'ord-1')).to.equal(undefined);
    const { gate } = newGate({ store, now: () => new Date('2026-11-26T02:00:00Z') });
    const r = await place(gate, ticket({ idemKey: 'ord-1' }), async () => ok('4025982700'));
    expect(r.extra).to.include({ entrust_no: '4025982700' });
    expect(r.extra['replayed']).to.equal(undefined);
  });

  it('opens a migrated journal again without migrating twice', () => {
    const dir = firstReleaseJournal();
    new JournalStore(dir).close();
    const again = new JournalStore(dir);
    expect(again.byDay('2026-11-25')).to.have.length(2);
  });

  it('leaves the old journal whole when the migration fails half way (one transaction)', () => {
    const dir = firstReleaseJournal();
    const file = path.join(dir, 'journal.sqlite');
    const db = new DatabaseSync(file);
    db.exec('CREATE TABLE orders_v1 (x TEXT)'); // the name the migration builds its new table under: it fails there
    db.close();
    expect(() => new JournalStore(dir)).to.throw(/orders_v1/);
    const after = new DatabaseSync(file);
    expect(after.prepare('PRAGMA user_version').get()).to.deep.include({ user_version: 0 });
    expect(after.prepare('SELECT id, idem_key FROM orders ORDER BY id').all().map((r) => ({ ...r }))).to.deep.equal([{ id: 1, idem_key: 'ord-1' }, { id: 2, idem_key: null }]);
    after.close();
  });

  it('refuses a journal written by a newer release instead of writing it', () => {
    const dir = dataDir();
    const db = new DatabaseSync(path.join(dir, 'journal.sqlite'));
    db.exec(`PRAGMA user_version = ${String(SCHEMA_VERSION + 1)}`);
    db.close();
    expect(() => new JournalStore(dir)).to.throw(/newer than this release/);
  });
});
