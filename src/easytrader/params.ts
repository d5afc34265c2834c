// params.ts - easytrader's JSON bodies read into our order parameters: `security / price / amount` (and `ttype` /
// `limit_price` inside `kwargs` for market orders) go through the same zod schemas as /buy and /sell (src/core), so
// the same validation runs; a refusal names easytrader's field. Unknown keys are refused, never silently dropped.
import { GatewayError } from '../core/errors.ts';
import { paramError } from '../core/param-error.ts';
import { CancelParams } from '../core/cancel.ts';
import { IDEMPOTENCY_KEY, parseIdempotencyKey } from '../core/idempotency.ts';
import { parseStockCode } from '../core/market.ts';
import { ORDER_PARAMS, type OrderParams } from '../core/order.ts';
import { MARKET_TYPES } from '../core/price-type.ts';
import type { z } from 'zod';

export type Body = Record<string, unknown>;

/** The JSON body as an object ({} when there is none); anything else is a 400. */
export function bodyOf(raw: unknown): Body {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new GatewayError('invalid_body', '请求体必须是 JSON 对象，如 {"security": "600160", "price": 21.21, "amount": 100, "kwargs": {}}。(the body must be a JSON object)');
  }
  return raw as Body;
}

/** The nested `kwargs` object (absent or null = {}). */
export function kwargsOf(body: Body): Body {
  const k = body['kwargs'];
  if (k === undefined || k === null) return {};
  if (typeof k !== 'object' || Array.isArray(k)) throw new GatewayError('invalid_body', 'kwargs 必须是 JSON 对象，如 {}。(kwargs must be an object)', { field: 'kwargs' });
  return k as Body;
}

/** Refuses a key of `obj` not in `known` (a typo is never ignored), naming where it was. */
export function onlyKeys(obj: Body, known: readonly string[], where: string): void {
  const bad = Object.keys(obj).find((k) => !known.includes(k));
  if (bad === undefined) return;
  throw new GatewayError('unknown_parameter', `不认识的参数 ${where}${JSON.stringify(bad)}：这里可用的有 ${known.join('、')}。(unknown parameter ${where}${bad}; known: ${known.join(', ')})`, { field: `${where}${bad}` });
}

/** Parses `raw` with `schema`; a refusal is the front doors' one error (core/param-error.ts) naming easytrader's field (`names`: ours -> theirs). */
function parsed<T>(schema: z.ZodType<T>, raw: Body, names: Record<string, string>): T {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  const err = paramError(r.error, raw);
  const ours = err.field ?? '';
  const theirs = names[ours] ?? ours;
  const named = theirs === ours ? ours : `${theirs}（即 ${ours}）`;
  throw new GatewayError(err.code, `${named}: ${err.message}`, { field: theirs });
}

/** The idempotency key: `kwargs.idempotency_key` or the Idempotency-Key header (easytrader itself sends none). */
export function idempotencyKeyOf(kwargs: Body, header: string | undefined): string | null {
  const k = kwargs['idempotency_key'];
  if (k !== undefined && k !== null && (typeof k !== 'string' || !IDEMPOTENCY_KEY.test(k))) {
    throw new GatewayError('invalid_idempotency_key', `kwargs.idempotency_key ${JSON.stringify(k).slice(0, 80)} 格式不对：应为 1-64 个字母、数字或 _ . -。(1-64 of A-Z a-z 0-9 _ . -)`, { field: 'kwargs.idempotency_key' });
  }
  return parseIdempotencyKey([k, header]);
}

/** /buy and /sell: {"security", "price", "amount", "kwargs": {}} -> the order parameters of a limit order. */
export function limitOrder(side: 'buy' | 'sell', body: Body): OrderParams {
  onlyKeys(body, ['security', 'price', 'amount', 'kwargs'], '');
  onlyKeys(kwargsOf(body), ['idempotency_key'], 'kwargs.');
  const names = { stock_code: 'security', price: 'price', amount: 'amount' };
  if (body['price'] === undefined || body['price'] === null || body['price'] === '') {
    // Our /buy leaves an absent price to the client's default; easytrader always names a limit price.
    throw new GatewayError('missing_parameter', 'price: 缺少 price：限价委托必须给出价格，如 21.21；市价委托请用 /market_buy、/market_sell。(price is required; use /market_buy or /market_sell for a market order)', { field: 'price' });
  }
  return parsed(ORDER_PARAMS[side], { stock_code: body['security'], price: body['price'], amount: body['amount'] }, names);
}

/**
 * The client's default market type per exchange when `ttype` is absent: the first item of its 委托方式 list there
 * (Shenzhen 对手方最优价格, Shanghai 最优五档成交剩余撤销), as easytrader documents them. Beijing has none: the schema
 * refuses it with the exchange's forms.
 */
function defaultMarketType(security: unknown): string | undefined {
  const code = parseStockCode(security);
  if ('error' in code) return undefined; // the schema names the bad security
  return MARKET_TYPES.find((t) => t.exchange === code.exchange)?.name ?? MARKET_TYPES[0]?.name;
}

/** /market_buy and /market_sell: {"security", "amount", "kwargs": {"ttype", "limit_price"}} -> a market order. */
export function marketOrder(side: 'buy' | 'sell', body: Body): OrderParams {
  onlyKeys(body, ['security', 'amount', 'kwargs'], '');
  const kwargs = kwargsOf(body);
  onlyKeys(kwargs, ['ttype', 'limit_price', 'idempotency_key'], 'kwargs.');
  const given = kwargs['ttype'];
  const ttype = given === undefined || given === null || given === '' ? defaultMarketType(body['security']) : given;
  const names = { stock_code: 'security', price: 'kwargs.limit_price', amount: 'amount', price_type: 'kwargs.ttype' };
  const p = parsed(ORDER_PARAMS[side], { stock_code: body['security'], price: kwargs['limit_price'], amount: body['amount'], price_type: ttype }, names);
  if (p.price_type === null) {
    // "limit" named on a market route would place a limit order without a price: refused, never guessed.
    throw new GatewayError('invalid_price_type', `kwargs.ttype ${JSON.stringify(given)} 是限价：/market_${side} 只下市价委托，限价委托请用 /${side}。(a market route takes a market type; use /${side} for a limit order)`, { field: 'kwargs.ttype' });
  }
  return p;
}

/** /cancel_entrust: {"entrust_no": "…"} -> one cancel by contract number. */
export function cancelOne(body: Body): CancelParams {
  onlyKeys(body, ['entrust_no', 'kwargs'], '');
  onlyKeys(kwargsOf(body), ['idempotency_key'], 'kwargs.');
  const entrust = body['entrust_no'];
  if (entrust === undefined || entrust === null || entrust === '') {
    throw new GatewayError('missing_parameter', 'entrust_no: 缺少 entrust_no：要撤的委托的合同编号，如 "4025982646"。(entrust_no is required)', { field: 'entrust_no' });
  }
  return parsed(CancelParams, { entrust_no: entrust }, {});
}
