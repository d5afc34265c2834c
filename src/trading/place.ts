// place.ts - what every order-type use case (buy, sell, cancel, IPO subscription) shares: journaled through the
// order gate, deduplicated by the caller's idempotency key, replayed with what the journal knows now.
import { GatewayError } from '../core/errors.ts';
import { outcomeOf } from '../core/outcome.ts';
import { errorReply, replyBody, type Reply } from '../core/reply.ts';
import type { OrderGate, OrderTicket } from '../journal/gate.ts';
import type { JournalRow } from '../journal/store.ts';

/** Who asked, as the journal records it: the idempotency key (or null) and the caller's address. */
export interface RequestMeta {
  idemKey: string | null;
  caller: string | null;
  /** Aborted when the caller has gone (its connection closed before the answer): a command still queued is dropped. */
  signal?: AbortSignal | undefined;
}

/** What a journaled order's `run` can do besides talking to the worker: confirm an order that showed no popup. */
export interface PlaceContext {
  journalId: number;
  /** Today's orders searched for this order (confirm.ts): its contract number, or null when not found for certain. */
  confirmFromOrders: () => Promise<{ entrustNo: string; reads: number } | null>;
}
type Run = (onEvent?: (e: string) => void, ctx?: PlaceContext) => Promise<Reply>;

/** Runs `run`, turning a GatewayError into its reply (anything else is a bug and propagates). */
async function answered(run: Run, onEvent?: (e: string) => void, ctx?: PlaceContext): Promise<Reply> {
  try {
    return await run(onEvent, ctx);
  } catch (err) {
    if (err instanceof GatewayError) return errorReply(err);
    throw err;
  }
}

/**
 * Runs an order-type request through the gate when there is one (journaled, deduplicated, replayed), else bare (app
 * tests without a journal). Errors from `run` come back as replies either way; the gate's own refusals (a key in use,
 * a duplicate, an unwritable journal) are thrown. The caller's signal reaches the gate's read of today's orders.
 */
export async function placeJournaled(gate: OrderGate | undefined, ticket: Omit<OrderTicket, 'idemKey' | 'caller'>, meta: RequestMeta, run: Run): Promise<Reply> {
  if (!gate) return answered(run);
  let reply: Reply | undefined;
  const r = await gate.place({ ...ticket, idemKey: meta.idemKey, caller: meta.caller }, async (id, onEvent) => {
    const ctx: PlaceContext = { journalId: id, confirmFromOrders: () => gate.confirmFromOrders(id, meta.signal) };
    const first = await answered(run, onEvent, ctx);
    reply = { ...first, extra: { ...first.extra, journal_id: id } };
    return { outcome: outcomeOf(first), answer: { code: reply.http, body: replyBody(reply) } };
  }, { signal: meta.signal });
  if (r.replayed) return replayReply(r.row);
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- not replayed: the gate ran the callback above
  return reply!;
}

/** The first reply again, marked replayed, with what the journal knows now (settlement after reconciliation). */
export function replayReply(row: JournalRow): Reply {
  const journal = { id: row.id, state: row.state, settlement: row.settlement, entrust_no: row.entrustNo, settled_how: row.settledHow };
  if (row.replyBody && row.replyHttp !== null) {
    const body = JSON.parse(row.replyBody) as Record<string, unknown>;
    const { status, message, ...extra } = body;
    return { http: row.replyHttp, status: status === 1 ? 1 : -1, message, extra: { ...extra, replayed: true, journal } };
  }
  // The server stopped before it answered: say what the journal knows now.
  if (row.settlement === 'accepted') {
    return { http: 200, status: 1, message: `委托已在客户端（对账确认），合同编号：${row.entrustNo ?? ''}。`, extra: { entrust_no: row.entrustNo, replayed: true, journal } };
  }
  if (row.settlement === 'absent') {
    return { http: 200, status: -1, message: '这笔委托没有出现在客户端的当日委托里（对账确认没有下单）：如需下单请换一个新的幂等键。', extra: { error: 'order_absent', replayed: true, journal } };
  }
  return { http: 504, status: -1, message: '这笔委托的结果仍未知，正在与客户端对账：请稍后用同一个键查询，不要换键重下。', extra: { error: 'outcome_unknown', replayed: true, journal } };
}
