// market.ts - the market's own facts: exchanges and the stock-code forms callers may send; a prefix or suffix that
// contradicts the code's own exchange is refused.
import { CLASS_RULES, certainExchange, EXCHANGE_EN, EXCHANGE_ZH, instrumentOf, type Exchange, type StockCode } from './instrument.ts';
import { shown } from './text.ts';

export type { Exchange, StockCode } from './instrument.ts';

const STOCK_CODE_FORMS = '应为 6 位证券代码，如 600160，可带交易所前缀或后缀：sh600160、SH600160、sz000001、bj430047、000001.SZ、600160.SH';

/**
 * The exchange of a bare 6-digit code: a form known with certainty (instrument.ts: 204xxx Shanghai repos, 5xxxxx
 * Shanghai funds, 159xxx / 16xxxx / 123xxx / 127xxx / 128xxx / 1318xx Shenzhen, 110xxx / 111xxx / 113xxx / 118xxx
 * Shanghai bonds, ...), else by the first digits as before: 6/9 Shanghai, 0/2/3 Shenzhen, 4/8/92 Beijing; other 1xxxxx
 * and 7xxxxx codes are not identified (give the prefix).
 */
export function exchangeOf(code: string): Exchange | undefined {
  const certain = certainExchange(code);
  if (certain) return certain;
  if (code.startsWith('92')) return 'BJ';
  const d = code[0];
  if (d === '6' || d === '9') return 'SH';
  if (d === '0' || d === '2' || d === '3') return 'SZ';
  if (d === '4' || d === '8') return 'BJ';
  return undefined;
}

/** A prefixed or suffixed code whose digits belong to another exchange: the error text, or null when they agree. */
function contradiction(given: string, code: string, exchange: Exchange): { error: string } | null {
  const actual = certainExchange(code);
  if (actual === undefined || actual === exchange) return null;
  const known = instrumentOf(code);
  const what = known ? `（${CLASS_RULES[known.cls].zh}）` : '';
  const right = `${actual.toLowerCase()}${code}`;
  return {
    error: `stock_code ${shown(given)} 自相矛盾：${code} 是${EXCHANGE_ZH[actual]}证券交易所的代码${what}，前缀或后缀却写了${EXCHANGE_ZH[exchange]}（${exchange}）：请写 ${right}、${code}.${actual} 或只写 ${code}。(stock_code ${code} is a ${EXCHANGE_EN[actual]} code, but the prefix or suffix says ${EXCHANGE_EN[exchange]})`,
  };
}

/** Parses the accepted stock_code forms; returns an error text for anything else. */
export function parseStockCode(v: unknown): StockCode | { error: string } {
  if (v === undefined || v === null || v === '') return { error: `缺少 stock_code：必填，${STOCK_CODE_FORMS}。(stock_code is required)` };
  const text = typeof v === 'number' && Number.isInteger(v) ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  const bad = { error: `stock_code ${shown(v)} 不是有效的证券代码：${STOCK_CODE_FORMS}。(stock_code must be a 6-digit code, optionally with an sh/sz/bj prefix or a .SH/.SZ/.BJ suffix)` };
  if (text === undefined) return bad;
  let m = /^(sh|sz|bj)(\d{6})$/i.exec(text);
  if (m) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- both groups are required: a match has them
    const r = { code: m[2]!, exchange: m[1]!.toUpperCase() as Exchange };
    return contradiction(text, r.code, r.exchange) ?? r;
  }
  m = /^(\d{6})\.(sh|ss|sz|bj)$/i.exec(text);
  if (m) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a required group of the match
    const ex = m[2]!.toUpperCase();
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a required group of the match
    const r = { code: m[1]!, exchange: (ex === 'SS' ? 'SH' : ex) as Exchange };
    return contradiction(text, r.code, r.exchange) ?? r;
  }
  if (/^\d{6}$/.test(text)) {
    const exchange = exchangeOf(text);
    if (exchange) return { code: text, exchange };
  }
  return bad;
}
