// credit.ts - a credit (融资融券, margin) account's order kinds: each route, the worker's kind (the client's credit
// page, ps/xiadan-ui.psd1 CREDIT_PAGES), its side and what it does to the account. Parameters are /buy's and /sell's
// (price_type only for a margin buy: the client's tree has 市价委托 -> 融资买入 and no other market credit page).
import { LIMIT_ORDER_PARAMS, ORDER_PARAMS } from './order.ts';

export interface CreditOrderKind {
  /** The worker's name of the page (Invoke-ThsOrder -Credit). */
  readonly kind: 'marginBuy' | 'shortSell' | 'buyToCover' | 'sellToRepay';
  readonly side: 'buy' | 'sell';
  /** The client's menu item. */
  readonly zh: string;
  readonly en: string;
  /** Takes price_type (a market order, on the client's 市价委托 page of this kind); else limit orders only. */
  readonly market: boolean;
}

/** Route name (the path without its slash) -> the credit order it places. */
export const CREDIT_ORDERS = {
  margin_buy: { kind: 'marginBuy', side: 'buy', zh: '融资买入', en: 'margin buy: shares bought with cash the broker lends', market: true },
  short_sell: { kind: 'shortSell', side: 'sell', zh: '融券卖出', en: 'short sell: borrowed shares sold', market: false },
  buy_to_cover: { kind: 'buyToCover', side: 'buy', zh: '买券还券', en: 'buy to cover: shares bought to return the borrowed ones', market: false },
  sell_to_repay: { kind: 'sellToRepay', side: 'sell', zh: '卖券还款', en: 'sell to repay: shares sold, the proceeds repay the borrowed cash', market: false },
} as const satisfies Record<string, CreditOrderKind>;

export type CreditRoute = keyof typeof CREDIT_ORDERS;

/** The credit order routes, in the order the docs list them. */
export const CREDIT_ROUTES: readonly CreditRoute[] = ['margin_buy', 'short_sell', 'buy_to_cover', 'sell_to_repay'];

/** A credit order's parameters: /buy's with price_type for a margin buy (its 市价委托 page), else a limit order's. */
export function creditOrderSchema(route: CreditRoute): typeof ORDER_PARAMS.buy | typeof LIMIT_ORDER_PARAMS.buy {
  const c = CREDIT_ORDERS[route];
  return c.market ? ORDER_PARAMS[c.side] : LIMIT_ORDER_PARAMS[c.side];
}
