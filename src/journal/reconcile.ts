// reconcile.ts - settles orders whose outcome is unknown from the client's own list of today's orders.
import type { Logger } from 'pino';
import { textOf } from '../core/text.ts';
import { localDay, type JournalRow, type JournalStore } from './store.ts';

/** A client order may carry a time a few seconds before our journal's clock (the two clocks are the PC's, but the
 * client stamps when it sends, we stamp when we receive). */
export const MATCH_SLACK_S = 5;
/** A worker that reported "outcome unknown" may still see its order land late: wait this long before reading. */
export const RECONCILE_DELAY_MS = 3_000;
/** While unknown orders remain and the read failed, try again this often. */
export const RECONCILE_RETRY_MS = 15_000;

export interface ClientOrder {
  entrustNo: string;
  code: string;
  side: 'buy' | 'sell' | null;
  price: number | null;
  amount: number;
  /** 委托时间 as seconds since local midnight, when the grid has it. */
  timeS: number | null;
}

/** Today's-orders grid rows (columns as the client names them) -> orders to match against. */
export function toClientOrders(rows: Array<Record<string, unknown>>): ClientOrder[] {
  const out: ClientOrder[] = [];
  for (const r of rows) {
    const entrustNo = textOf(r['合同编号']).trim();
    const code = textOf(r['证券代码']).trim();
    if (!entrustNo || !code) continue;
    const op = textOf(r['操作']);
    const side = op.includes('买') ? 'buy' : op.includes('卖') ? 'sell' : null;
    const price = r['委托价格'] === null || r['委托价格'] === undefined || r['委托价格'] === '' ? null : Number(r['委托价格']);
    const m = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(textOf(r['委托时间']).trim());
    out.push({ entrustNo, code, side, price: Number.isFinite(price) ? price : null, amount: Number(r['委托数量'] ?? 0), timeS: m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null });
  }
  return out;
}

function secondsOfDay(iso: string): number {
  const d = new Date(iso);
  return d.getHours() * 3600 + d.getMinutes() * 60 + d.getSeconds();
}

export interface Settlement {
  id: number;
  settlement: 'accepted' | 'absent';
  entrustNo: string | null;
  how: string;
}

/**
 * Matches unknown buy / sell rows to client orders by code, side, price, amount and time (not before the request
 * was received), oldest row first, each client order at most once and never one already linked to another row.
 */
export function matchUnknown(unknown: JournalRow[], orders: ClientOrder[], linked: Set<string>): Settlement[] {
  const taken = new Set(linked);
  const result: Settlement[] = [];
  for (const row of unknown) {
    if (row.kind !== 'buy' && row.kind !== 'sell') continue;
    const since = secondsOfDay(row.receivedAt) - MATCH_SLACK_S;
    const candidates = orders.filter((o) =>
      !taken.has(o.entrustNo) &&
      o.code === row.code &&
      o.side === row.kind &&
      (row.price === null || (o.price !== null && Math.abs(o.price - Number(row.price)) < 0.0005)) &&
      (row.amount === null || row.amount === 'max' || o.amount === Number(row.amount)) &&
      (o.timeS === null || o.timeS >= since));
    candidates.sort((a, b) => (a.timeS ?? 0) - (b.timeS ?? 0));
    const hit = candidates[0];
    if (hit) {
      taken.add(hit.entrustNo);
      result.push({ id: row.id, settlement: 'accepted', entrustNo: hit.entrustNo, how: `today's orders list has 合同编号 ${hit.entrustNo} (${hit.code} ${row.kind} ${hit.amount}${hit.price === null ? '' : ' @ ' + String(hit.price)}) placed after the request` });
    } else {
      result.push({ id: row.id, settlement: 'absent', entrustNo: null, how: `no matching order among the ${orders.length} rows of today's orders list` });
    }
  }
  return result;
}

/** Reads today's orders through the given function and settles today's unknown rows; older days stay unknown. */
export async function reconcile(store: JournalStore, readOrders: () => Promise<Array<Record<string, unknown>>>, logger: Logger, now: () => Date = () => new Date()): Promise<number> {
  const today = localDay(now());
  const unknown = store.unsettled().filter((r) => r.day === today);
  if (unknown.length === 0) return 0;
  const orders = toClientOrders(await readOrders());
  let settled = 0;
  for (const s of matchUnknown(unknown, orders, store.linkedEntrustNos(today))) {
    if (store.settle(s.id, s.settlement, s.how, s.entrustNo, now())) {
      settled++;
      logger.warn({ journalId: s.id, settlement: s.settlement, entrustNo: s.entrustNo, how: s.how }, 'settled an order of unknown outcome');
    }
  }
  return settled;
}
