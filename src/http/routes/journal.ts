// journal.ts - /journal?date=YYYY-MM-DD and /journal/{id}: what the order journal recorded; POST
// /journal/{id}/settle: the operator settles an order of unknown outcome by hand (POST only: it changes the journal).
import { Router, type Request, type Response } from 'express';
import { GatewayError } from '../../core/errors.ts';
import type { Trading } from '../../trading/trading.ts';
import { sendEnvelope } from '../envelope.ts';
import type { Params } from '../middleware/params.ts';
import { parsedParams, strictParams } from '../middleware/validate.ts';

/** The parameters of a manual settlement. */
export const SETTLE_PARAMS = ['settlement', 'entrust_no', 'note'] as const;

export function journalRoutes(trading: Trading): Router {
  const router = Router();
  const list = (_req: Request, res: Response): void => {
    sendEnvelope(res, 200, 1, trading.journalDay(parsedParams<Params>(res)['date']));
  };
  const one = (req: Request, res: Response): void => {
    sendEnvelope(res, 200, 1, trading.journalRow(String(req.params['id'])));
  };
  const settle = (req: Request, res: Response): void => {
    sendEnvelope(res, 200, 1, trading.settleJournal(String(req.params['id']), parsedParams<Params>(res), { caller: req.socket.remoteAddress ?? null }));
  };
  const postOnly = (req: Request, res: Response): void => {
    res.setHeader('Allow', 'POST');
    throw new GatewayError('method_not_allowed', `${req.path} 只接受 POST（手工对账会改变日志），收到 ${req.method}。(POST only)`);
  };
  const date = strictParams(['date']);
  const none = strictParams([]);
  const settleParams = strictParams(SETTLE_PARAMS);
  router.route('/journal').get(date, list).post(date, list);
  router.route('/journal/:id').get(none, one).post(none, one);
  router.route('/journal/:id/settle').post(settleParams, settle).all(postOnly);
  return router;
}
