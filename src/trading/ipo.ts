// ipo.ts - the IPO use cases: today's offers with each one's maximum quantity, and subscribing all of them or one
// code at the maximum (journaled like an order; one result per code).
import type { Logger } from 'pino';
import { z } from 'zod';
import { GatewayError } from '../core/errors.ts';
import type { SubscribeParams } from '../core/ipo.ts';
import { Ordered, orderedRows } from '../core/ordered.ts';
import { okReply, type Reply } from '../core/reply.ts';
import type { Bridge } from '../bridge/supervisor-types.ts';
import type { OrderGate } from '../journal/gate.ts';
import { placeJournaled, type RequestMeta } from './place.ts';
import { readGrid, type Grid } from './reports.ts';
import { workerResult } from './worker-result.ts';

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
export async function readIpoOffers(bridge: Bridge): Promise<Grid> {
  return readGrid(bridge, 'ipo');
}

/** Subscribes every offer of today, or the one code given, at its maximum quantity (or answers a dry run). */
export async function subscribeIpo(deps: IpoDeps, p: SubscribeParams, meta: RequestMeta): Promise<Reply> {
  const code = p.stock_code?.code ?? null;
  if (deps.dryRun) {
    const grid = await readIpoOffers(deps.bridge);
    const rows = grid.rows.filter((r) => code === null || r['证券代码'] === code);
    if (code !== null && rows.length === 0) throw new GatewayError('ipo_not_offered', `今日可申购的新股中没有 ${code}。(not offered today)`);
    deps.logger.info({ code, dryRun: true }, 'dry run: subscription not sent');
    return okReply('模拟申购（dry run）：没有发往客户端。(dry run: not sent to the client)', { dry_run: true, offers: orderedRows(grid.columns, rows) });
  }
  const run = async (onEvent?: (e: string) => void): Promise<Reply> => {
    deps.logger.info({ code: code ?? 'all' }, 'ipo subscription sent to the client');
    const result = workerResult(SubscribeResult, await deps.bridge.request('ipo_subscribe', code === null ? {} : { code }, onEvent), 'ipo_subscribe');
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
      ['error', r.success ? undefined : (r.error ?? 'client_rejected')],
    ]));
    const allOk = result.results.every((r) => r.success);
    return { http: 200, status: allOk ? 1 : -1, message: items, extra: allOk ? {} : { error: 'client_rejected' } };
  };
  return placeJournaled(deps.gate, { kind: 'ipo', code, side: null, price: null, amount: null, params: { code } }, meta, run);
}
