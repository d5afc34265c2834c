// ipo.ts - /ipo: today's new shares with each one's maximum subscription quantity (the client's 新股申购 grid);
// /ipo/subscribe: subscribe all of them, or one stock_code, at the maximum; one result per code.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { GatewayError } from '../../errors.ts';
import { parseStockCode, type StockCode } from '../fields.ts';
import { Ordered, sendEnvelope, sendReply, type Reply } from '../reply.ts';
import { parsedParams, validate } from '../validate.ts';
import { workerResult } from './account.ts';
import type { Bridge } from '../types.ts';
import type { Logger } from 'pino';
import type { OrderGate } from '../../journal/gate.ts';
import { placeOrder, refuseHead } from '../order-route.ts';

const GridResult = z.object({ columns: z.array(z.string()), rows: z.array(z.record(z.string(), z.unknown())) }).passthrough();

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
  }).passthrough()),
  offers: z.number(),
});

/**
 * An IPO stock_code: the forms /buy accepts, plus Shanghai subscription codes (7xxxxx, e.g. 732689 or 787518), which
 * are not tradable codes; absent = every offer of today.
 */
export function parseIpoCode(v: unknown): StockCode | null | { error: string } {
  if (v === undefined || v === null || v === '') return null;
  const text = typeof v === 'number' && Number.isInteger(v) ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (/^7\d{5}$/.test(text)) return { code: text, exchange: 'SH' };
  const m = /^(?:sh(7\d{5})|(7\d{5})\.(?:sh|ss))$/i.exec(text);
  if (m) return { code: (m[1] ?? m[2])!, exchange: 'SH' };
  const r = parseStockCode(v);
  if ('error' in r) return { error: `${r.error} 申购代码也可以是上海的 7 开头代码，如 732689、787518。(Shanghai subscription codes 7xxxxx are accepted too)` };
  return r;
}

export const SubscribeParams = z.object({
  stock_code: z.unknown().optional().transform((v, ctx) => {
    const r = parseIpoCode(v);
    if (r !== null && 'error' in r) {
      ctx.addIssue({ code: 'custom', message: r.error });
      return z.NEVER;
    }
    return r;
  }),
});
export type SubscribeParams = z.infer<typeof SubscribeParams>;

/** Rows as ordered objects in the client's column order. */
function rowsMessage(columns: string[], rows: Array<Record<string, unknown>>): Ordered[] {
  return rows.map((r) => new Ordered(columns.filter((c) => c in r).map((c): [string, unknown] => [c, r[c]])));
}

export interface IpoOptions {
  /** Dry run: answer what would be subscribed, without subscribing. */
  dryRun?: boolean | undefined;
  /** The order journal: a subscription is an order and is journaled like one. */
  gate?: OrderGate | undefined;
  logger: Logger;
}

export function ipoRoutes(bridge: Bridge, opts: IpoOptions): Router {
  const router = Router();
  const list = async (_req: Request, res: Response): Promise<void> => {
    const grid = workerResult(GridResult, await bridge.request('ipo'), 'ipo');
    sendEnvelope(res, 200, 1, rowsMessage(grid.columns, grid.rows));
  };
  const subscribe = async (req: Request, res: Response): Promise<void> => {
    const p = parsedParams<SubscribeParams>(res);
    const code = p.stock_code?.code ?? null;
    if (opts.dryRun) {
      const grid = workerResult(GridResult, await bridge.request('ipo'), 'ipo');
      const rows = grid.rows.filter((r) => code === null || r['证券代码'] === code);
      if (code !== null && rows.length === 0) throw new GatewayError('ipo_not_offered', `今日可申购的新股中没有 ${code}。(not offered today)`);
      opts.logger.info({ code, dryRun: true }, 'dry run: subscription not sent');
      sendEnvelope(res, 200, 1, '模拟申购（dry run）：没有发往客户端。(dry run: not sent to the client)', { dry_run: true, offers: rowsMessage(grid.columns, rows) });
      return;
    }
    const run = async (onEvent?: (e: string) => void): Promise<Reply> => {
      opts.logger.info({ code: code ?? 'all' }, 'ipo subscription sent to the client');
      const result = workerResult(SubscribeResult, await bridge.request('ipo_subscribe', code === null ? {} : { code }, onEvent), 'ipo_subscribe');
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
    const reply = await placeOrder(req, opts.gate, { kind: 'ipo', code, side: null, price: null, amount: null, params: { code } }, run);
    sendReply(res, reply);
  };
  router.route('/ipo').get(list).post(list);
  router.route('/ipo/subscribe').head(refuseHead).get(validate(SubscribeParams), subscribe).post(validate(SubscribeParams), subscribe);
  return router;
}
