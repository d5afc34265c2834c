// market.ts - the market's own facts: exchanges and the stock-code forms callers may send.
import { shown } from './text.ts';

export type Exchange = 'SH' | 'SZ' | 'BJ';
export interface StockCode { code: string; exchange: Exchange }

const STOCK_CODE_FORMS = '应为 6 位证券代码，如 600160，可带交易所前缀或后缀：sh600160、SH600160、sz000001、bj430047、000001.SZ、600160.SH';

/** The exchange of a bare 6-digit code from its first digits: 6/9 Shanghai, 0/2/3 Shenzhen, 4/8/92 Beijing. */
export function exchangeOf(code: string): Exchange | undefined {
  if (code.startsWith('92')) return 'BJ';
  const d = code[0];
  if (d === '6' || d === '9') return 'SH';
  if (d === '0' || d === '2' || d === '3') return 'SZ';
  if (d === '4' || d === '8') return 'BJ';
  return undefined;
}

/** Parses the accepted stock_code forms; returns an error text for anything else. */
export function parseStockCode(v: unknown): StockCode | { error: string } {
  if (v === undefined || v === null || v === '') return { error: `缺少 stock_code：必填，${STOCK_CODE_FORMS}。(stock_code is required)` };
  const text = typeof v === 'number' && Number.isInteger(v) ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  const bad = { error: `stock_code ${shown(v)} 不是有效的证券代码：${STOCK_CODE_FORMS}。(stock_code must be a 6-digit code, optionally with an sh/sz/bj prefix or a .SH/.SZ/.BJ suffix)` };
  if (text === undefined) return bad;
  let m = /^(sh|sz|bj)(\d{6})$/i.exec(text);
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- both groups are required: a match has them
  if (m) return { code: m[2]!, exchange: m[1]!.toUpperCase() as Exchange };
  m = /^(\d{6})\.(sh|ss|sz|bj)$/i.exec(text);
  if (m) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a required group of the match
    const ex = m[2]!.toUpperCase();
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a required group of the match
    return { code: m[1]!, exchange: (ex === 'SS' ? 'SH' : ex) as Exchange };
  }
  if (/^\d{6}$/.test(text)) {
    const exchange = exchangeOf(text);
    if (exchange) return { code: text, exchange };
  }
  return bad;
}
