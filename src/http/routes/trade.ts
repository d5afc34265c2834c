// trade.ts - /buy and /sell: validated limit orders, answered with the client's own text.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
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

export function tradeRoutes(bridge: Bridge): Router {
  const router = Router();
  const order = (side: 'buy' | 'sell') => async (_req: Request, res: Response): Promise<void> => {
    const p = parsedParams<OrderParams>(res);
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
  for (const side of ['buy', 'sell'] as const) {
    router.route(`/${side}`).get(validate(OrderParams), order(side)).post(validate(OrderParams), order(side));
  }
  return router;
}
