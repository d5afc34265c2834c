// trade.ts - /buy and /sell: validated limit orders, answered with the client's own text.
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { GatewayError } from '../../errors.ts';
import type { OrderLimits } from '../../risk/limits.ts';
import { OrderParams } from '../fields.ts';
import { parsedParams, validate } from '../validate.ts';
import { sendEnvelope } from '../reply.ts';
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
  logger: Logger;
}

const SIDE_ZH = { buy: '买入', sell: '卖出' } as const;

export function tradeRoutes(bridge: Bridge, opts: TradeOptions): Router {
  const router = Router();
  const now = opts.now ?? (() => new Date());
  const order = (side: 'buy' | 'sell') => async (_req: Request, res: Response): Promise<void> => {
    const p = parsedParams<OrderParams>(res);
    const summary = { side, code: p.stock_code.code, exchange: p.stock_code.exchange, price: p.price, amount: p.amount };
    try {
      opts.limits?.check(p, now());
    } catch (err) {
      if (err instanceof GatewayError) {
        opts.logger.warn({ ...summary, error: err.code, limit: err.details?.['limit'] }, 'order refused by risk limits');
        const retry = err.details?.['retry_after'];
        if (typeof retry === 'number') res.setHeader('Retry-After', String(retry));
      }
      throw err;
    }
    if (opts.dryRun) {
      opts.logger.info({ ...summary, dryRun: true }, 'dry run: order not sent');
      const what = `${SIDE_ZH[side]} ${p.stock_code.code}（${p.stock_code.exchange}）${p.amount === 'max' ? '最大可交易数量' : `${p.amount} 股`}，${p.price === null ? '客户端默认价格' : `价格 ${p.price}`}`;
      sendEnvelope(res, 200, 1, `模拟下单（dry run）：${what}；已通过校验和风控检查，没有发往客户端。(dry run: validated and checked, not sent to the client)`, {
        dry_run: true,
        order: { side, stock_code: p.stock_code.code, exchange: p.stock_code.exchange, price: p.price, amount: p.amount },
      });
      return;
    }
    opts.logger.info(summary, 'order sent to the client');
    const result = workerResult(OrderResult, await bridge.request('order', {
      side,
      code: p.stock_code.code,
      exchange: p.stock_code.exchange,
      price: p.price,
      amount: p.amount,
    }), 'order');
    if (result.success) {
      sendEnvelope(res, 200, 1, result.message, { entrust_no: result.entrustNo ?? null, amount: result.amount });
    } else {
      sendEnvelope(res, 200, -1, result.message, { error: 'client_rejected' });
    }
  };
  // Express answers HEAD with the GET handler; a HEAD request must never place an order.
  const noHead = (req: Request, res: Response): void => {
    res.setHeader('Allow', 'GET, POST');
    throw new GatewayError('method_not_allowed', `${req.path} 只接受 GET 和 POST，收到 HEAD。(only GET and POST)`);
  };
  for (const side of ['buy', 'sell'] as const) {
    router.route(`/${side}`).head(noHead).get(validate(OrderParams), order(side)).post(validate(OrderParams), order(side));
  }
  return router;
}
