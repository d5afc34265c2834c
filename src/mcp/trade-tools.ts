// trade-tools.ts - the MCP tools that change the account, listed only with --mcp-trading: place_order, place_repo,
// place_credit_order, direct_repay, direct_return and cancel_order. Each parses its arguments with the front doors' one schema (core/order.ts, core/cancel.ts) and hands
// them to the trading core with the call's idempotency key: the same risk limits, journal, replay and dry run as the
// HTTP routes /buy, /sell, /repo, /margin_buy ..., /direct_repay, /direct_return and /cancel.
import { CancelParams } from '../core/cancel.ts';
import { CREDIT_ORDERS, CREDIT_ROUTES, creditOrderSchema, type CreditRoute } from '../core/credit.ts';
import { DirectRepayParams, DirectReturnParams } from '../core/credit-repay.ts';
import { GatewayError } from '../core/errors.ts';
import { IDEMPOTENCY_KEY } from '../core/idempotency.ts';
import { ORDER_PARAMS } from '../core/order.ts';
import { paramError } from '../core/param-error.ts';
import { RepoParams } from '../core/repo.ts';
import { shown } from '../core/text.ts';
import type { Trading } from '../trading/trading.ts';
import { field } from './args.ts';
import { replyResult } from './results.ts';
import type { ToolSpec } from './tool-spec.ts';

const KEY_FORMS = '1-64 个字母、数字或 _ . -，例如 "agent-20261124-0001"';

const KEY_FIELD = field('string', `幂等键（必填，${KEY_FORMS}）：每笔新委托用一个新键；重试同一笔（超时、断线、不确定是否成功）时必须用同一个键，服务只会下一笔，并返回第一次的结果（replayed: true）。键在一个交易日（北京时间）内有效。`
  + '(idempotency key, required, 1-64 of A-Z a-z 0-9 _ . -: a new key for each new order; a retry of the same order must reuse its key: the gateway places it once and answers the first result again, replayed: true. A key is valid for one trading day, Beijing time.)');

/** The call's idempotency key: required for agents (a retried tool call must reuse it), in the journal's key form. */
export function idempotencyKey(v: unknown): string {
  if (v === undefined || v === null || v === '') {
    throw new GatewayError('missing_parameter', `缺少 idempotency_key：必填，${KEY_FORMS}；重试同一笔委托时用同一个键。(idempotency_key is required: reuse it when retrying the same order)`, { field: 'idempotency_key' });
  }
  if (typeof v !== 'string' || !IDEMPOTENCY_KEY.test(v)) {
    throw new GatewayError('invalid_idempotency_key', `idempotency_key ${shown(v).slice(0, 80)} 格式不对：应为 ${KEY_FORMS}。(idempotency_key must be 1-64 of A-Z a-z 0-9 _ . -)`, { field: 'idempotency_key' });
  }
  return v;
}

function side(v: unknown): 'buy' | 'sell' {
  if (v === 'buy' || v === 'sell') return v;
  if (v === undefined || v === null || v === '') throw new GatewayError('missing_parameter', '缺少 side：必填，buy（买入）或 sell（卖出）。(side is required: buy or sell)', { field: 'side' });
  throw new GatewayError('invalid_body', `side ${shown(v).slice(0, 40)} 不对：应为 buy（买入）或 sell（卖出）。(side must be buy or sell)`, { field: 'side' });
}

function creditKind(v: unknown): CreditRoute {
  if ((CREDIT_ROUTES as readonly unknown[]).includes(v)) return v as CreditRoute;
  const forms = CREDIT_ROUTES.map((r) => `${r}（${CREDIT_ORDERS[r].zh}）`).join('、');
  if (v === undefined || v === null || v === '') throw new GatewayError('missing_parameter', `缺少 kind：必填，${forms}。(kind is required: ${CREDIT_ROUTES.join(', ')})`, { field: 'kind' });
  throw new GatewayError('invalid_body', `kind ${shown(v).slice(0, 40)} 不对：应为 ${forms}。(kind must be one of ${CREDIT_ROUTES.join(', ')})`, { field: 'kind' });
}

/** place_order, place_repo, place_credit_order, direct_repay, direct_return and cancel_order over `trading`; `caller` is what the journal records as the caller. */
export function tradeTools(trading: Trading, caller: string): ToolSpec[] {
  return [
    {
      name: 'place_order',
      title: '下单（买入 / 卖出） / Place an order (buy / sell)',
      description: '在交易客户端下一笔买入或卖出委托，与 HTTP 接口 /buy、/sell 相同：同样的参数校验、交易所规则、风控限制、委托日志、幂等键和演练（--dry-run）。成功时给出合同编号 entrust_no 和日志编号 journal_id。'
        + '出错时结果带 isError、错误码和字段名；结果未知（outcome_unknown 等）时不要换键重下：用 get_orders 核对，或稍后用同一个 idempotency_key 再调用一次。\n'
        + 'Places a buy or sell order in the client, the same as the HTTP routes /buy and /sell: the same validation, exchange rules, risk limits, order journal, idempotency keys and dry run (--dry-run). On success it gives the contract number entrust_no and the journal id. '
        + 'A failure is an error result with the code and the field; on an unknown outcome (outcome_unknown ...) never retry with a new key: check get_orders, or call again later with the same idempotency_key.',
      fields: {
        side: field('string', '方向：buy 买入，sell 卖出。(buy or sell)', ['buy', 'sell']),
        stock_code: field('string', '证券代码，6 位数字，如 "600000"；也可带交易所，如 "sh600000"、"600000.SH"。(the 6-digit code, e.g. "600000"; an exchange prefix or suffix is accepted)'),
        price: field(['string', 'number'], '委托价格，最多 3 位小数，如 "10.50"；不给表示用客户端的默认价格；市价委托不给（科创板市价委托给保护限价）。(limit price, at most 3 decimals; absent: the client\'s default price; none for a market order except a STAR protection price)'),
        amount: field(['string', 'integer'], '委托数量（股），正整数，如 100；买入须是 100 股的整数倍（科创板 200 股起）；"max" 表示客户端显示的最大可交易数量。(shares, a positive integer; buys in lots of 100, STAR from 200; "max" for the client\'s maximum)'),
        price_type: field('string', '委托方式：不给或 limit 为限价委托；市价委托用客户端里的中文名或英文别名，如 best5_ioc、ioc，须是该交易所有的方式（见 docs/api.md 市价委托）。(limit, the default, or a market-order type by its Chinese name or English alias, e.g. best5_ioc, ioc, offered by the code\'s exchange; see docs/api.md)'),
        idempotency_key: KEY_FIELD,
      },
      required: ['side', 'stock_code', 'amount', 'idempotency_key'],
      changesAccount: true,
      run: async (args, signal) => {
        const s = side(args['side']);
        const raw = { stock_code: args['stock_code'], price: args['price'], amount: args['amount'], price_type: args['price_type'] };
        const parsed = ORDER_PARAMS[s].safeParse(raw);
        if (!parsed.success) throw paramError(parsed.error, raw);
        return replyResult(await trading.order(s, parsed.data, { idemKey: idempotencyKey(args['idempotency_key']), caller, signal }));
      },
    },
    {
      name: 'place_repo',
      title: '国债逆回购 / Reverse repo',
      description: '国债逆回购（融出资金），与 HTTP 接口 /repo 相同：上海 204xxx 或深圳 1318xx，amount 以 1000 元为单位，rate 为年化利率（%）；同样的校验、风控（按融出金额）、委托日志、幂等键和演练。客户端按卖出委托处理，结果里的 repo.client_amount 是按客户端单位填写的数量。\n'
        + 'A reverse repo (cash lent), the same as the HTTP route /repo: Shanghai 204xxx or Shenzhen 1318xx, amount in units of 1,000 CNY, rate the annual rate in percent; the same validation, risk limits (on the cash lent), order journal, idempotency keys and dry run. The client places it as a sell; repo.client_amount in the result is the quantity typed in the client\'s unit.',
      fields: {
        stock_code: field('string', '逆回购代码：上海 204xxx（如 "204001"）或深圳 1318xx（如 "131810"）。(Shanghai 204xxx or Shenzhen 1318xx)'),
        rate: field(['string', 'number'], '年化利率（百分数，不带 %），最多 3 位小数，如 "1.85"。(the annual rate in percent, at most 3 decimals)'),
        amount: field(['string', 'integer'], '融出金额，单位 1000 元：10 即 10000 元。(the cash lent in units of 1,000 CNY: 10 is 10,000 CNY)'),
        idempotency_key: KEY_FIELD,
      },
      required: ['stock_code', 'rate', 'amount', 'idempotency_key'],
      changesAccount: true,
      run: async (args, signal) => {
        const raw = { stock_code: args['stock_code'], rate: args['rate'], amount: args['amount'] };
        const parsed = RepoParams.safeParse(raw);
        if (!parsed.success) throw paramError(parsed.error, raw);
        return replyResult(await trading.repo(parsed.data, { idemKey: idempotencyKey(args['idempotency_key']), caller, signal }));
      },
    },
    {
      name: 'place_credit_order',
      title: '信用交易（融资融券） / Credit (margin) order',
      description: '信用（融资融券）账户的委托，与 HTTP 接口 /margin_buy、/short_sell、/buy_to_cover、/sell_to_repay 相同：kind 为 margin_buy 融资买入（券商借钱买入）、short_sell 融券卖出（借券卖出）、buy_to_cover 买券还券（买入归还借的券）、sell_to_repay 卖券还款（卖出，所得先还融资负债）；参数、校验、风控、委托日志、幂等键和演练与 place_order 相同。普通账户返回 not_credit_account。信用账户的普通买卖（担保品买入 / 卖出）用 place_order。\n'
        + 'An order of a credit (margin) account, the same as the HTTP routes /margin_buy, /short_sell, /buy_to_cover and /sell_to_repay: kind margin_buy (bought with cash the broker lends), short_sell (borrowed shares sold), buy_to_cover (shares bought to return the borrowed ones) or sell_to_repay (sold, the proceeds repay the borrowed cash first); parameters, validation, risk limits, order journal, idempotency keys and dry run as place_order. A cash account answers not_credit_account. A credit account\'s plain buy / sell (collateral) is place_order.',
      fields: {
        kind: field('string', '信用委托种类：margin_buy 融资买入、short_sell 融券卖出、buy_to_cover 买券还券、sell_to_repay 卖券还款。(margin_buy, short_sell, buy_to_cover or sell_to_repay)', [...CREDIT_ROUTES]),
        stock_code: field('string', '证券代码，6 位数字，如 "600000"。(the 6-digit code)'),
        price: field(['string', 'number'], '委托价格，最多 3 位小数；不给表示用客户端的默认价格。(limit price, at most 3 decimals; absent: the client\'s default price)'),
        amount: field(['string', 'integer'], '委托数量（股），正整数；"max" 表示客户端显示的最大可委托数量（融资买入时是可用保证金能融的数量）。(shares; "max" for the client\'s maximum)'),
        price_type: field('string', '只用于 margin_buy：不给或 limit 为限价委托；市价委托用客户端里的中文名或英文别名，如 best5_ioc（在“市价委托 → 融资买入”页）。其他 kind 只有限价委托。(margin_buy only: limit, the default, or a market-order type as place_order takes it, placed on the 市价委托 -> 融资买入 page; the other kinds are limit orders only)'),
        idempotency_key: KEY_FIELD,
      },
      required: ['kind', 'stock_code', 'amount', 'idempotency_key'],
      changesAccount: true,
      run: async (args, signal) => {
        const route = creditKind(args['kind']);
        const raw = { stock_code: args['stock_code'], price: args['price'], amount: args['amount'], ...(CREDIT_ORDERS[route].market ? { price_type: args['price_type'] } : {}) };
        if (!CREDIT_ORDERS[route].market && args['price_type'] !== undefined && args['price_type'] !== null && args['price_type'] !== 'limit') {
          throw new GatewayError('invalid_price_type', `${route} 只有限价委托：price_type 只用于 margin_buy（市价委托 → 融资买入）。(price_type is for margin_buy only)`, { field: 'price_type' });
        }
        const parsed = creditOrderSchema(route).safeParse(raw);
        if (!parsed.success) throw paramError(parsed.error, raw);
        return replyResult(await trading.creditOrder(route, parsed.data, { idemKey: idempotencyKey(args['idempotency_key']), caller, signal }));
      },
    },
    {
      name: 'direct_repay',
      title: '直接还款（融资负债） / Repay margin debt with cash',
      description: '信用（融资融券）账户用现金直接归还融资负债，与 HTTP 接口 /direct_repay 相同：amount 为还款金额（元，最多 2 位小数）；委托日志、幂等键和演练与 place_order 相同。超过负债或可用资金时客户端拒绝（client_rejected）；普通账户返回 not_credit_account；客户端菜单树里没有“直接还款”时 menu_item_not_found。结果未知时不要换键重做：先用 get_credit_balance 核对融资负债。\n'
        + 'Repays a credit (margin) account\'s financed debt with its cash, the same as the HTTP route /direct_repay: amount in CNY, at most 2 decimals; order journal, idempotency keys and dry run as place_order. More than the debt or the cash: the client refuses (client_rejected); a cash account answers not_credit_account; a client whose menu tree lacks 直接还款, menu_item_not_found. On an unknown outcome never retry with a new key: check get_credit_balance first.',
      fields: {
        amount: field(['string', 'number'], '还款金额（元），大于 0，最多 2 位小数，如 "1000.00"。(CNY to repay, above 0, at most 2 decimals)'),
        idempotency_key: KEY_FIELD,
      },
      required: ['amount', 'idempotency_key'],
      changesAccount: true,
      run: async (args, signal) => {
        const raw = { amount: args['amount'] };
        const parsed = DirectRepayParams.safeParse(raw);
        if (!parsed.success) throw paramError(parsed.error, raw);
        return replyResult(await trading.directRepay(parsed.data, { idemKey: idempotencyKey(args['idempotency_key']), caller, signal }));
      },
    },
    {
      name: 'direct_return',
      title: '直接还券（融券负债） / Return borrowed shares from holdings',
      description: '信用（融资融券）账户用持有的股票直接归还融券负债，与 HTTP 接口 /direct_return 相同：stock_code 与 amount（股）；委托日志、幂等键和演练与 place_order 相同。没有该代码的融券负债、超过负债或超过可用持仓时客户端拒绝（client_rejected）；普通账户返回 not_credit_account。结果未知时不要换键重做：先用 get_credit_debts 核对。\n'
        + 'Returns borrowed shares of a credit (margin) account from the shares it holds, the same as the HTTP route /direct_return: stock_code and amount (shares); order journal, idempotency keys and dry run as place_order. No short debt of the code, more than owed or more than held: the client refuses (client_rejected); a cash account answers not_credit_account. On an unknown outcome never retry with a new key: check get_credit_debts first.',
      fields: {
        stock_code: field('string', '证券代码，6 位数字，如 "600160"。(the 6-digit code)'),
        amount: field(['string', 'integer'], '还券数量（股），正整数。(shares to return, a positive integer)'),
        idempotency_key: KEY_FIELD,
      },
      required: ['stock_code', 'amount', 'idempotency_key'],
      changesAccount: true,
      run: async (args, signal) => {
        const raw = { stock_code: args['stock_code'], amount: args['amount'] };
        const parsed = DirectReturnParams.safeParse(raw);
        if (!parsed.success) throw paramError(parsed.error, raw);
        return replyResult(await trading.directReturn(parsed.data, { idemKey: idempotencyKey(args['idempotency_key']), caller, signal }));
      },
    },
    {
      name: 'cancel_order',
      title: '撤单 / Cancel orders',
      description: '撤销一笔委托（entrust_no，合同编号）或一类委托（scope：all 全部、buy 全部买入、sell 全部卖出），与 HTTP 接口 /cancel 相同：同样的校验、委托日志、幂等键和演练。两者只给一个。\n'
        + 'Cancels one order (entrust_no, its contract number) or a group (scope: all, buy or sell), the same as the HTTP route /cancel: the same validation, order journal, idempotency keys and dry run. Give one of the two.',
      fields: {
        entrust_no: field(['string', 'integer'], '要撤的委托的合同编号（place_order 结果里的 entrust_no，或 get_orders 的“合同编号”）。(the contract number to cancel: entrust_no of place_order, or 合同编号 of get_orders)'),
        scope: field('string', '撤多笔：all 全部、buy 全部买入、sell 全部卖出；与 entrust_no 只给一个。(all, buy or sell; not with entrust_no)', ['all', 'buy', 'sell']),
        idempotency_key: KEY_FIELD,
      },
      required: ['idempotency_key'],
      changesAccount: true,
      run: async (args, signal) => {
        const raw = { entrust_no: args['entrust_no'], scope: args['scope'] };
        const parsed = CancelParams.safeParse(raw);
        if (!parsed.success) throw paramError(parsed.error, raw);
        return replyResult(await trading.cancel(parsed.data, { idemKey: idempotencyKey(args['idempotency_key']), caller, signal }));
      },
    },
  ];
}
