// cancel.ts - the cancel use case: one order by its contract number, or all / all buys / all sells, on the client's
// 撤单 page; journaled like an order; answered with the client's text and the contract numbers cancelled. In dry-run
// today's orders are read (a read) to say which ones would be cancelled, and nothing is sent.
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CancelParams } from '../core/cancel.ts';
import { orderedRows } from '../core/ordered.ts';
import { failReply, okReply, type Reply } from '../core/reply.ts';
import { textOf } from '../core/text.ts';
import type { Bridge } from '../bridge/supervisor-types.ts';
import type { OrderGate } from '../journal/gate.ts';
import { placeJournaled, type RequestMeta } from './place.ts';
import { readOrders, type GridRow } from './reports.ts';
import { workerResult } from './worker-result.ts';

/** The worker's refusal codes (each a final answer: the client's, or the worker's 否 to 撤单确认 or a warning). */
export const REFUSALS = ['order_not_found', 'not_cancellable', 'nothing_to_cancel', 'client_rejected', 'system_clearing', 'confirmation_mismatch', 'client_warning'] as const;

const CancelResult = z.object({
  success: z.boolean(),
  message: z.string(),
  cancelled: z.array(z.string()),
  refusal: z.enum(REFUSALS).optional(),
}).loose();

export interface CancelDeps {
  bridge: Bridge;
  gate: OrderGate | undefined;
  /** Answer the cancel without sending it (today's orders are read to say which ones it would take). */
  dryRun?: boolean | undefined;
  logger?: Logger | undefined;
}

/** Cancels what the parameters name; a repeated idempotency key replays the first answer. */
export async function cancelOrders(deps: CancelDeps, p: CancelParams, meta: RequestMeta): Promise<Reply> {
  const args = p.entrust_no !== null ? { entrustNo: p.entrust_no } : { scope: p.scope };
  if (deps.dryRun) return dryRunCancel(deps, p);
  const run = async (onEvent?: (e: string) => void): Promise<Reply> => {
    const result = workerResult(CancelResult, await deps.bridge.request('cancel', args, onEvent, meta.signal), 'cancel');
    if (result.success) return okReply(result.message, { cancelled: result.cancelled });
    return failReply(result.refusal ?? 'client_rejected', result.message, { cancelled: result.cancelled });
  };
  return placeJournaled(deps.gate, { kind: 'cancel', code: null, side: p.scope, price: null, amount: null, params: args }, meta, run);
}

const SCOPE_ZH = { all: '全撤', buy: '撤买', sell: '撤卖' } as const;

/** True when an open order is one the cancel names (its contract number, or its side for a scope; the worker's rule). */
function named(row: GridRow, p: CancelParams): boolean {
  if (p.entrust_no !== null) return textOf(row['合同编号']) === p.entrust_no;
  const op = textOf(row['操作']);
  if (p.scope === 'buy') return op.includes('买');
  if (p.scope === 'sell') return op.includes('卖');
  return true;
}

/** The dry-run answer: which of today's open orders the cancel would take; nothing is sent to the client. */
async function dryRunCancel(deps: CancelDeps, p: CancelParams): Promise<Reply> {
  const open = await readOrders(deps.bridge, true);
  const rows = open.rows.filter((r) => named(r, p));
  const nos = rows.map((r) => textOf(r['合同编号']));
  const what = p.entrust_no !== null ? `撤单 ${p.entrust_no}` : SCOPE_ZH[p.scope ?? 'all'];
  deps.logger?.info({ entrustNo: p.entrust_no, scope: p.scope, wouldCancel: nos, dryRun: true }, 'dry run: cancel not sent');
  const message = nos.length > 0
    ? `模拟撤单（dry run）：${what}会撤销 ${nos.length} 笔委托（合同编号：${nos.join('、')}）；没有发往客户端，委托仍然有效。(dry run: would cancel ${nos.length} order(s): ${nos.join(', ')}; nothing was sent, the orders stay open)`
    : `模拟撤单（dry run）：${what}在当日委托里找不到可撤的委托，客户端会拒绝；没有发往客户端。(dry run: no open order to cancel; nothing was sent)`;
  return okReply(message, { dry_run: true, would_cancel: nos, orders: orderedRows(open.columns, rows) });
}
