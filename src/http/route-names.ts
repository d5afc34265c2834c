// route-names.ts - the paths of the main HTTP app, once: the 405 and 404 wording (app.ts) and the paths answered per
// account (accounts.ts) come from here.

/** Every route path (GET and POST each); any other method on one of these is a 405. */
export const ROUTES = ['/accounts', '/balance', '/position', '/buy', '/sell', '/repo', '/margin_buy', '/short_sell', '/buy_to_cover', '/sell_to_repay', '/direct_repay', '/direct_return', '/credit_balance', '/margin_securities', '/credit_debts', '/orders', '/trades', '/cancel', '/sim/quote', '/journal', '/ipo', '/ipo/subscribe', '/refresh', '/health'] as const;

/** The routes with methods of their own (GET only, or a front door mounted by the app): named in the 404 too. */
export const OTHER_ROUTES = ['/', '/status.json', '/events', '/docs', '/openapi.json', '/mcp'] as const;
