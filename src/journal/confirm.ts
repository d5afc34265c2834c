// confirm.ts - a buy / sell that showed no result popup (the client's quick-trade mode shows success as a toast no
// window message can read) is confirmed from today's orders right away: the same rule as reconciliation (a row new
// since the snapshot, not linked to another journal row, matching side, code, price and amount, the only one), read
// a few times within a bound. No such row: null, and the order stays an unknown outcome for reconciliation.
import { setTimeout as sleep } from 'node:timers/promises';
import { decide, toClientOrders } from './reconcile.ts';
import type { ReadOrders } from './reconciler.ts';
import type { JournalStore } from './store.ts';

/** A broker's answer after the click takes well under a second; the client lists the order once it has it. */
export const ORDERS_CONFIRM_WAIT_MS = 6_000;
/** Between reads of today's orders while confirming (each read is a grid copy). */
export const ORDERS_CONFIRM_POLL_MS = 500;

/** The order found in today's orders: its contract number, the read's note, and how many reads it took. */
export interface Confirmed {
  entrustNo: string;
  note: string;
  reads: number;
}

/**
 * Looks for journal row `id`'s order in today's orders until ORDERS_CONFIRM_WAIT_MS has passed: accepted when the
 * reconciliation rule finds exactly one candidate for it; null when there is none, several, the row has no snapshot
 * or a read fails (never a guess).
 */
export async function confirmFromOrders(store: JournalStore, readOrders: ReadOrders, id: number, now: () => Date, signal?: AbortSignal, bounds = { waitMs: ORDERS_CONFIRM_WAIT_MS, pollMs: ORDERS_CONFIRM_POLL_MS }): Promise<Confirmed | null> {
  const row = store.get(id);
  if (row?.snapshot == null || (row.kind !== 'buy' && row.kind !== 'sell')) return null;
  const started = Date.now();
  for (let reads = 1; ; reads++) {
    let read: Array<Record<string, unknown>>;
    try {
      read = await readOrders(signal);
    } catch {
      return null;
    }
    const at = now();
    const others = store.unsettled().filter((r) => r.day === row.day && r.id !== id && (r.kind === 'buy' || r.kind === 'sell'));
    const self = { ...row, state: 'unknown' as const, finishedAt: at.toISOString() };
    const mine = decide([...others, self], toClientOrders(read), store.linkedEntrustNos(row.day), { now: at, readsBefore: () => 0 }).find((d) => d.id === id);
    if (mine?.decision === 'accepted' && mine.entrustNo !== null) return { entrustNo: mine.entrustNo, note: mine.note, reads };
    if (mine?.decision === 'ambiguous') return null;
    if (Date.now() - started + bounds.pollMs > bounds.waitMs) return null;
    try {
      await sleep(bounds.pollMs, undefined, { signal });
    } catch {
      return null; // the caller left: the order stays unknown, for reconciliation
    }
  }
}
