// reports.ts - /orders and /trades: today's orders and trades as the client's grids show them.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { Ordered, sendEnvelope } from '../reply.ts';
import { collectParams } from '../params.ts';
import { GatewayError } from '../../errors.ts';
import { workerResult } from './account.ts';
import type { Bridge } from '../types.ts';

const GridResult = z.object({ columns: z.array(z.string()), rows: z.array(z.record(z.string(), z.unknown())) });
export type GridRow = Record<string, unknown>;

/** 备注 values of orders that can no longer be cancelled (a pending cancel, 已报待撤, included); ps/lib/Cancel.ps1 has the same list. */
const FINISHED = ['已成', '已撤', '部撤', '废单', '撤单', '待撤'];

/** True for an order that can still be cancelled: not finished and not fully filled. */
export function isOpenOrder(row: GridRow): boolean {
  const note = String(row['备注'] ?? '');
  if (FINISHED.some((f) => note.includes(f))) return false;
  const amount = Number(row['委托数量'] ?? 0);
  const filled = Number(row['成交数量'] ?? 0);
  return !(amount > 0 && filled >= amount);
}

/** Reads one grid command from the worker: columns plus rows. */
export async function readGrid(bridge: Bridge, cmd: 'orders' | 'trades'): Promise<{ columns: string[]; rows: GridRow[] }> {
  return workerResult(GridResult, await bridge.request(cmd), cmd);
}

/** Rows as ordered objects in the client's column order. */
function rowsMessage(columns: string[], rows: GridRow[]): Ordered[] {
  return rows.map((r) => new Ordered(columns.filter((c) => c in r).map((c): [string, unknown] => [c, r[c]])));
}

function flag(v: unknown, field: string): boolean {
  if (v === undefined || v === null || v === '' || v === '0' || v === 0 || v === false || v === 'false') return false;
  if (v === '1' || v === 1 || v === true || v === 'true') return true;
  throw new GatewayError('invalid_body', `${field} 只能是 1 / 0 / true / false。(${field} must be 1, 0, true or false)`, { field });
}

export function reportRoutes(bridge: Bridge): Router {
  const router = Router();
  const orders = async (req: Request, res: Response): Promise<void> => {
    const open = flag(collectParams(req)['open'], 'open');
    const grid = await readGrid(bridge, 'orders');
    const rows = open ? grid.rows.filter(isOpenOrder) : grid.rows;
    sendEnvelope(res, 200, 1, rowsMessage(grid.columns, rows));
  };
  const trades = async (_req: Request, res: Response): Promise<void> => {
    const grid = await readGrid(bridge, 'trades');
    sendEnvelope(res, 200, 1, rowsMessage(grid.columns, grid.rows));
  };
  router.route('/orders').get(orders).post(orders);
  router.route('/trades').get(trades).post(trades);
  return router;
}
