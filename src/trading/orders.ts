// orders.ts - the buy / sell use case: risk limits, dry run, then the worker through the journal; answered with the
// client's own text.
import type { Logger } from 'pino';
import { z } from 'zod';
import { GatewayError } from '../core/errors.ts';
import type { CreditOrderKind } from '../core/credit.ts';
import type { OrderParams } from '../core/order.ts';
import { failReply, okReply, type Reply } from '../core/reply.ts';
import type { Bridge } from '../bridge/supervisor-types.ts';
import type { OrderGate } from '../journal/gate.ts';
import type { OrderLimits } from '../risk/limits.ts';
import { placeJournaled, type PlaceContext, type RequestMeta } from './place.ts';
import { workerResult } from './worker-result.ts';

/**
 * The worker's refusal codes of an order, each a final answer that placed nothing: the client's refusal (a text of
 * the popup table, docs/popups.md), or the worker's 否 to a confirmation that did not show the order or to a warning.
 */
export const ORDER_REFUSALS = ['client_rejected', 'system_clearing', 'confirmation_mismatch', 'client_warning'] as const;

const OrderResult = z.object({
  success: z.boolean(),
  message: z.string(),
  entrustNo: z.string().nullable().optional(),
  amount: z.number().optional(),
  refusal: z.enum(ORDER_REFUSALS).optional(),
  warning: z.string().optional(),
  warnings: z.array(z.object({ kind: z.string(), text: z.string() })).optional(),
  credit: z.string().optional(),
}).loose();

export interface OrderDeps {
  bridge: Bridge;
  gate: OrderGate | undefined;
  limits: OrderLimits | undefined;
  dryRun: boolean;
  now: () => Date;
  logger: Logger;
}

const SIDE_ZH = { buy: '买入', sell: '卖出' } as const;

/** An outcome_unknown whose worker said no popup came after the click (the protocol's `popup: false`). */
function noPopup(err: unknown): boolean {
  if (!(err instanceof GatewayError) || err.code !== 'outcome_unknown') return false;
  const cause = err.cause as { popup?: unknown } | undefined;
  return cause?.popup === false;
}

/** The dry-run answer: what would have been sent, after validation and the risk limits. */
function dryRunReply(side: 'buy' | 'sell', p: OrderParams, credit?: CreditOrderKind): Reply {
  const priceText = p.price_type !== null ? `市价委托“${p.price_type}”${p.price === null ? '' : `，保护限价 ${p.price}`}` : p.price === null ? '客户端默认价格' : `价格 ${p.price}`;
  const what = `${credit?.zh ?? SIDE_ZH[side]} ${p.stock_code.code}（${p.stock_code.exchange}）${p.amount === 'max' ? '最大可交易数量' : `${p.amount} 股`}，${priceText}`;
  return okReply(`模拟下单（dry run）：${what}；已通过校验和风控检查，没有发往客户端。(dry run: validated and checked, not sent to the client)`, {
    dry_run: true,
    order: { side, stock_code: p.stock_code.code, exchange: p.stock_code.exchange, price: p.price, amount: p.amount, ...(p.price_type === null ? {} : { price_type: p.price_type }), ...(credit === undefined ? {} : { credit: credit.kind }) },
  });
}

/**
 * Places a buy or sell order (or answers it as a dry run); `credit`: a credit account's order page (融资买入 ...), whose
 * side is `side`. A plain order on a credit account's client goes to its 担保品买入 / 卖出 (the worker tells).
 */
export async function placeOrder(deps: OrderDeps, side: 'buy' | 'sell', p: OrderParams, meta: RequestMeta, credit?: CreditOrderKind): Promise<Reply> {
  const summary = { side, code: p.stock_code.code, exchange: p.stock_code.exchange, price: p.price, amount: p.amount, priceType: p.price_type, ...(credit === undefined ? {} : { credit: credit.kind }) };
  const checkLimits = (): void => {
    try {
      deps.limits?.check(p, deps.now());
    } catch (err) {
      if (err instanceof GatewayError) deps.logger.warn({ ...summary, error: err.code, limit: err.details?.['limit'] }, 'order refused by risk limits');
      throw err;
    }
  };
  if (deps.dryRun) {
    checkLimits();
    deps.logger.info({ ...summary, dryRun: true }, 'dry run: order not sent');
    return dryRunReply(side, p, credit);
  }
  const args: Record<string, unknown> = { side, code: p.stock_code.code, exchange: p.stock_code.exchange, price: p.price, amount: p.amount };
  if (p.price_type !== null) args['priceType'] = p.price_type; // a market order (combo 1541); absent: limit
  if (credit !== undefined) args['credit'] = credit.kind; // the credit page (the worker's Invoke-ThsOrder -Credit)
  // The client's warnings the risk config lets through (answered 是); the journal keeps the order's own parameters.
  const acceptWarnings = deps.limits?.limits.accept_warnings ?? [];
  const workerArgs = acceptWarnings.length > 0 ? { ...args, acceptWarnings } : args;
  // Runs only for a new order (never for a replayed key): risk limits, then the worker.
  const run = async (onEvent?: (e: string) => void, ctx?: PlaceContext): Promise<Reply> => {
    checkLimits();
    deps.logger.info(summary, 'order sent to the client');
    let raw: unknown;
    try {
      raw = await deps.bridge.request('order', workerArgs, onEvent, meta.signal);
    } catch (err) {
      // No popup at all after the click: the quick-trade mode's success looks so. Today's orders decide, else unknown.
      const found = ctx && noPopup(err) ? await ctx.confirmFromOrders() : null;
      if (!found) throw err;
      return okReply(`委托已提交：客户端没有弹出结果窗口（快速交易模式），在当日委托里找到了这笔委托，合同编号：${found.entrustNo}。(no result popup: the order was found in today's orders)`, { entrust_no: found.entrustNo, confirmed_by: 'orders' });
    }
    const result = workerResult(OrderResult, raw, 'order');
    const accepted = result.warnings ?? [];
    const page = result.credit === undefined ? {} : { credit: result.credit };
    if (result.success) return okReply(result.message, { entrust_no: result.entrustNo ?? null, amount: result.amount, ...page, ...(accepted.length > 0 ? { accepted_warnings: accepted } : {}) });
    const refusal = result.refusal ?? 'client_rejected';
    if (refusal !== 'client_rejected') deps.logger.warn({ ...summary, error: refusal, warning: result.warning, text: result.message }, 'order answered No by the worker: nothing placed');
    return failReply(refusal, result.message, result.warning === undefined ? {} : { warning: result.warning });
  };
  return placeJournaled(deps.gate, { kind: side, code: p.stock_code.code, side, price: p.price, amount: String(p.amount), params: args }, meta, run);
}
