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
import { IDEMPOTENCY_PARAM } from '../middleware/known-params.ts';
import { parsedParams, strictParams, validate } from '../middleware/validate.ts';
import { callerGone, refuseHead, requestMeta } from '../request-meta.ts';
import { sendOrderReply } from './order-reply.ts';

export function orderRoutes(trading: Trading): Router {
  const router = Router();
  const order = (side: 'buy' | 'sell') => async (req: Request, res: Response): Promise<void> => {
    sendOrderReply(res, await trading.order(side, parsedParams<OrderParams>(res), requestMeta(req, res)));
  };
  for (const side of ['buy', 'sell'] as const) {
    const params = validate(ORDER_PARAMS[side], [IDEMPOTENCY_PARAM]);
    router.route(`/${side}`).head(refuseHead).get(params, order(side)).post(params, order(side));
  }

  const repo = async (req: Request, res: Response): Promise<void> => {
    sendOrderReply(res, await trading.repo(parsedParams<RepoParams>(res), requestMeta(req, res)));
  };
  const repoParams = validate(RepoParams, [IDEMPOTENCY_PARAM]);
  router.route('/repo').head(refuseHead).get(repoParams, repo).post(repoParams, repo);

  const cancel = async (req: Request, res: Response): Promise<void> => {
    sendReply(res, await trading.cancel(parsedParams<CancelParams>(res), requestMeta(req, res)));
  };
  const cancelParams = validate(CancelParams, [IDEMPOTENCY_PARAM]);
  router.route('/cancel').head(refuseHead).get(cancelParams, cancel).post(cancelParams, cancel);

  const offers = async (_req: Request, res: Response): Promise<void> => {
    const grid = await trading.ipoOffers(callerGone(res));
    sendEnvelope(res, 200, 1, orderedRows(grid.columns, grid.rows));
  };
  const subscribe = async (req: Request, res: Response): Promise<void> => {
    sendReply(res, await trading.ipoSubscribe(parsedParams<SubscribeParams>(res), requestMeta(req, res)));
  };
  router.route('/ipo').get(strictParams([]), offers).post(strictParams([]), offers);
  const subscribeParams = validate(SubscribeParams, [IDEMPOTENCY_PARAM]);
  router.route('/ipo/subscribe').head(refuseHead).get(subscribeParams, subscribe).post(subscribeParams, subscribe);
  return router;
}
