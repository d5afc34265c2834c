// fills.ts - what one row of today's orders grid says about an order's fills and cancels, and which watch events a
// change since the last look makes (order-watch.ts writes them). Both grids: the classic one (备注 已成 / 部成 / 已撤
// / 部撤 / 废单) and the 2026 one (no status column: 撤消数量 beside 成交数量, 备注 may stay 已报).
import { textOf } from '../core/text.ts';
import type { GridRow } from './reports.ts';

/** What the grid shows of one order. */
export interface Seen {
  orderAmount: number;
  filled: number;
  cancelled: number;
  avgPrice: number | null;
  note: string;
}

/** An event the watcher writes: its type and what it adds to the order's fields. */
export interface WatchEvent {
  type: 'order.partially_filled' | 'order.filled' | 'order.cancelled' | 'order.partially_cancelled';
  data: Record<string, unknown>;
}

/** The first of `names` the row has, as a number (absent or not a number: null). */
function numberOf(row: GridRow, names: readonly string[]): number | null {
  for (const n of names) {
    const v = row[n];
    if (v === undefined || v === null || textOf(v).trim() === '') continue;
    const x = Number(textOf(v).replace(/,/g, ''));
    if (Number.isFinite(x)) return x;
  }
  return null;
}

/** 备注 words of an order whose unfilled rest is gone (cancelled, or voided by the broker: 废单). */
const GONE = ['已撤', '部撤', '废单'];

/** Reads one orders-grid row: amounts ordered, filled, cancelled (撤消数量 / 撤单数量, else from 备注), average price. */
export function observe(row: GridRow): Seen {
  const orderAmount = numberOf(row, ['委托数量']) ?? 0;
  const filled = numberOf(row, ['成交数量', '已成交数量']) ?? 0;
  const note = textOf(row['备注']).trim();
  let cancelled = numberOf(row, ['撤消数量', '撤单数量', '已撤数量']);
  if (cancelled === null || cancelled === 0) cancelled = GONE.some((g) => note.includes(g)) ? Math.max(0, orderAmount - filled) : (cancelled ?? 0);
  return { orderAmount, filled, cancelled, avgPrice: numberOf(row, ['成交均价']), note };
}

/**
 * The events a look makes, given what the last watch event said (null: nothing seen yet): a fill beyond the last
 * (order.filled once everything filled, else order.partially_filled), then a cancel of the rest
 * (order.partially_cancelled when part of it filled, else order.cancelled). Nothing new: none.
 */
export function changes(last: Record<string, unknown> | null, seen: Seen): WatchEvent[] {
  const out: WatchEvent[] = [];
  const lastFilled = Number(last?.['filled_amount'] ?? 0);
  const base = { order_amount: seen.orderAmount, filled_amount: seen.filled, cancelled_amount: seen.cancelled, avg_price: seen.avgPrice, note: seen.note };
  if (seen.filled > lastFilled) {
    const all = seen.orderAmount > 0 && seen.filled >= seen.orderAmount;
    out.push({ type: all ? 'order.filled' : 'order.partially_filled', data: { ...base, new_filled: seen.filled - lastFilled } });
  }
  const done = out.some((e) => e.type === 'order.filled');
  if (!done && seen.cancelled > 0) {
    out.push({ type: seen.filled > 0 ? 'order.partially_cancelled' : 'order.cancelled', data: { ...base, voided: seen.note.includes('废单') } });
  }
  return out;
}
