// ipo.ts - the IPO use cases: today's offers with each one's maximum quantity, and subscribing all of them or one
// code at the maximum (journaled like an order; one result per code).
import type { Logger } from 'pino';
import { z } from 'zod';
import { GatewayError } from '../core/errors.ts';
import type { SubscribeParams } from '../core/ipo.ts';
import { Ordered, orderedRows } from '../core/ordered.ts';
import { okReply, type Reply } from '../core/reply.ts';
import { textOf } from '../core/text.ts';
import type { Bridge } from '../bridge/supervisor-types.ts';
import type { OrderGate } from '../journal/gate.ts';
import { placeJournaled, type RequestMeta } from './place.ts';
import { readGrid, type Grid } from './reports.ts';
import { workerResult } from './worker-result.ts';

/** The worker's refusal codes of one subscription (a text of the popup table, or the worker's 否 to a question). */
export const IPO_REFUSALS = ['client_rejected', 'system_clearing', 'ipo_not_offered', 'confirmation_mismatch', 'client_warning'] as const;

const SubscribeResult = z.object({
  results: z.array(z.object({
    code: z.string(),
    name: z.string().nullable().optional(),
    price: z.string().nullable().optional(),
    amount: z.number(),
    success: z.boolean(),
    message: z.string(),
    entrustNo: z.string().nullable().optional(),
    error: z.string().nullable().optional(),
    refusal: z.enum(IPO_REFUSALS).optional(),
    warning: z.string().optional(),
  }).loose()),
  offers: z.number(),
});

export interface IpoDeps {
  bridge: Bridge;
  gate: OrderGate | undefined;
  dryRun: boolean;
  logger: Logger;
}

/** Today's new shares (the client's 新股申购 grid). */
export async function readIpoOffers(bridge: Bridge, signal?: AbortSignal): Promise<Grid> {
  return readGrid(bridge, 'ipo', signal);
}

/** Subscribes every offer of today, or the one code given, at its maximum quantity (or answers a dry run). */
export async function subscribeIpo(deps: IpoDeps, p: SubscribeParams, meta: RequestMeta): Promise<Reply> {
  const code = p.stock_code?.code ?? null;
  if (deps.dryRun) {
    const grid = await readIpoOffers(deps.bridge);
    const rows = grid.rows.filter((r) => code === null || r['证券代码'] === code);
    if (code !== null && rows.length === 0) throw new GatewayError('ipo_not_offered', `今日可申购的新股中没有 ${code}。(not offered today)`);
    const codes = rows.map((r) => textOf(r['证券代码']));
    deps.logger.info({ code, wouldSubscribe: codes, dryRun: true }, 'dry run: subscription not sent');
    const what = codes.length > 0 ? `会按最大可申购数量申购 ${codes.length} 只新股（${codes.join('、')}）` : '今日没有可申购的新股，不会申购';
    return okReply(`模拟申购（dry run）：${what}；没有发往客户端。(dry run: would subscribe ${codes.length} offer(s) at their maximum; nothing was sent to the client)`, { dry_run: true, would_subscribe: codes, offers: orderedRows(grid.columns, rows) });
  }
  const run = async (onEvent?: (e: string) => void): Promise<Reply> => {
    deps.logger.info({ code: code ?? 'all' }, 'ipo subscription sent to the client');
    const result = workerResult(SubscribeResult, await deps.bridge.request('ipo_subscribe', code === null ? {} : { code }, onEvent, meta.signal), 'ipo_subscribe');
    if (result.offers === 0) {
      throw new GatewayError('ipo_not_offered', '今日没有可申购的新股。(no new shares to subscribe today)');
    }
    const items = result.results.map((r) => new Ordered([
      ['stock_code', r.code],
      ['name', r.name ?? ''],
      ['price', r.price ?? null],
      ['amount', r.amount],
      ['status', r.success ? 1 : -1],
      ['message', r.message],
      ['entrust_no', r.entrustNo ?? null],
      ['error', r.success ? undefined : (r.refusal ?? r.error ?? 'client_rejected')],
      ['warning', r.warning],
    ]));
    const failed = result.results.find((r) => !r.success);
    // Every one is a final answer (an unknown outcome is thrown, never here): the first refusal names the whole.
    return { http: 200, status: failed ? -1 : 1, message: items, extra: failed ? { error: failed.refusal ?? 'client_rejected' } : {} };
  };
  return placeJournaled(deps.gate, { kind: 'ipo', code, side: null, price: null, amount: null, params: { code } }, meta, run);
}
