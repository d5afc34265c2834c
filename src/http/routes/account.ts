// account.ts - /balance, /position and /health: read-only routes.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { GatewayError } from '../../errors.ts';
import { Ordered, sendEnvelope } from '../reply.ts';
import type { Bridge } from '../types.ts';

const BalanceResult = z.object({ entries: z.array(z.tuple([z.string(), z.string()])) });
const PositionResult = z.object({ rows: z.array(z.record(z.string(), z.unknown())) });

/** Parses a worker result, or fails as a protocol error (502) naming the command. */
export function workerResult<T>(schema: z.ZodType<T>, value: unknown, cmd: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new GatewayError('worker_protocol', `工作进程对 ${cmd} 的应答格式不对：${r.error.issues[0]?.message ?? ''}`);
  return r.data;
}

function int(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

function num(v: unknown): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : 0;
}

/** Positions keyed by code in the client's row order, each with the seed's five fields. */
export function positionMessage(rows: Array<Record<string, unknown>>): Ordered {
  const entries: Array<[string, unknown]> = [];
  for (const row of rows) {
    const code = row['证券代码'];
    if (typeof code !== 'string' || !code) continue;
    entries.push([code, new Ordered([
      ['证券名称', String(row['证券名称'] ?? '')],
      ['冻结数量', int(row['冻结数量'])],
      ['可用余额', int(row['可用余额'])],
      ['股票余额', int(row['股票余额'])],
      ['成本价', num(row['成本价'])],
    ])]);
  }
  return new Ordered(entries);
}

export function accountRoutes(bridge: Bridge, serverInfo: () => Record<string, unknown>): Router {
  const router = Router();

  const balance = async (_req: Request, res: Response): Promise<void> => {
    const result = workerResult(BalanceResult, await bridge.request('balance'), 'balance');
    sendEnvelope(res, 200, 1, new Ordered(result.entries));
  };
  const position = async (_req: Request, res: Response): Promise<void> => {
    const result = workerResult(PositionResult, await bridge.request('position'), 'position');
    sendEnvelope(res, 200, 1, positionMessage(result.rows));
  };
  const health = (_req: Request, res: Response): void => {
    const h = bridge.health();
    sendEnvelope(res, 200, h.state === 'ready' ? 1 : -1, { worker: h, server: serverInfo() });
  };

  router.route('/balance').get(balance).post(balance);
  router.route('/position').get(position).post(position);
  router.route('/health').get(health).post(health);
  return router;
}
