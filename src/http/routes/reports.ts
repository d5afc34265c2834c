// reports.ts - /orders and /trades: today's orders and trades as the client's grids show them.
import { Router, type Request, type Response } from 'express';
import { GatewayError } from '../../core/errors.ts';
import { orderedRows } from '../../core/ordered.ts';
import type { Trading } from '../../trading/trading.ts';
import { sendEnvelope } from '../envelope.ts';
import type { Params } from '../middleware/params.ts';
import { parsedParams, strictParams } from '../middleware/validate.ts';
import { callerGone } from '../request-meta.ts';

function flag(v: unknown, field: string): boolean {
  if (v === undefined || v === null || v === '' || v === '0' || v === 0 || v === false || v === 'false') return false;
  if (v === '1' || v === 1 || v === true || v === 'true') return true;
  throw new GatewayError('invalid_body', `${field} 只能是 1 / 0 / true / false。(${field} must be 1, 0, true or false)`, { field });
}

export function reportRoutes(trading: Trading): Router {
  const router = Router();
  const orders = async (_req: Request, res: Response): Promise<void> => {
    const grid = await trading.orders(flag(parsedParams<Params>(res)['open'], 'open'), callerGone(res));
    sendEnvelope(res, 200, 1, orderedRows(grid.columns, grid.rows));
  };
  const trades = async (_req: Request, res: Response): Promise<void> => {
    const grid = await trading.trades(callerGone(res));
    sendEnvelope(res, 200, 1, orderedRows(grid.columns, grid.rows));
  };
  const open = strictParams(['open']);
  const none = strictParams([]);
  router.route('/orders').get(open, orders).post(open, orders);
  router.route('/trades').get(none, trades).post(none, trades);
  return router;
}
