// instrument.ts - the instrument classes a 6-digit code identifies with certainty (A shares per board, ETFs, LOFs,
// convertible bonds, reverse repos, B shares), their exchange, and the exchange rules checked before the client: the
// buy lot and the price tick. docs/market-rules.md holds the same table with its sources (a test compares them).

export type Exchange = 'SH' | 'SZ' | 'BJ';
/** A resolved stock code: six digits and the exchange they trade on. */
export interface StockCode { code: string; exchange: Exchange }

export type InstrumentClass = 'sh_main' | 'star' | 'sz_main' | 'chinext' | 'bj' | 'etf' | 'lof' | 'convertible' | 'repo' | 'b_share';

/** A code form identified with certainty: the digits, the one exchange that lists them, the class. */
export interface InstrumentForm {
  readonly pattern: RegExp;
  /** The form as the docs write it, e.g. `600xxx`. */
  readonly form: string;
  readonly exchange: Exchange;
  readonly cls: InstrumentClass;
}

/** A buy lot: at least `min`, then steps of `step` (sells are not lot-checked: an odd remainder may be sold). */
export interface BuyLot { readonly min: number; readonly step: number }

/** What is checked for one class; an absent rule is not checked (the client and the exchange judge it). */
export interface ClassRule {
  readonly zh: string;
  readonly en: string;
  readonly buyLot?: BuyLot;
  /** The price tick in thousandths of a yuan (10 = 0.01 CNY). */
  readonly tickMilli?: number;
}

const A_SHARE_TICK = 10;
const FUND_TICK = 1;

/** The rules per class (sources and the reasons for what is left unchecked: docs/market-rules.md). */
export const CLASS_RULES: Readonly<Record<InstrumentClass, ClassRule>> = {
  sh_main: { zh: '沪市主板 A 股', en: 'Shanghai main-board A shares', buyLot: { min: 100, step: 100 }, tickMilli: A_SHARE_TICK },
  star: { zh: '科创板股票', en: 'STAR Market shares', buyLot: { min: 200, step: 1 }, tickMilli: A_SHARE_TICK },
  sz_main: { zh: '深市主板 A 股', en: 'Shenzhen main-board A shares', buyLot: { min: 100, step: 100 }, tickMilli: A_SHARE_TICK },
  chinext: { zh: '创业板股票', en: 'ChiNext shares', buyLot: { min: 100, step: 100 }, tickMilli: A_SHARE_TICK },
  bj: { zh: '北交所股票', en: 'Beijing Stock Exchange shares', buyLot: { min: 100, step: 1 }, tickMilli: A_SHARE_TICK },
  etf: { zh: 'ETF', en: 'ETFs', buyLot: { min: 100, step: 100 }, tickMilli: FUND_TICK },
  lof: { zh: 'LOF', en: 'LOFs', buyLot: { min: 100, step: 100 }, tickMilli: FUND_TICK },
  convertible: { zh: '可转换公司债券', en: 'convertible bonds' },
  repo: { zh: '债券质押式逆回购', en: 'reverse repos' },
  b_share: { zh: 'B 股', en: 'B shares' },
};

const f = (pattern: RegExp, form: string, exchange: Exchange, cls: InstrumentClass): InstrumentForm => ({ pattern, form, exchange, cls });

/** Every code form known with certainty, in the docs' order. A code matches at most one (a test checks). */
export const INSTRUMENT_FORMS: readonly InstrumentForm[] = [
  f(/^60[0135]\d{3}$/, '600xxx 601xxx 603xxx 605xxx', 'SH', 'sh_main'),
  f(/^68[89]\d{3}$/, '688xxx 689xxx', 'SH', 'star'),
  f(/^00[0-3]\d{3}$/, '000xxx 001xxx 002xxx 003xxx', 'SZ', 'sz_main'),
  f(/^30[01]\d{3}$/, '300xxx 301xxx', 'SZ', 'chinext'),
  f(/^(?:43|83|87)\d{4}$|^920\d{3}$/, '43xxxx 83xxxx 87xxxx 920xxx', 'BJ', 'bj'),
  f(/^(?:51[0-35-8]|56[0-3]|588)\d{3}$/, '510xxx-513xxx 515xxx-518xxx 560xxx-563xxx 588xxx', 'SH', 'etf'),
  f(/^159\d{3}$/, '159xxx', 'SZ', 'etf'),
  f(/^50[12]\d{3}$/, '501xxx 502xxx', 'SH', 'lof'),
  f(/^16\d{4}$/, '16xxxx', 'SZ', 'lof'),
  f(/^11[0138]\d{3}$/, '110xxx 111xxx 113xxx 118xxx', 'SH', 'convertible'),
  f(/^12[378]\d{3}$/, '123xxx 127xxx 128xxx', 'SZ', 'convertible'),
  f(/^204\d{3}$/, '204xxx', 'SH', 'repo'),
  f(/^1318\d{2}$/, '1318xx', 'SZ', 'repo'),
  f(/^900\d{3}$/, '900xxx', 'SH', 'b_share'),
  f(/^200\d{3}$/, '200xxx', 'SZ', 'b_share'),
];

/** The form a bare code is known by, or undefined when the digits alone do not identify it with certainty. */
export function instrumentOf(code: string): InstrumentForm | undefined {
  return INSTRUMENT_FORMS.find((x) => x.pattern.test(code));
}

/** The exchange a code belongs to whatever prefix was given (a known form, or 5xxxxx / 6xxxxx: Shanghai only). */
export function certainExchange(code: string): Exchange | undefined {
  const known = instrumentOf(code);
  if (known) return known.exchange;
  return /^[56]\d{5}$/.test(code) ? 'SH' : undefined;
}

export const EXCHANGE_ZH: Readonly<Record<Exchange, string>> = { SH: '上海', SZ: '深圳', BJ: '北京' };
export const EXCHANGE_EN: Readonly<Record<Exchange, string>> = { SH: 'Shanghai', SZ: 'Shenzhen', BJ: 'Beijing' };

/** "0.01" for 10 thousandths. */
export function tickText(milli: number): string {
  return (milli / 1000).toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
}

/** The buy lot rule in words, Chinese and English. */
export function lotText(lot: BuyLot): { zh: string; en: string } {
  if (lot.step === lot.min) return { zh: `买入数量应为 ${lot.min} 股（份）或其整数倍`, en: `a buy must be a multiple of ${lot.min}` };
  return { zh: `买入数量应不少于 ${lot.min} 股，超过部分可以 ${lot.step} 股为单位递增`, en: `a buy must be at least ${lot.min}, then in steps of ${lot.step}` };
}

/** A price string ("21.215") in thousandths of a yuan. */
function priceMilli(price: string): number {
  const [int, frac = ''] = price.split('.');
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- split() always yields a first part
  return Number(int!) * 1000 + Number(frac.padEnd(3, '0'));
}

/** The market rule an order breaks, as the field and a message saying the rule; null when it breaks none checked. A
 * price of null (the client's default) and amount=max are not checked; lots are checked on buys only. */
export function marketRuleBroken(side: 'buy' | 'sell', code: StockCode, price: string | null, amount: number | 'max'): { field: 'price' | 'amount'; message: string } | null {
  const known = instrumentOf(code.code);
  if (known?.exchange !== code.exchange) return null;
  const rule = CLASS_RULES[known.cls];
  if (price !== null && rule.tickMilli !== undefined && priceMilli(price) % rule.tickMilli !== 0) {
    const tick = tickText(rule.tickMilli);
    const decimals = tick.split('.')[1]?.length ?? 0;
    return {
      field: 'price',
      message: `price ${price} 不符合交易所规则（没有发往客户端）：${rule.zh}（${code.code}）的价格最小变动单位为 ${tick} 元，最多 ${decimals} 位小数。(price ${price} breaks the exchange rule: ${rule.en} are priced in steps of ${tick} CNY)`,
    };
  }
  if (side === 'buy' && amount !== 'max' && rule.buyLot !== undefined) {
    const lot = rule.buyLot;
    if (amount < lot.min || (amount - lot.min) % lot.step !== 0) {
      const t = lotText(lot);
      return {
        field: 'amount',
        message: `amount ${amount} 不符合交易所规则（没有发往客户端）：${rule.zh}（${code.code}）${t.zh}；卖出时不足一手的零股可以一次卖出。(amount ${amount} breaks the exchange rule: for ${rule.en} ${t.en}; an odd remainder may be sold)`,
      };
    }
  }
  return null;
}
