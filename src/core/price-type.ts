// price-type.ts - the `price_type` of /buy and /sell: limit, or a market-order type the code's exchange offers, by its
// Chinese name (as in the client's combo 1541) or an English alias; STAR market orders need a protection price.
import marketTypes from '../../ps/ThsWorker/market-types.json' with { type: 'json' };
import type { Exchange, StockCode } from './market.ts';

/** One market-order type: the client's name, the English alias, the exchanges that offer it. */
export interface MarketType {
  readonly name: string;
  readonly alias: string;
  readonly exchange: Exchange;
  readonly en: string;
}

/**
 * The market-order types (docs/api.md table), from the one list both languages read: ps/ThsWorker/market-types.json.
 * `best5_ioc` names the best-five-then-cancel type on either exchange: the two exchanges word it differently
 * (Shenzhen 最优五档即时成交剩余撤销, Shanghai 最优五档成交剩余撤销).
 */
export const MARKET_TYPES: readonly MarketType[] = (marketTypes as Array<{ name: string; alias: string; exchange: string; en: string }>).map((t) => {
  if (t.exchange !== 'SH' && t.exchange !== 'SZ') throw new Error(`ps/ThsWorker/market-types.json: ${t.name} has exchange ${t.exchange}, expected SH or SZ`);
  return { name: t.name, alias: t.alias, exchange: t.exchange, en: t.en };
});

/** What the caller asked for: a limit order, or a market type still to be matched to the exchange. */
export type PriceTypeInput = { kind: 'limit' } | { kind: 'market'; given: string };
/** The resolved price type: null = limit, else the client's Chinese name. */
export type PriceType = string | null;

const LIMIT_WORDS = ['limit', '限价', '限价委托'];

function listFor(exchange: Exchange): string {
  const types = MARKET_TYPES.filter((t) => t.exchange === exchange);
  return ['limit（限价，默认）', ...types.map((t) => `${t.name}（${t.alias}）`)].join('、');
}

/** Parses the raw parameter: absent / empty / a limit word, a Chinese name, or an alias (any case). */
export function parsePriceType(v: unknown): PriceTypeInput | { error: string } {
  if (v === undefined || v === null || v === '') return { kind: 'limit' };
  if (typeof v !== 'string') return { error: `price_type 应为文字，如 limit、ioc 或 对手方最优价格。(price_type must be text)` };
  const text = v.trim();
  if (LIMIT_WORDS.includes(text.toLowerCase())) return { kind: 'limit' };
  if (MARKET_TYPES.some((t) => t.name === text || t.alias === text.toLowerCase())) return { kind: 'market', given: text };
  const all = ['limit', ...new Set(MARKET_TYPES.map((t) => t.alias))].join(', ');
  return {
    error: `price_type ${JSON.stringify(text.slice(0, 40))} 不是已知的委托方式：可用 limit（限价），深圳 ${listFor('SZ')}；上海 ${listFor('SH')}。(price_type must be one of ${all} or a Chinese name)`,
  };
}

/**
 * Matches a market type to the code's exchange. Returns the client's name, or an error naming what this exchange
 * offers (Beijing: limit orders only here).
 */
export function resolvePriceType(input: PriceTypeInput, code: StockCode): PriceType | { error: string } {
  if (input.kind === 'limit') return null;
  const given = input.given;
  const found = MARKET_TYPES.find((t) => t.exchange === code.exchange && (t.name === given || t.alias === given.toLowerCase()));
  if (found) return found.name;
  const where = { SH: '上海', SZ: '深圳', BJ: '北京' }[code.exchange];
  const valid = code.exchange === 'BJ' ? 'limit（限价）' : listFor(code.exchange);
  return {
    error: `${where}（${code.exchange}）的 ${code.code} 没有“${given}”这种委托方式：可用 ${valid}。(price_type ${given} is not offered on ${code.exchange}; valid: ${code.exchange === 'BJ' ? 'limit' : ['limit', ...MARKET_TYPES.filter((t) => t.exchange === code.exchange).map((t) => t.alias)].join(', ')})`,
  };
}

/** STAR market (科创板, 688 / 689): its market orders carry a protection price. */
export function isStar(code: StockCode): boolean {
  return code.exchange === 'SH' && /^68[89]/.test(code.code);
}
