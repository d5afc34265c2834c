// order.ts - an order's parameters (stock code, price, amount, price type) as zod schemas, with the exchange's rules
// for the code's class; each refusal names the field and the accepted forms or the rule. Every front door (HTTP, and
// later others) parses with these.
import { z } from 'zod';
import { marketRuleBroken } from './instrument.ts';
import { parseStockCode, type StockCode } from './market.ts';
import { shown } from './text.ts';
import { isStar, parsePriceType, resolvePriceType, type PriceTypeInput } from './price-type.ts';

const PRICE_FORMS = '应为大于 0 的数字或数字字符串，最多 3 位小数，如 21.21 或 "21.21"；不传、空字符串、None 或 null 表示不填写价格（用客户端的默认价格）';
const AMOUNT_FORMS = '应为正整数或整数字符串，如 100 或 "100"，或 "max"（按客户端显示的最大可交易数量）';

/** Parses price: a decimal string with at most 3 decimals, or null for "don't touch the client's price". */
export function parsePrice(v: unknown): string | null | { error: string } {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' && ['', 'none', 'null'].includes(v.trim().toLowerCase())) return null;
  const bad = { error: `price ${shown(v)} 不是有效价格：${PRICE_FORMS}。(price must be a positive number with at most 3 decimals, or absent / None / null)` };
  let text: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return bad;
    text = String(v);
  } else if (typeof v === 'string') {
    text = v.trim();
  } else {
    return bad;
  }
  const m = /^(\d{1,7})(?:\.(\d{1,3}))?$/.exec(text);
  if (!m) return bad;
  if (Number(text) <= 0) return bad;
  const int = String(Number(m[1]));
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/** Parses amount: a positive integer (1 .. 1e9) or 'max'. */
export function parseAmount(v: unknown): number | 'max' | { error: string } {
  if (v === undefined || v === null || v === '') return { error: `缺少 amount：必填，${AMOUNT_FORMS}。(amount is required)` };
  const bad = { error: `amount ${shown(v)} 不是有效数量：${AMOUNT_FORMS}。(amount must be a positive integer or "max")` };
  if (typeof v === 'string' && v.trim().toLowerCase() === 'max') return 'max';
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\d{1,10}(\.0+)?$/.test(v.trim())) n = Number(v.trim());
  else return bad;
  if (!Number.isSafeInteger(n) || n <= 0 || n > 1_000_000_000) return bad;
  return n;
}

/** zod adapter: a parse function that returns a value or an error text becomes a schema with that message. */
export function fromParser<T>(parse: (v: unknown) => T | { error: string }): z.ZodType<T> {
  return z.unknown().optional().transform((v, ctx) => {
    const r = parse(v);
    if (typeof r === 'object' && r !== null && 'error' in r) {
      ctx.addIssue({ code: 'custom', message: r.error });
      return z.NEVER;
    }
    return r;
  });
}

export const StockCodeField = fromParser<StockCode>(parseStockCode);
export const PriceField = fromParser<string | null>(parsePrice);
export const AmountField = fromParser<number | 'max'>(parseAmount);

export const PriceTypeField = fromParser<PriceTypeInput>(parsePriceType);

/** An issue with an explicit registry code (validate.ts reads params.errorCode). */
function coded(ctx: z.RefinementCtx, field: string, errorCode: string, message: string): void {
  ctx.addIssue({ code: 'custom', message, path: [field], params: { errorCode } });
}

export type OrderSide = 'buy' | 'sell';

/** The schema of one side's order: field forms, the price type matched to the exchange, then the market rules
 * (instrument.ts: price ticks on both sides, buy lots on buys). */
function orderSchema(side: OrderSide) {
  return z.object({
    stock_code: StockCodeField,
    price: PriceField,
    amount: AmountField,
    price_type: PriceTypeField,
  }).transform((p, ctx) => {
    // price_type is matched to the code's exchange; a market order's price is a STAR protection price or nothing.
    const type = resolvePriceType(p.price_type, p.stock_code);
    if (typeof type === 'object' && type !== null) {
      coded(ctx, 'price_type', 'invalid_price_type', type.error);
      return z.NEVER;
    }
    if (type !== null && isStar(p.stock_code) && p.price === null) {
      coded(ctx, 'price', 'missing_parameter', `缺少 price：科创板（${p.stock_code.code}）市价委托必须给出保护限价 price，如 price=33.50。(a STAR market order needs price as its protection price)`);
      return z.NEVER;
    }
    if (type !== null && !isStar(p.stock_code) && p.price !== null) {
      coded(ctx, 'price', 'invalid_price', `市价委托（${type}）不填 price：成交价由市场决定；price 只在科创板（688）市价委托中表示保护限价。(a market order takes no price, except the STAR protection price)`);
      return z.NEVER;
    }
    const broken = marketRuleBroken(side, p.stock_code, p.price, p.amount);
    if (broken) {
      coded(ctx, broken.field, 'market_rule', broken.message);
      return z.NEVER;
    }
    return { ...p, price_type: type };
  });
}

/** The order parameters of /buy and /sell (and of every other front door): one schema per side, since buy lots are
 * checked on buys only. */
export const ORDER_PARAMS = { buy: orderSchema('buy'), sell: orderSchema('sell') } as const;

/** A limit order only (a credit account's orders: the exchanges take 融券卖出 at a limit price only, and the credit
 * pages' market types are not known): /buy's fields without price_type, the same rules. */
function limitOrderSchema(side: OrderSide) {
  return z.object({ stock_code: StockCodeField, price: PriceField, amount: AmountField }).transform((p, ctx) => {
    const broken = marketRuleBroken(side, p.stock_code, p.price, p.amount);
    if (broken) {
      coded(ctx, broken.field, 'market_rule', broken.message);
      return z.NEVER;
    }
    return { ...p, price_type: null };
  });
}

export const LIMIT_ORDER_PARAMS = { buy: limitOrderSchema('buy'), sell: limitOrderSchema('sell') } as const;
export type OrderParams = z.infer<typeof ORDER_PARAMS.buy>;
