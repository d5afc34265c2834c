// reconcile.ts - decides what became of orders whose outcome is unknown, from the client's own list of today's
// orders: only rows that were not there before the submit click (the row's snapshot), not linked to another journal
// row, and that match side, code, price and amount count; one candidate settles, several are left to the operator,
// none settles as absent only after repeated reads over a minute.
import { beijingSecondsOfDay } from '../core/clock.ts';
import { CREDIT_ORDERS } from '../core/credit.ts';
import { textOf } from '../core/text.ts';
import type { JournalRow, StepDecision } from './rows.ts';

/** A worker that reported "outcome unknown" may still see its order land late: the first read waits this long. */
export const RECONCILE_DELAY_MS = 3_000;
/** While an unknown order has no candidate yet, read today's orders again this often (also after a failed read). */
export const RECONCILE_INTERVAL_MS = 12_000;
/** A broker may register an order late: `absent` only at a complete read this long or more after the unknown outcome... */
export const ABSENT_AFTER_MS = 60_000;
/** ...that is at least the this-many-th complete read of the row. */
export const ABSENT_MIN_READS = 2;
/** Rows without a snapshot (journals of the first release) match by time: the client stamps when it sends, we when we
 * receive, both Beijing time; allow this much clock difference. */
export const MATCH_SLACK_S = 5;
/** Two prices are the same below this difference (prices have at most 3 decimals). */
const PRICE_EPSILON = 0.0005;

export interface ClientOrder {
  entrustNo: string;
  code: string;
  side: 'buy' | 'sell' | null;
  price: number | null;
  amount: number;
  /** 委托时间 as seconds since Beijing midnight, when the grid has it. */
  timeS: number | null;
  /** 操作 as the grid shows it (买入, 融资买入 ...). */
  op: string;
}

/** Today's-orders grid rows (columns as the client names them) -> orders to match against. */
export function toClientOrders(rows: ReadonlyArray<Record<string, unknown>>): ClientOrder[] {
  const out: ClientOrder[] = [];
  for (const r of rows) {
    const entrustNo = textOf(r['合同编号']).trim();
    const code = textOf(r['证券代码']).trim();
    if (!entrustNo || !code) continue;
    const op = textOf(r['操作']);
    const side = op.includes('买') ? 'buy' : op.includes('卖') ? 'sell' : null;
    const price = r['委托价格'] === null || r['委托价格'] === undefined || r['委托价格'] === '' ? null : Number(r['委托价格']);
    const m = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(textOf(r['委托时间']).trim());
    out.push({ entrustNo, code, side, price: Number.isFinite(price) ? price : null, amount: Number(r['委托数量'] ?? 0), timeS: m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null, op });
  }
  return out;
}

/** The columns `entrustNosOf` reads (toClientOrders skips a row without either): all a snapshot read has to return. */
export const SNAPSHOT_COLUMNS: readonly string[] = ['合同编号', '证券代码'];

/** The contract numbers of a read of today's orders (what a snapshot keeps). */
export function entrustNosOf(rows: ReadonlyArray<Record<string, unknown>>): string[] {
  return toClientOrders(rows).map((o) => o.entrustNo);
}

/** What one read concluded for one unknown row. */
export interface Decision {
  id: number;
  decision: StepDecision;
  entrustNo: string | null;
  candidates: string[];
  /** Rows of the read not in the row's snapshot (null: the row has none). */
  newRows: number | null;
  note: string;
}

export interface DecideContext {
  now: Date;
  /** Earlier complete reads of a row (its `auto` steps so far, not `incomplete` ones; this read not counted). */
  readsBefore: (id: number) => number;
  /** How long after the unknown outcome a row can first be called absent (ABSENT_AFTER_MS; only the hidden test hook shortens it). */
  absentAfterMs?: number | undefined;
}

/** Whether a step was a read that counts toward absent (a complete automatic one). */
export const countsTowardAbsent = (s: { how: string; decision: string }): boolean => s.how === 'auto' && s.decision !== 'incomplete';

/** What a credit client's plain orders (担保品买入 / 担保品卖出) show in 操作. */
const COLLATERAL_ZH = '担保品';

/**
 * Whether a credit account's order (its 操作) can be the row's: a row of a credit page (融资买入 ...) only an order
 * naming that page or none; a plain row (on a credit client its 担保品买入 / 卖出) never one naming a margin page.
 */
function sameCreditPage(row: JournalRow, op: string): boolean {
  const kind = row.params['credit'];
  if (op.includes(COLLATERAL_ZH)) return kind === undefined;
  const named = Object.values(CREDIT_ORDERS).find((c) => op.includes(c.zh));
  return named === undefined || named.kind === kind;
}

/** Whether a client order is the row's order by what both say (side, code, credit page, price when given, amount when a number). */
function matches(row: JournalRow, o: ClientOrder): boolean {
  if (o.code !== row.code || o.side !== row.kind || !sameCreditPage(row, o.op)) return false;
  // A market order's price is a protection limit, not what the client lists.
  const market = row.params['priceType'] !== undefined && row.params['priceType'] !== null;
  if (row.price !== null && !market && (o.price === null || Math.abs(o.price - Number(row.price)) >= PRICE_EPSILON)) return false;
  if (row.amount !== null && row.amount !== 'max' && o.amount !== Number(row.amount)) return false;
  if (row.snapshot === null && o.timeS !== null && o.timeS < beijingSecondsOfDay(new Date(row.receivedAt)) - MATCH_SLACK_S) return false;
  return true;
}

const byEntrustOrder = (a: ClientOrder, b: ClientOrder): number =>
  (a.timeS ?? 0) - (b.timeS ?? 0) || a.entrustNo.length - b.entrustNo.length || (a.entrustNo < b.entrustNo ? -1 : a.entrustNo > b.entrustNo ? 1 : 0);
const byClickOrder = (a: JournalRow, b: JournalRow): number => (a.sentAt ?? a.receivedAt).localeCompare(b.sentAt ?? b.receivedAt) || a.id - b.id;
const sameSet = (a: readonly ClientOrder[], b: readonly ClientOrder[]): boolean => a.length === b.length && a.every((o) => b.includes(o));

/**
 * Decides every unknown buy / sell row of today from one read. A client order counts for a row when it is not in the
 * row's snapshot (for a row without one: not listed before it was received), not linked to another row, and matches.
 * Exactly one candidate that no other unknown row could claim: accepted. Rows that share the very same candidates,
 * as many as there are rows: accepted in click order. Candidates but no such certainty: ambiguous (left for the
 * operator). No candidate: incomplete when the read lacks an order of the row's snapshot (it is not counted); absent
 * when this read comes ABSENT_AFTER_MS or more after the unknown outcome and is at least the ABSENT_MIN_READS-th
 * complete one; else waiting.
 */
export function decide(rows: readonly JournalRow[], orders: readonly ClientOrder[], linked: ReadonlyMap<string, number>, ctx: DecideContext): Decision[] {
  const taken = new Map(linked);
  const open = rows.filter((r) => r.kind === 'buy' || r.kind === 'sell').slice().sort(byClickOrder);
  const newRowsOf = (r: JournalRow): number | null => (r.snapshot === null ? null : orders.filter((o) => !r.snapshot?.includes(o.entrustNo)).length);
  const out = new Map<number, Decision>();
  const candidatesOf = (r: JournalRow): ClientOrder[] =>
    orders.filter((o) => !(r.snapshot?.includes(o.entrustNo) ?? false) && (taken.get(o.entrustNo) ?? r.id) === r.id && matches(r, o)).sort(byEntrustOrder);
  const accept = (r: JournalRow, o: ClientOrder, cands: ClientOrder[], why: string): void => {
    taken.set(o.entrustNo, r.id);
    out.set(r.id, { id: r.id, decision: 'accepted', entrustNo: o.entrustNo, candidates: cands.map((c) => c.entrustNo), newRows: newRowsOf(r), note: `today's orders list has 合同编号 ${o.entrustNo} (${o.code} ${String(o.side)} ${String(o.amount)}${o.price === null ? '' : ` @ ${String(o.price)}`}) ${why}` });
    open.splice(open.indexOf(r), 1);
  };
  for (let changed = true; changed;) {
    changed = false;
    const cands = new Map(open.map((r) => [r.id, candidatesOf(r)]));
    for (const r of open) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- every open row has an entry
      const c = cands.get(r.id)!;
      if (c.length === 0) continue;
      const peers = open.filter((p) => cands.get(p.id)?.some((o) => c.includes(o)));
      if (c.length === 1 && peers.length === 1) {
        // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- length 1
        accept(r, c[0]!, c, 'new since the click, the only one that matches');
      } else if (peers.length > 1 && c.length === peers.length && peers.every((p) => sameSet(cands.get(p.id) ?? [], c))) {
        peers.forEach((p, i) => {
          // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- as many candidates as peers
          accept(p, c[i]!, c, `new since the click: ${String(peers.length)} identical orders and ${String(c.length)} matching rows, matched in click order`);
        });
      } else {
        continue;
      }
      changed = true;
      break; // the candidates of the rest changed
    }
  }
  const cands = new Map(open.map((r) => [r.id, candidatesOf(r)]));
  const present = new Set(orders.map((o) => o.entrustNo));
  for (const r of open) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- every open row has an entry
    const c = cands.get(r.id)!;
    const base = { id: r.id, entrustNo: null, candidates: c.map((o) => o.entrustNo), newRows: newRowsOf(r) };
    if (c.length > 0) {
      const peers = open.filter((p) => cands.get(p.id)?.some((o) => c.includes(o))).length;
      out.set(r.id, { ...base, decision: 'ambiguous', note: `ambiguous: ${String(c.length)} matching new orders (${base.candidates.join(', ')}) for ${String(peers)} unknown row(s) that could claim them; settle by hand` });
      continue;
    }
    const unknownAt = Date.parse(r.finishedAt ?? r.updatedAt);
    const waitedMs = ctx.now.getTime() - unknownAt;
    // A list that lacks orders seen before the click is not today's full list (scrolled, cut short, another page):
    // its silence proves nothing.
    const missing = (r.snapshot ?? []).filter((no) => !present.has(no));
    if (missing.length > 0) {
      out.set(r.id, { ...base, decision: 'incomplete', note: `incomplete read: ${String(missing.length)} of the ${String(r.snapshot?.length ?? 0)} orders listed before the click are missing (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}); not counted toward absent` });
      continue;
    }
    const reads = ctx.readsBefore(r.id) + 1;
    const absentAfterMs = ctx.absentAfterMs ?? ABSENT_AFTER_MS;
    if (waitedMs >= absentAfterMs && reads >= ABSENT_MIN_READS) {
      out.set(r.id, { ...base, decision: 'absent', note: `no matching new order among the ${String(orders.length)} rows of today's orders list: ${String(reads)} complete reads, this one ${String(Math.round(waitedMs / 1000))} s after the outcome became unknown` });
    } else {
      out.set(r.id, { ...base, decision: 'waiting', note: `no matching new order yet (complete read ${String(reads)}, ${String(Math.round(waitedMs / 1000))} s after the outcome became unknown; absent only at a complete read ${String(absentAfterMs / 1000)} s or more after it, and at least ${String(ABSENT_MIN_READS)} complete reads)` });
    }
  }
  return rows.flatMap((r) => out.get(r.id) ?? []);
}
