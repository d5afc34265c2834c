// sim.ts - /sim/quote: the simulated backend's market control (move a quote, so resting orders fill). It exists only
// with --backend sim; on the real client the market moves by itself, and under the Win32 double the simulated model
// lives in the double's controller, out of the worker's reach.
import { refuseHead } from '../order-route.ts';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { GatewayError } from '../../errors.ts';
import { PriceField, StockCodeField } from '../fields.ts';
import { Ordered, sendEnvelope } from '../reply.ts';
import { parsedParams, validate } from '../validate.ts';
import { workerResult } from './account.ts';
import type { Bridge } from '../types.ts';

const SimQuoteResult = z.object({
  code: z.string(),
  last: z.string(),
  limitUp: z.string(),
  limitDown: z.string(),
  liquidity: z.number(),
  fills: z.array(z.object({ entrustNo: z.string(), amount: z.number(), price: z.string() })),
});

/** liquidity: shares per move, 0 = unlimited; absent = unchanged. */
function parseLiquidity(v: unknown): number | null | { error: string } {
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,10}$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (Number.isSafeInteger(n) && n >= 0) return n;
  return { error: `liquidity ${JSON.stringify(v)?.slice(0, 40) ?? String(v)} 不对：应为每次行情变动可成交的股数（非负整数），0 表示不限。(liquidity must be a non-negative integer)` };
}

const LiquidityField = z.unknown().optional().transform((v, ctx) => {
  const r = parseLiquidity(v);
  if (typeof r === 'object' && r !== null) {
    ctx.addIssue({ code: 'custom', message: r.error });
    return z.NEVER;
  }
  return r;
});

export const SimQuoteParams = z.object({
  stock_code: StockCodeField,
  last: PriceField,
  limit_up: PriceField,
  limit_down: PriceField,
  liquidity: LiquidityField,
}).transform((p, ctx) => {
  if (p.last === null) {
    ctx.addIssue({ code: 'custom', path: ['last'], params: { errorCode: 'missing_parameter' }, message: '缺少 last：新的最新价，如 last=21.20。(last is required)' });
    return z.NEVER;
  }
  return { ...p, last: p.last };
});
export type SimQuoteParams = z.infer<typeof SimQuoteParams>;

const SIM_ONLY = '/sim/quote 只在模拟客户端（--backend sim）上存在：真实客户端的行情来自交易所；Wine 下的 Win32 替身客户端的模型在它的控制器里（test/win32/SimController.ps1），不在工作进程中。(the simulated backend only)';

export function simRoutes(bridge: Bridge): Router {
  const router = Router();
  // Known backend (the worker said ready): refuse before anything else; not yet known: the worker refuses itself.
  const simOnly = (_req: Request, _res: Response, next: NextFunction): void => {
    const backend = bridge.health().backend;
    if (backend !== null && backend !== 'sim') throw new GatewayError('sim_only', SIM_ONLY);
    next();
  };
  const quote = async (_req: Request, res: Response): Promise<void> => {
    const p = parsedParams<SimQuoteParams>(res);
    const r = workerResult(SimQuoteResult, await bridge.request('sim', {
      action: 'quote',
      code: p.stock_code.code,
      last: p.last,
      limitUp: p.limit_up,
      limitDown: p.limit_down,
      liquidity: p.liquidity === null ? null : String(p.liquidity),
    }), 'sim');
    const fills = r.fills.map((f) => new Ordered([['entrust_no', f.entrustNo], ['amount', f.amount], ['price', Number(f.price)]]));
    sendEnvelope(res, 200, 1, `模拟行情：${r.code} 最新价 ${r.last}（涨停 ${r.limitUp}，跌停 ${r.limitDown}），成交 ${fills.length} 笔。(simulated quote moved)`, {
      quote: new Ordered([['stock_code', r.code], ['last', Number(r.last)], ['limit_up', Number(r.limitUp)], ['limit_down', Number(r.limitDown)], ['liquidity', r.liquidity]]),
      fills,
    });
  };
  // Express answers HEAD with the GET handler; a HEAD request must not move the market.
  router.route('/sim/quote').head(refuseHead).get(simOnly, validate(SimQuoteParams), quote).post(simOnly, validate(SimQuoteParams), quote);
  return router;
}
