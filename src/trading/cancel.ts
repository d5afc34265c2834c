// cancel.ts - the cancel use case: one order by its contract number, or all / all buys / all sells, on the client's
// 撤单 page; journaled like an order; answered with the client's text and the contract numbers cancelled.
import { z } from 'zod';
import type { CancelParams } from '../core/cancel.ts';
import { failReply, okReply, type Reply } from '../core/reply.ts';
import type { Bridge } from '../bridge/supervisor-types.ts';
import type { OrderGate } from '../journal/gate.ts';
import { placeJournaled, type RequestMeta } from './place.ts';
import { workerResult } from './worker-result.ts';

/** The worker's refusal codes (each one the client's answer). */
const REFUSALS = ['order_not_found', 'not_cancellable', 'nothing_to_cancel', 'client_rejected'] as const;

const CancelResult = z.object({
  success: z.boolean(),
  message: z.string(),
  cancelled: z.array(z.string()),
  refusal: z.enum(REFUSALS).optional(),
}).loose();

/** Cancels what the parameters name; a repeated idempotency key replays the first answer. */
export async function cancelOrders(deps: { bridge: Bridge; gate: OrderGate | undefined }, p: CancelParams, meta: RequestMeta): Promise<Reply> {
  const args = p.entrust_no !== null ? { entrustNo: p.entrust_no } : { scope: p.scope };
  const run = async (onEvent?: (e: string) => void): Promise<Reply> => {
    const result = workerResult(CancelResult, await deps.bridge.request('cancel', args, onEvent), 'cancel');
    if (result.success) return okReply(result.message, { cancelled: result.cancelled });
    return failReply(result.refusal ?? 'client_rejected', result.message, { cancelled: result.cancelled });
  };
  return placeJournaled(deps.gate, { kind: 'cancel', code: null, side: p.scope, price: null, amount: null, params: args }, meta, run);
}
