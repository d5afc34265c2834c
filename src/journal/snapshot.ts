// snapshot.ts - the journal's snapshot before a buy / sell click: today's orders read from the client (asked for just
// before the order's row is written, so the worker reads while the row's commit waits for the disk) and their contract
// numbers, kept with the row's `sent` write so that reconciliation can tell which order is new.
import { GatewayError } from '../core/errors.ts';
import { entrustNosOf } from './reconcile.ts';
import type { ReadOrders } from './reconciler.ts';
import type { JournalStore } from './store.ts';
import type { JournalWrites } from './writes.ts';

/** Today's orders as read for one snapshot. */
export type SnapshotRead = Promise<Array<Record<string, unknown>>>;

/** Asks for today's orders now; async so that a read function that throws is a rejected read, which snapshotOf handles. */
export async function askSnapshot(read: ReadOrders, signal: AbortSignal | undefined): SnapshotRead {
  return read(signal);
}

/**
 * The contract numbers of today's orders read before row `id`'s click, for its `sent` write. A failed read places
 * nothing: the row is finished not_sent (abandoned when the caller left) and the read's error is thrown.
 */
export async function snapshotOf(store: JournalStore, writes: JournalWrites, id: number, reading: SnapshotRead, now: () => Date): Promise<string[]> {
  let read: Array<Record<string, unknown>>;
  try {
    read = await reading;
  } catch (err) {
    const cause = err instanceof GatewayError ? err : new GatewayError('internal', (err as Error).message, { cause: err });
    const state = cause.code === 'request_abandoned' ? 'abandoned' : 'not_sent';
    writes.later(id, 'finish', () => { store.finish(id, state, { errorCode: cause.code, clientText: cause.message }, now()); });
    throw new GatewayError(cause.code, `下单前读取当日委托（用于对账）失败，没有下单：${cause.message}`, { details: { ...cause.replyFields(), journal_id: id }, cause: err });
  }
  return entrustNosOf(read);
}
