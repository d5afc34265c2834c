// client.ts - use cases about the client itself: refresh it, and (simulated backend only) move a quote; in dry-run a
// refresh is answered without being sent and a quote move is refused (it would fill resting orders).
import type { Logger } from 'pino';
import { z } from 'zod';
import { GatewayError } from '../core/errors.ts';
import { jsonOrString } from '../core/text.ts';
import { PriceField, StockCodeField } from '../core/order.ts';
import type { Bridge } from '../bridge/supervisor-types.ts';
import { workerResult } from './worker-result.ts';

const RefreshResult = z.object({ refreshed: z.boolean(), ms: z.number(), page: z.number().nullable().optional() }).loose();

/** A refresh done (when, the page that reloaded, how long), or a dry run's answer (nothing sent). */
export type RefreshAnswer = { dryRun: false; at: string; page: number | null; ms: number } | { dryRun: true; message: string };

const DRY_RUN_REFRESH = '模拟刷新（dry run）：会向客户端发送刷新命令（F5），重新载入当前页面的数据；没有发往客户端。(dry run: the client would have been asked to refresh; nothing was sent)';

/** Asks the client to refresh (F5's message twin); resolves once the page showing reloaded. In dry-run: not sent. */
export async function refreshClient(bridge: Bridge, dryRun = false, logger?: Logger): Promise<RefreshAnswer> {
  if (dryRun) {
    logger?.info({ dryRun: true }, 'dry run: refresh not sent');
    return { dryRun: true, message: DRY_RUN_REFRESH };
  }
  const r = workerResult(RefreshResult, await bridge.request('refresh', { trigger: 'request' }), 'refresh');
  return { dryRun: false, at: new Date().toISOString(), page: r.page ?? null, ms: r.ms };
}

const SimQuoteResult = z.object({
  code: z.string(),
  last: z.string(),
  limitUp: z.string(),
  limitDown: z.string(),
  liquidity: z.number(),
  fills: z.array(z.object({ entrustNo: z.string(), amount: z.number(), price: z.string() })),
});
export type SimQuoteResult = z.infer<typeof SimQuoteResult>;

/** liquidity: shares per move, 0 = unlimited; absent = unchanged. */
function parseLiquidity(v: unknown): number | null | { error: string } {
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,10}$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (Number.isSafeInteger(n) && n >= 0) return n;
  return { error: `liquidity ${jsonOrString(v).slice(0, 40)} 不对：应为每次行情变动可成交的股数（非负整数），0 表示不限。(liquidity must be a non-negative integer)` };
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

const SIM_ONLY = '/sim/quote 只在模拟客户端（--backend sim）上存在：真实客户端的行情来自交易所；Wine 下的 Win32 替身客户端的模型在它的控制器里（rig/win32/SimController.ps1），不在工作进程中。(the simulated backend only)';

/** Refuses at once when the worker is known to drive another backend (not yet known: the worker refuses itself). */
export function assertSimBackend(bridge: Bridge): void {
  const backend = bridge.health().backend;
  if (backend !== null && backend !== 'sim') throw new GatewayError('sim_only', SIM_ONLY);
}

const SIM_DRY_RUN = '演练模式（--dry-run）下不移动模拟行情：行情变动会让模拟账户里挂着的委托成交，改变账户。(dry run: /sim/quote is refused, a quote move fills resting orders and changes the account)';

/** Moves a simulated quote, so resting orders fill; refused in dry-run (dry_run_locked). */
export async function moveSimQuote(bridge: Bridge, p: SimQuoteParams, dryRun = false): Promise<SimQuoteResult> {
  if (dryRun) throw new GatewayError('dry_run_locked', SIM_DRY_RUN);
  return workerResult(SimQuoteResult, await bridge.request('sim', {
    action: 'quote',
    code: p.stock_code.code,
    last: p.last,
    limitUp: p.limit_up,
    limitDown: p.limit_down,
    liquidity: p.liquidity === null ? null : String(p.liquidity),
  }), 'sim');
}
