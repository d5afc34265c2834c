// credit.ts - a credit (融资融券) account's routes: /margin_buy, /short_sell, /buy_to_cover, /sell_to_repay (the
// parameters, journal, risk limits, idempotency keys and dry run of /buy and /sell, placed on the client's credit
// page), /direct_repay (直接还款) and /direct_return (直接还券) (journaled, idempotency keys, dry run), /credit_balance
// (查询资产), /margin_securities (标的证券) and /credit_debts (负债明细). On a cash account's client each answers 409
// not_credit_account.
import { Router, type Request, type Response } from 'express';
import { CREDIT_ROUTES, creditOrderSchema } from '../../core/credit.ts';
import { DirectRepayParams, DirectReturnParams } from '../../core/credit-repay.ts';
import type { OrderParams } from '../../core/order.ts';
import { Ordered, orderedRows } from '../../core/ordered.ts';
import type { Trading } from '../../trading/trading.ts';
import { sendEnvelope } from '../envelope.ts';
import { strictParams } from '../middleware/validate.ts';
import { callerGone } from '../request-meta.ts';
import { effectRoute } from './effect-route.ts';

export function creditRoutes(trading: Trading): Router {
  const router = Router();
  for (const route of CREDIT_ROUTES) {   // price_type on /margin_buy only
    effectRoute<OrderParams>(router, `/${route}`, creditOrderSchema(route), (p, meta) => trading.creditOrder(route, p, meta));
  }
  effectRoute<DirectRepayParams>(router, '/direct_repay', DirectRepayParams, (p, meta) => trading.directRepay(p, meta));
  effectRoute<DirectReturnParams>(router, '/direct_return', DirectReturnParams, (p, meta) => trading.directReturn(p, meta));
  // A read: a request still queued when its caller goes away is dropped, never run for nobody.
  const balance = async (_req: Request, res: Response): Promise<void> => {
    sendEnvelope(res, 200, 1, new Ordered(await trading.creditBalance(callerGone(res))));
  };
  router.route('/credit_balance').get(strictParams([]), balance).post(strictParams([]), balance);
  for (const [route, which] of [['/margin_securities', 'securities'], ['/credit_debts', 'debts']] as const) {
    const grid = async (_req: Request, res: Response): Promise<void> => {
      const g = await trading.creditGrid(which, callerGone(res));
      sendEnvelope(res, 200, 1, orderedRows(g.columns, g.rows));
    };
    router.route(route).get(strictParams([]), grid).post(strictParams([]), grid);
  }
  return router;
}
