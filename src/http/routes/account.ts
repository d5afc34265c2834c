// account.ts - /balance, /position and /health: read-only routes in the seed's shapes.
import { Router, type Request, type Response } from 'express';
import { textOf } from '../../core/text.ts';
import { Ordered } from '../../core/ordered.ts';
import type { GridRow, Trading } from '../../trading/trading.ts';
import { sendEnvelope } from '../envelope.ts';
import { callerGone } from '../request-meta.ts';
import { strictParams } from '../middleware/validate.ts';

function int(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

function num(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
}

/** Positions keyed by code in the client's row order, each with the seed's five fields. */
export function positionMessage(rows: GridRow[]): Ordered {
  const entries: Array<[string, unknown]> = [];
  for (const row of rows) {
    const code = row['证券代码'];
    if (typeof code !== 'string' || !code) continue;
    entries.push([code, new Ordered([
      ['证券名称', textOf(row['证券名称'])],
      ['冻结数量', int(row['冻结数量'])],
      ['可用余额', int(row['可用余额'])],
      ['股票余额', int(row['股票余额'])],
      ['成本价', num(row['成本价'])],
    ])]);
  }
  return new Ordered(entries);
}

export function accountRoutes(trading: Trading): Router {
  const router = Router();
  // A read still queued when its caller goes away is dropped (callerGone), never run for nobody.
  const balance = async (_req: Request, res: Response): Promise<void> => {
    sendEnvelope(res, 200, 1, new Ordered(await trading.balance(callerGone(res))));
  };
  const position = async (_req: Request, res: Response): Promise<void> => {
    sendEnvelope(res, 200, 1, positionMessage(await trading.positions(callerGone(res))));
  };
  const health = (_req: Request, res: Response): void => {
    const h = trading.health();
    sendEnvelope(res, 200, h.worker.state === 'ready' ? 1 : -1, h);
  };
  // None of them takes a parameter: any given is a 400 (a typo is never silently ignored).
  const none = strictParams([]);
  router.route('/balance').get(none, balance).post(none, balance);
  router.route('/position').get(none, position).post(none, position);
  router.route('/health').get(none, health).post(none, health);
  return router;
}
