// journal.ts - /journal?date=YYYY-MM-DD and /journal/{id}: what the order journal recorded.
import { Router, type Request, type Response } from 'express';
import type { Trading } from '../../trading/trading.ts';
import { sendEnvelope } from '../envelope.ts';
import { collectParams } from '../middleware/params.ts';

export function journalRoutes(trading: Trading): Router {
  const router = Router();
  const list = (req: Request, res: Response): void => {
    sendEnvelope(res, 200, 1, trading.journalDay(collectParams(req)['date']));
  };
  const one = (req: Request, res: Response): void => {
    sendEnvelope(res, 200, 1, trading.journalRow(String(req.params['id'])));
  };
  router.route('/journal').get(list).post(list);
  router.route('/journal/:id').get(one).post(one);
  return router;
}
