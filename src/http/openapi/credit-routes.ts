// credit-routes.ts - the route-table rows (route-table.ts) of a credit (融资融券) account: its orders (/margin_buy ...),
// /direct_repay (直接还款: cash repays the financed debt), /direct_return (直接还券: held shares return the borrowed
// ones) and its reads (/credit_balance, /margin_securities, /credit_debts).
import { z } from 'zod';
import { CREDIT_ORDERS, CREDIT_ROUTES, creditOrderSchema } from '../../core/credit.ts';
import { DirectRepayParams, DirectReturnParams } from '../../core/credit-repay.ts';
import { BROWSER_EFFECT_ERRORS, GATE_ERRORS, GUARD_ERRORS, WORKER_ERRORS, type RouteEntry } from './route-entry.ts';
import { GET_POST, IDEMPOTENCY, IDEMPOTENCY_HEADER, ORDER_ERRORS, ORDER_PARAM_LIST, ORDER_REPLY, READ_ERRORS, STOCK_CODE } from './route-params.ts';
import * as s from './schemas.ts';

/** The rows of /direct_repay and /direct_return. */
const REPAY_ROUTES: RouteEntry[] = (['direct_repay', 'direct_return'] as const).map((route): RouteEntry => {
  const repay = route === 'direct_repay';
  const zh = repay ? '直接还款' : '直接还券';
  return {
    path: `/${route}`, methods: GET_POST, tag: 'orders',
    summary: { zh, en: repay ? 'repay margin debt with cash' : 'return borrowed shares from holdings' },
    description: repay ? {
      zh: '信用（融资融券）账户用现金直接归还融资负债（客户端信用菜单树的“直接还款”页）：amount 为还款金额（元）。超过融资负债或可用资金时客户端拒绝（HTTP 200、status -1、client_rejected）。委托日志、幂等键、演练与 /buy 相同；结果未知（504 outcome_unknown）时绝不自动重做，先核对 /credit_balance。普通账户是 409 not_credit_account；菜单树没有这一项时 502 menu_item_not_found，什么都不做。',
      en: 'A credit (margin) account repays its financed debt with cash (the 直接还款 page of the client\'s credit menu tree): amount in CNY. More than the debt or the available cash is refused by the client (HTTP 200, status -1, client_rejected). Journal, idempotency keys and dry run as /buy; an unknown outcome (504 outcome_unknown) is never redone automatically: check /credit_balance. A cash account answers 409 not_credit_account; a tree without the item 502 menu_item_not_found, nothing done.',
    } : {
      zh: '信用（融资融券）账户用持有的股票直接归还融券负债（客户端信用菜单树的“直接还券”页）：stock_code 与 amount（股）。该代码没有融券负债、超过负债或超过可用于还券的持仓时客户端拒绝（HTTP 200、status -1、client_rejected）。委托日志、幂等键、演练与 /buy 相同；结果未知时绝不自动重做，先核对 /credit_debts。普通账户是 409 not_credit_account；菜单树没有这一项时 502 menu_item_not_found。',
      en: 'A credit (margin) account returns borrowed shares from the shares it holds (the 直接还券 page of the client\'s credit menu tree): stock_code and amount in shares. No short debt of the code, more than owed or more than the shares it can return is refused by the client (HTTP 200, status -1, client_rejected). Journal, idempotency keys and dry run as /buy; an unknown outcome is never redone automatically: check /credit_debts. A cash account answers 409 not_credit_account; a tree without the item 502 menu_item_not_found.',
    },
    schema: repay ? DirectRepayParams : DirectReturnParams,
    params: repay
      ? [{ name: 'amount', in: 'query', required: true, schema: s.RepayMoneyInput, text: { zh: '还款金额（元），大于 0，最多 2 位小数，如 1000 或 "2357.50"', en: 'the CNY to repay, above 0, at most 2 decimals, e.g. 1000 or "2357.50"' } }, IDEMPOTENCY, IDEMPOTENCY_HEADER]
      : [STOCK_CODE, { name: 'amount', in: 'query', required: true, schema: s.SharesInput, text: { zh: '还券数量（股），正整数', en: 'the shares to return, a positive integer' } }, IDEMPOTENCY, IDEMPOTENCY_HEADER],
    reply: {
      kind: 'envelope', message: s.PopupText,
      extra: {
        [route]: repay
          ? z.object({ amount: z.string().describe('还款金额（元，2 位小数）。the CNY repaid, 2 decimals') })
          : z.object({ stock_code: z.string(), exchange: z.string(), amount: z.int() }),
        ...(repay ? {} : { name: z.string().optional().describe('证券名称。the name the client showed') }),
        journal_id: z.int().optional(), replayed: z.boolean().optional(), dry_run: z.boolean().optional(),
      },
      text: { zh: '成功：客户端弹窗原文；客户端拒绝是 HTTP 200、status -1', en: 'success: the client\'s popup text; a client refusal is HTTP 200, status -1' },
    },
    errors: [...GUARD_ERRORS, ...BROWSER_EFFECT_ERRORS, 'missing_parameter', 'invalid_amount', ...(repay ? [] : ['invalid_stock_code', 'stock_not_recognised'] as const),
      ...ORDER_ERRORS.filter((c) => ['client_rejected', 'system_clearing', 'client_warning', 'confirmation_mismatch', 'field_rejected', 'broker_forward_failed', 'broker_begin_failed', 'broker_send_failed', 'client_ambiguous'].includes(c)),
      ...WORKER_ERRORS, ...GATE_ERRORS, 'not_credit_account', 'menu_item_not_found', 'page_not_found', 'control_not_found'],
  };
});

/** A credit account's rows, in the table's order. */
export const CREDIT_ROUTE_ROWS: RouteEntry[] = [
  ...CREDIT_ROUTES.map((route): RouteEntry => ({
    path: `/${route}`, methods: GET_POST, tag: 'orders',
    summary: { zh: CREDIT_ORDERS[route].zh, en: route.replace(/_/g, ' ') },
    description: {
      zh: `信用（融资融券）账户的${CREDIT_ORDERS[route].zh}（${CREDIT_ORDERS[route].market ? '限价委托；带 price_type 是市价委托，在“市价委托 → 融资买入”页' : '只有限价委托，没有 price_type'}）：参数、校验、风控、委托日志、幂等与 /${CREDIT_ORDERS[route].side} 相同，在客户端信用菜单树的“${CREDIT_ORDERS[route].zh}”页委托。普通账户是 409 not_credit_account，不下单。`,
      en: `A credit (margin) account's ${CREDIT_ORDERS[route].en}; ${CREDIT_ORDERS[route].market ? 'a limit order, or with price_type a market order on the 市价委托 -> 融资买入 page' : 'limit orders only (no price_type)'}. Parameters, validation, risk limits, journal and idempotency as /${CREDIT_ORDERS[route].side}; placed on the client's credit page (menu tree 513). A cash account answers 409 not_credit_account, nothing placed.`,
    },
    schema: creditOrderSchema(route), params: CREDIT_ORDERS[route].market ? ORDER_PARAM_LIST : ORDER_PARAM_LIST.filter((p) => p.name !== 'price_type'),
    reply: { ...ORDER_REPLY, extra: { ...ORDER_REPLY.extra, credit: z.string().describe('客户端的信用委托页。the client\'s credit page') } },
    errors: [...ORDER_ERRORS, 'not_credit_account', 'menu_item_not_found'],
  })),
  ...REPAY_ROUTES,
  {
    path: '/credit_balance', methods: GET_POST, tag: 'account',
    summary: { zh: '信用资产', en: 'credit balance' },
    description: { zh: '信用（融资融券）账户“查询资产”页：维持担保比例、可用保证金、融资负债、融券负债等，标签原文字符串，按页面顺序。普通账户是 409 not_credit_account。', en: 'A credit (margin) account\'s 查询资产 page: 维持担保比例 (maintenance ratio), 可用保证金 (available margin), the debts ..., label texts in the page\'s order. A cash account answers 409 not_credit_account.' },
    params: [], reply: { kind: 'envelope', message: s.BalanceMessage }, errors: [...READ_ERRORS, 'not_credit_account', 'menu_item_not_found'],
  },
  {
    path: '/margin_securities', methods: GET_POST, tag: 'reports',
    summary: { zh: '标的证券', en: 'margin securities' },
    description: { zh: '信用账户“标的证券”页的表格：能否融资、融券，保证金比例，可融券数量，折算率；每行以列名为键。普通账户是 409 not_credit_account。', en: 'A credit account\'s 标的证券 grid: whether each code can be financed or shorted, the margin ratios, the shares that can be borrowed, the collateral rate; rows keyed by column. A cash account answers 409 not_credit_account.' },
    params: [], reply: { kind: 'envelope', message: s.GridRows }, errors: [...READ_ERRORS, 'not_credit_account', 'menu_item_not_found'],
  },
  {
    path: '/credit_debts', methods: GET_POST, tag: 'reports',
    summary: { zh: '负债明细', en: 'credit debts' },
    description: { zh: '信用账户“负债明细”页的表格：每笔融资、融券负债的代码、数量、金额、市值；每行以列名为键。普通账户是 409 not_credit_account。', en: 'A credit account\'s 负债明细 grid: each financed or shorted code with its shares, amount and value; rows keyed by column. A cash account answers 409 not_credit_account.' },
    params: [], reply: { kind: 'envelope', message: s.GridRows }, errors: [...READ_ERRORS, 'not_credit_account', 'menu_item_not_found'],
  },
];
