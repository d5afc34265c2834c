// repo.ts - the reverse repo use case (国债逆回购): risk limits on the cash lent, dry run, then the worker's `repo`
// command through the journal like a sell (the client places a repo as a sell whose price is the rate); answered with
// the client's own text and the unit the client counts in.
import { z } from 'zod';
import { GatewayError } from '../core/errors.ts';
import { REPO_UNIT_CNY, type RepoParams } from '../core/repo.ts';
import { failReply, okReply, type Reply } from '../core/reply.ts';
import { ORDER_REFUSALS, type OrderDeps } from './orders.ts';
import { placeJournaled, type RequestMeta } from './place.ts';
import { workerResult } from './worker-result.ts';

const RepoResult = z.object({
  success: z.boolean(),
  message: z.string(),
  entrustNo: z.string().nullable().optional(),
  refusal: z.enum(ORDER_REFUSALS).optional(),
  warning: z.string().optional(),
  repo: z.object({ unitCny: z.number(), clientAmount: z.number(), cny: z.number() }).optional(),
}).loose();

/** Lends `amount` x 1,000 CNY at `rate` on a reverse repo code (or answers it as a dry run). */
export async function placeRepo(deps: OrderDeps, p: RepoParams, meta: RequestMeta): Promise<Reply> {
  const cny = p.amount * REPO_UNIT_CNY;
  const summary = { repo: true, code: p.stock_code.code, exchange: p.stock_code.exchange, rate: p.rate, units: p.amount, cny };
  const checkLimits = (): void => {
    try {
      // The risk file's value and quantity caps see the cash lent: 1,000 CNY x units.
      deps.limits?.check({ stock_code: p.stock_code, price: String(REPO_UNIT_CNY), amount: p.amount, price_type: null }, deps.now());
    } catch (err) {
      if (err instanceof GatewayError) deps.logger.warn({ ...summary, error: err.code, limit: err.details?.['limit'] }, 'reverse repo refused by risk limits');
      throw err;
    }
  };
  const order = { stock_code: p.stock_code.code, exchange: p.stock_code.exchange, rate: p.rate, amount: p.amount, cny };
  if (deps.dryRun) {
    checkLimits();
    deps.logger.info({ ...summary, dryRun: true }, 'dry run: reverse repo not sent');
    return okReply(`模拟逆回购（dry run）：${p.stock_code.code}（${p.stock_code.exchange}）融出 ${cny} 元（${p.amount} × 1000 元），年化利率 ${p.rate}%；已通过校验和风控检查，没有发往客户端。(dry run: validated and checked, not sent to the client)`, { dry_run: true, repo: order });
  }
  const args: Record<string, unknown> = { code: p.stock_code.code, exchange: p.stock_code.exchange, rate: p.rate, units: p.amount };
  const acceptWarnings = deps.limits?.limits.accept_warnings ?? [];
  const run = async (onEvent?: (e: string) => void): Promise<Reply> => {
    checkLimits();
    deps.logger.info(summary, 'reverse repo sent to the client');
    const raw = await deps.bridge.request('repo', acceptWarnings.length > 0 ? { ...args, acceptWarnings } : args, onEvent, meta.signal);
    const result = workerResult(RepoResult, raw, 'repo');
    const repo = result.repo === undefined ? order : { ...order, client_unit_cny: result.repo.unitCny, client_amount: result.repo.clientAmount };
    if (result.success) return okReply(result.message, { entrust_no: result.entrustNo ?? null, repo });
    const refusal = result.refusal ?? 'client_rejected';
    if (refusal !== 'client_rejected') deps.logger.warn({ ...summary, error: refusal, warning: result.warning, text: result.message }, 'reverse repo answered No by the worker: nothing placed');
    return failReply(refusal, result.message, { repo, ...(result.warning === undefined ? {} : { warning: result.warning }) });
  };
  // Journaled as the sell it is in the client: the quantity the client lists is in its own unit, known only to the
  // worker, so reconciliation matches the code, the side and the rate (amount null).
  return placeJournaled(deps.gate, { kind: 'sell', code: p.stock_code.code, side: 'sell', price: p.rate, amount: null, params: { repo: true, ...args } }, meta, run);
}
