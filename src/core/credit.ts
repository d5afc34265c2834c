// credit.ts - a credit (融资融券, margin) account's order kinds: each route, the worker's kind (the client's credit
// page, ps/xiadan-ui.psd1 CREDIT_PAGES), its side and what it does to the account. Parameters are /buy's and /sell's.

export interface CreditOrderKind {
  /** The worker's name of the page (Invoke-ThsOrder -Credit). */
  readonly kind: 'marginBuy' | 'shortSell' | 'buyToCover' | 'sellToRepay';
  readonly side: 'buy' | 'sell';
  /** The client's menu item. */
  readonly zh: string;
  readonly en: string;
}

/** Route name (the path without its slash) -> the credit order it places. */
export const CREDIT_ORDERS = {
  margin_buy: { kind: 'marginBuy', side: 'buy', zh: '融资买入', en: 'margin buy: shares bought with cash the broker lends' },
  short_sell: { kind: 'shortSell', side: 'sell', zh: '融券卖出', en: 'short sell: borrowed shares sold' },
  buy_to_cover: { kind: 'buyToCover', side: 'buy', zh: '买券还券', en: 'buy to cover: shares bought to return the borrowed ones' },
  sell_to_repay: { kind: 'sellToRepay', side: 'sell', zh: '卖券还款', en: 'sell to repay: shares sold, the proceeds repay the borrowed cash' },
} as const satisfies Record<string, CreditOrderKind>;

export type CreditRoute = keyof typeof CREDIT_ORDERS;

/** The credit order routes, in the order the docs list them. */
export const CREDIT_ROUTES: readonly CreditRoute[] = ['margin_buy', 'short_sell', 'buy_to_cover', 'sell_to_repay'];
