// trade.ts - /buy and /sell: validated limit orders, answered with the client's own text.
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { GatewayError } from '../../errors.ts';
import type { OrderLimits } from '../../risk/limits.ts';
import { OrderParams } from '../fields.ts';
import { parsedParams, validate } from '../validate.ts';
import { sendEnvelope, sendReply, type Reply } from '../reply.ts';
import type { OrderGate } from '../../journal/gate.ts';
import { placeOrder, refuseHead } from '../order-route.ts';
import { workerResult } from './account.ts';
import type { Bridge } from '../types.ts';

const OrderResult = z.object({
  success: z.boolean(),
  message: z.string(),
  entrustNo: z.string().nullable().optional(),
  amount: z.number().optional(),
}).passthrough();

export interface TradeOptions {
  /** Risk limits checked before the worker is called (absent: none). */
  limits?: OrderLimits | undefined;
  /** Validate, check and answer without calling the worker. */
  dryRun?: boolean | undefined;
  /** The clock for trading hours and the rate limit (tests pass a fixed one). */
  now?: (() => Date) | undefined;
  /** The order journal and idempotency keys (the server always has one; bare app tests may not). */
  gate?: OrderGate | undefined;
  logger: Logger;
}

const SIDE_ZH = { buy: '买入', sell: '卖出' } as const;

export function tradeRoutes(bridge: Bridge, opts: TradeOptions): Router {
  const router = Router();
  const now = opts.now ?? (() => new Date());
  const order = (side: 'buy' | 'sell') => async (req: Request, res: Response): Promise<void> => {
    const p = parsedParams<OrderParams>(res);
    const summary = { side, code: p.stock_code.code, exchange: p.stock_code.exchange, price: p.price, amount: p.amount, priceType: p.price_type };
    const checkLimits = (): void => {
      try {
        opts.limits?.check(p, now());
      } catch (err) {
        if (err instanceof GatewayError) opts.logger.warn({ ...summary, error: err.code, limit: err.details?.['limit'] }, 'order refused by risk limits');
        throw err;
      }
    };
    if (opts.dryRun) {
      checkLimits();
      opts.logger.info({ ...summary, dryRun: true }, 'dry run: order not sent');
      const priceText = p.price_type !== null ? `市价委托“${p.price_type}”${p.price === null ? '' : `，保护限价 ${p.price}`}` : p.price === null ? '客户端默认价格' : `价格 ${p.price}`;
      const what = `${SIDE_ZH[side]} ${p.stock_code.code}（${p.stock_code.exchange}）${p.amount === 'max' ? '最大可交易数量' : `${p.amount} 股`}，${priceText}`;
      sendEnvelope(res, 200, 1, `模拟下单（dry run）：${what}；已通过校验和风控检查，没有发往客户端。(dry run: validated and checked, not sent to the client)`, {
        dry_run: true,
        order: { side, stock_code: p.stock_code.code, exchange: p.stock_code.exchange, price: p.price, amount: p.amount, ...(p.price_type === null ? {} : { price_type: p.price_type }) },
      });
      return;
    }
    const args: Record<string, unknown> = { side, code: p.stock_code.code, exchange: p.stock_code.exchange, price: p.price, amount: p.amount };
    if (p.price_type !== null) args['priceType'] = p.price_type; // a market order (combo 1541); absent: limit
    // Runs only for a new order (never for a replayed key): risk limits, then the worker.
    const run = async (onEvent?: (e: string) => void): Promise<Reply> => {
      checkLimits();
      opts.logger.info(summary, 'order sent to the client');
      const result = workerResult(OrderResult, await bridge.request('order', args, onEvent), 'order');
      if (result.success) return { http: 200, status: 1, message: result.message, extra: { entrust_no: result.entrustNo ?? null, amount: result.amount } };
      return { http: 200, status: -1, message: result.message, extra: { error: 'client_rejected' } };
    };
    const reply = await placeOrder(req, opts.gate, { kind: side, code: p.stock_code.code, side, price: p.price, amount: String(p.amount), params: args }, run);
    const retry = reply.extra['retry_after'];
    if (typeof retry === 'number') res.setHeader('Retry-After', String(retry));
    sendReply(res, reply);
  };
  for (const side of ['buy', 'sell'] as const) {
    router.route(`/${side}`).head(refuseHead).get(validate(OrderParams), order(side)).post(validate(OrderParams), order(side));
  }
  return router;
}
