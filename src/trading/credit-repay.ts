// credit-repay.ts - the 直接还款 / 直接还券 use cases of a credit account: dry run, then the worker's direct_repay /
// direct_return through the journal (kind repay: recorded before the worker sees it, deduplicated by its idempotency
// key, an unknown outcome kept unknown and never sent again); answered with the client's own text.
import { z } from 'zod';
import type { DirectRepayParams, DirectReturnParams } from '../core/credit-repay.ts';
import { failReply, okReply, type Reply } from '../core/reply.ts';
import { ORDER_REFUSALS, type OrderDeps } from './orders.ts';
import { placeJournaled, type RequestMeta } from './place.ts';
import { workerResult } from './worker-result.ts';

/** The worker's refusal codes of a 直接还款 / 直接还券 (the popup table's action repay): an order's. */
export const REPAY_REFUSALS = ORDER_REFUSALS;

const RepayResult = z.object({
  success: z.boolean(),
  message: z.string(),
  refusal: z.enum(REPAY_REFUSALS).optional(),
  warning: z.string().optional(),
  name: z.string().optional(),
}).loose();

type Deps = Pick<OrderDeps, 'bridge' | 'gate' | 'dryRun' | 'logger'>;

/** Runs one journaled 直接还款 / 直接还券 (or answers its dry run). */
async function repayJournaled(deps: Deps, cmd: 'direct_repay' | 'direct_return', args: Record<string, unknown>, what: { zh: string; summary: Record<string, unknown>; extra: Record<string, unknown>; code: string | null; amount: string }, meta: RequestMeta): Promise<Reply> {
  if (deps.dryRun) {
    deps.logger.info({ ...what.summary, dryRun: true }, `dry run: ${cmd} not sent`);
    return okReply(`模拟${what.zh}（dry run）：已通过校验，没有发往客户端。(dry run: validated, not sent to the client)`, { dry_run: true, ...what.extra });
  }
  const run = async (onEvent?: (e: string) => void): Promise<Reply> => {
    deps.logger.info(what.summary, `${cmd} sent to the client`);
    const result = workerResult(RepayResult, await deps.bridge.request(cmd, args, onEvent, meta.signal), cmd);
    const extra = result.name === undefined ? what.extra : { ...what.extra, name: result.name };
    if (result.success) return okReply(result.message, extra);
    const refusal = result.refusal ?? 'client_rejected';
    if (refusal !== 'client_rejected') deps.logger.warn({ ...what.summary, error: refusal, warning: result.warning, text: result.message }, `${cmd} answered No by the worker: nothing done`);
    return failReply(refusal, result.message, { ...extra, ...(result.warning === undefined ? {} : { warning: result.warning }) });
  };
  return placeJournaled(deps.gate, { kind: 'repay', code: what.code, side: null, price: null, amount: what.amount, params: { [cmd]: true, ...args } }, meta, run);
}

/** 直接还款: repays `amount` CNY of the financed debt from the account's cash. */
export function directRepay(deps: Deps, p: DirectRepayParams, meta: RequestMeta): Promise<Reply> {
  const extra = { direct_repay: { amount: p.amount } };
  return repayJournaled(deps, 'direct_repay', { money: p.amount }, { zh: `直接还款 ${p.amount} 元`, summary: { directRepay: p.amount }, extra, code: null, amount: p.amount }, meta);
}

/** 直接还券: returns `amount` held shares of `stock_code` against its short debt. */
export function directReturn(deps: Deps, p: DirectReturnParams, meta: RequestMeta): Promise<Reply> {
  const { code, exchange } = p.stock_code;
  const extra = { direct_return: { stock_code: code, exchange, amount: p.amount } };
  return repayJournaled(deps, 'direct_return', { code, amount: String(p.amount) }, { zh: `直接还券 ${code}（${exchange}）${String(p.amount)} 股`, summary: { directReturn: code, amount: p.amount }, extra, code, amount: String(p.amount) }, meta);
}
