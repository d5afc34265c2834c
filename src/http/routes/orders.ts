// orders.ts - the order-type routes: /buy, /sell, /repo, /cancel, /ipo/subscribe (and /ipo, the offers they act on). Each
// parses its parameters, hands them to trading with the request's idempotency key, and sends the answer; HEAD is
// refused on every one of them, and a parameter the route does not know is a 400.
import { Router, type Request, type Response } from 'express';
import { CancelParams } from '../../core/cancel.ts';
import { SubscribeParams } from '../../core/ipo.ts';
import { ORDER_PARAMS, type OrderParams } from '../../core/order.ts';
import { orderedRows } from '../../core/ordered.ts';
import { RepoParams } from '../../core/repo.ts';
import type { Trading } from '../../trading/trading.ts';
import { sendEnvelope, sendReply } from '../envelope.ts';
import { strictParams } from '../middleware/validate.ts';
import { callerGone } from '../request-meta.ts';
import { effectRoute } from './effect-route.ts';

export function orderRoutes(trading: Trading): Router {
  const router = Router();
  for (const side of ['buy', 'sell'] as const) {
    effectRoute<OrderParams>(router, `/${side}`, ORDER_PARAMS[side], (p, meta) => trading.order(side, p, meta));
  }
  effectRoute<RepoParams>(router, '/repo', RepoParams, (p, meta) => trading.repo(p, meta));
  effectRoute<CancelParams>(router, '/cancel', CancelParams, (p, meta) => trading.cancel(p, meta), sendReply);

  const offers = async (_req: Request, res: Response): Promise<void> => {
    const grid = await trading.ipoOffers(callerGone(res));
    sendEnvelope(res, 200, 1, orderedRows(grid.columns, grid.rows));
  };
  router.route('/ipo').get(strictParams([]), offers).post(strictParams([]), offers);
  effectRoute<SubscribeParams>(router, '/ipo/subscribe', SubscribeParams, (p, meta) => trading.ipoSubscribe(p, meta), sendReply);
  return router;
}
