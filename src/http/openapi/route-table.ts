// route-table.ts - every route of the main HTTP app, in one table: the one source of /openapi.json and /docs.
// A test (test/http/openapi.test.ts) fails when a route the app answers is missing here, when a route's parameter
// names differ from its zod schema's, or when an error code of src/core/errors.ts is in no row. The parameters,
// replies and error lists several routes share are in route-params.ts; a credit account's rows (its orders, direct
// repayments and reads) in credit-routes.ts.
//
// Adding a route: append one RouteEntry (route-entry.ts) to ROUTE_TABLE, e.g.
//   {
//     path: '/events', methods: ['get'], tag: 'events',
//     summary: { zh: '委托事件推送（SSE）', en: 'order events (Server-Sent Events)' },
//     description: { zh: '……', en: '…' },              // Chinese first, then English
//     when: { zh: '……', en: '…' },                      // optional: only under an option or a backend
//     params: [{ name: 'Last-Event-ID', in: 'header', schema: z.string(), text: { zh: '…', en: '…' } }],
//     reply: { kind: 'content', contentType: 'text/event-stream', text: { zh: '…', en: '…' } },   // or kind 'envelope'
//     errors: [...GUARD_ERRORS, 'journal_unavailable'],  // every code it can answer (groups in route-entry.ts)
//   },
// `schema` names the zod schema the route validates with (its names must equal `params`' query names);
// `reply.kind: 'envelope'` is the {status, message, ...extra} JSON with `message` and the `extra` fields it adds.
import { z } from 'zod';
import { isAccountPath } from '../accounts.ts';
import { CancelParams } from '../../core/cancel.ts';
import { SubscribeParams } from '../../core/ipo.ts';
import { ORDER_PARAMS } from '../../core/order.ts';
import { RepoParams } from '../../core/repo.ts';
import { SimQuoteParams } from '../../trading/client.ts';
import { BROWSER_EFFECT_ERRORS, GUARD_ERRORS, type RouteEntry } from './route-entry.ts';
import { CREDIT_ROUTE_ROWS } from './credit-routes.ts';
import {
  ACCOUNT_ERRORS, DOCS_ERRORS, GET_POST, IDEMPOTENCY, IDEMPOTENCY_HEADER, ORDER_ERRORS, ORDER_PARAM_LIST, ORDER_REPLY, READ_ERRORS, STOCK_CODE,
} from './route-params.ts';
import * as s from './schemas.ts';

/** Every route of the main HTTP app. */
export const ROUTE_TABLE: RouteEntry[] = ([
  {
    path: '/balance', methods: GET_POST, tag: 'account',
    summary: { zh: '资金', en: 'balance' },
    description: { zh: '客户端显示的资金：标签原文字符串。某些券商版本没有“股票市值”。', en: 'The balance as the client shows it: label texts. Some builds have no 股票市值.' },
    params: [], reply: { kind: 'envelope', message: s.BalanceMessage }, errors: READ_ERRORS,
  },
  {
    path: '/position', methods: GET_POST, tag: 'account',
    summary: { zh: '持仓', en: 'positions' },
    description: { zh: '以 6 位代码为键、按客户端表格顺序的持仓；数量为整数，成本价为数字。', en: 'Positions keyed by the 6-digit code in the client\'s order; amounts are integers, the cost a number.' },
    params: [], reply: { kind: 'envelope', message: s.PositionMessage }, errors: READ_ERRORS,
  },
  ...(['buy', 'sell'] as const).map((side): RouteEntry => ({
    path: `/${side}`, methods: GET_POST, tag: 'orders',
    summary: side === 'buy' ? { zh: '买入', en: 'buy' } : { zh: '卖出', en: 'sell' },
    description: {
      zh: `${side === 'buy' ? '买入' : '卖出'}委托：校验、风控、委托日志、幂等之后发往客户端。结果未知（504 outcome_unknown）时绝不自动重发，请先核对当日委托。浏览器发起的请求没有访问令牌时是 403 browser_request。`,
      en: `A ${side} order: validated, risk-checked, journaled and deduplicated, then sent to the client. An unknown outcome (504 outcome_unknown) is never retried automatically. A browser request without the access token is 403 browser_request.`,
    },
    schema: ORDER_PARAMS[side], params: ORDER_PARAM_LIST, reply: ORDER_REPLY, errors: ORDER_ERRORS,
  })),
  {
    path: '/repo', methods: GET_POST, tag: 'orders',
    summary: { zh: '国债逆回购', en: 'reverse repo' },
    description: {
      zh: '国债逆回购（融出资金）：上海 204xxx、深圳 1318xx，amount 以 1000 元为单位，rate 为年化利率（%）。在客户端的卖出页委托，数量换算成客户端的单位（由最大可卖数量和可用金额判断，无法判断时 repo_unit_unknown，不下单）。日志、风控（按融出金额）、幂等与 /sell 相同。',
      en: 'A reverse repo (cash lent): Shanghai 204xxx, Shenzhen 1318xx; amount in units of 1,000 CNY, rate the annual rate in percent. Placed on the client\'s sell page, the quantity in the client\'s own unit (told from the max-sell label and the available cash; repo_unit_unknown when it cannot be told, nothing placed). Journal, risk limits (on the cash lent) and idempotency as /sell.',
    },
    schema: RepoParams,
    params: [
      { ...STOCK_CODE, schema: s.RepoCodeInput, text: { zh: '逆回购代码：上海 204xxx（如 204001）或深圳 1318xx（如 131810），可带前缀或后缀', en: 'the repo code: Shanghai 204xxx (e.g. 204001) or Shenzhen 1318xx (e.g. 131810), optionally with a prefix or suffix' } },
      { name: 'rate', in: 'query', required: true, schema: s.RateInput, text: { zh: '年化利率（百分数，不带 %），最多 3 位小数，如 1.85', en: 'the annual rate in percent, at most 3 decimals, e.g. 1.85' } },
      { name: 'amount', in: 'query', required: true, schema: s.RepoUnitsInput, text: { zh: '融出金额，单位 1000 元：10 即 10000 元', en: 'the cash lent in units of 1,000 CNY: 10 is 10,000 CNY' } },
      IDEMPOTENCY, IDEMPOTENCY_HEADER,
    ],
    reply: {
      kind: 'envelope', message: s.PopupText,
      extra: {
        entrust_no: z.string().nullable().describe('合同编号。contract number'),
        repo: z.object({
          stock_code: z.string(), exchange: z.string(), rate: z.string(), amount: z.int(), cny: z.int(),
          client_unit_cny: z.int().optional().describe('客户端数量单位（元）。the client\'s unit in CNY'),
          client_amount: z.int().optional().describe('按客户端单位的委托数量。the quantity typed, in the client\'s unit'),
        }),
        journal_id: z.int().optional(), replayed: z.boolean().optional(), dry_run: z.boolean().optional(),
      },
      text: { zh: '成功：客户端弹窗原文与合同编号；客户端拒绝是 HTTP 200、status -1', en: 'success: the client\'s popup text and contract number; a client refusal is HTTP 200, status -1' },
    },
    errors: [...ORDER_ERRORS, 'invalid_rate', 'repo_unit_unknown', 'not_cash_account'],
  },
  ...CREDIT_ROUTE_ROWS,
  {
    path: '/orders', methods: GET_POST, tag: 'reports',
    summary: { zh: '当日委托', en: 'today\'s orders' },
    description: { zh: '客户端表格的当日委托，每行以列名为键；open=1 只要还能撤的。', en: 'Today\'s orders as the client\'s grid shows them; open=1 keeps the cancellable ones.' },
    params: [{ name: 'open', in: 'query', schema: s.FlagInput, text: { zh: '1 / true：只要还能撤的委托（已报、部成）', en: '1 / true: only orders still open' } }],
    reply: { kind: 'envelope', message: s.GridRows }, errors: READ_ERRORS,
  },
  {
    path: '/trades', methods: GET_POST, tag: 'reports',
    summary: { zh: '当日成交', en: 'today\'s trades' },
    description: { zh: '客户端表格的当日成交，每行以列名为键。', en: 'Today\'s trades as the client\'s grid shows them.' },
    params: [], reply: { kind: 'envelope', message: s.GridRows }, errors: READ_ERRORS,
  },
  {
    path: '/cancel', methods: GET_POST, tag: 'orders',
    summary: { zh: '撤单', en: 'cancel' },
    description: { zh: '按合同编号撤一笔（entrust_no），或按 scope 全撤 / 撤买 / 撤卖，二选一。cancelled 是撤单后确认已撤的合同编号。', en: 'Cancels one order by entrust_no, or all / buys / sells by scope (one or the other). `cancelled` lists the contract numbers seen cancelled afterwards.' },
    schema: CancelParams,
    params: [
      { name: 'entrust_no', in: 'query', schema: s.EntrustNoInput, text: { zh: '要撤的合同编号（与 scope 二选一）', en: 'the contract number to cancel (or scope)' } },
      { name: 'scope', in: 'query', schema: s.ScopeInput, text: { zh: 'all 全撤、buy 撤买、sell 撤卖（与 entrust_no 二选一）', en: 'all, buy or sell (or entrust_no)' } },
      IDEMPOTENCY, IDEMPOTENCY_HEADER,
    ],
    reply: { kind: 'envelope', message: s.PopupText, extra: { cancelled: z.array(z.string()), journal_id: z.int().optional(), dry_run: z.boolean().optional() } },
    errors: [...ORDER_ERRORS, 'invalid_entrust_no', 'invalid_scope', 'order_not_found', 'not_cancellable', 'nothing_to_cancel', 'cancel_ambiguous'],
  },
  {
    path: '/sim/quote', methods: GET_POST, tag: 'client',
    summary: { zh: '模拟行情（仅模拟客户端）', en: 'simulated quote (simulated backend only)' },
    description: { zh: '移动模拟客户端的行情，让挂着的委托成交。', en: 'Moves a quote of the simulated client, so resting orders fill.' },
    when: { zh: '只在 --backend sim 时存在，否则 404 sim_only；演练模式下 403 dry_run_locked', en: 'only with --backend sim, else 404 sim_only; refused in dry-run' },
    schema: SimQuoteParams,
    params: [
      STOCK_CODE,
      { name: 'last', in: 'query', required: true, schema: s.PriceInput, text: { zh: '新的最新价', en: 'the new last price' } },
      { name: 'limit_up', in: 'query', schema: s.PriceInput, text: { zh: '新的涨停价', en: 'the new upper limit' } },
      { name: 'limit_down', in: 'query', schema: s.PriceInput, text: { zh: '新的跌停价', en: 'the new lower limit' } },
      { name: 'liquidity', in: 'query', schema: s.LiquidityInput, text: { zh: '每次行情变动可成交的股数，0 不限', en: 'shares that can fill per move, 0 unlimited' } },
    ],
    reply: { kind: 'envelope', message: z.string(), extra: { quote: s.QuoteReply, fills: z.array(s.FillReply) } },
    errors: [...READ_ERRORS, ...BROWSER_EFFECT_ERRORS, 'sim_only', 'dry_run_locked', 'missing_parameter', 'invalid_stock_code', 'invalid_price', 'invalid_amount'],
  },
  {
    path: '/ipo', methods: GET_POST, tag: 'orders',
    summary: { zh: '今日新股', en: 'today\'s IPO offers' },
    description: { zh: '客户端“新股申购”页的表格：今天可申购的新股及最大可申购数量。', en: 'The client\'s IPO page: today\'s offers with the maximum amount each.' },
    params: [], reply: { kind: 'envelope', message: s.GridRows }, errors: READ_ERRORS,
  },
  {
    path: '/ipo/subscribe', methods: GET_POST, tag: 'orders',
    summary: { zh: '新股申购', en: 'subscribe to IPOs' },
    description: { zh: '按最大可申购数量申购今天的全部新股，或只申购 stock_code 一只；每只一个结果。', en: 'Subscribes to every offer of today at its maximum, or to stock_code only; one result per offer.' },
    schema: SubscribeParams,
    params: [{ name: 'stock_code', in: 'query', schema: s.IpoCodeInput, text: { zh: '可选：一只新股（也接受上海申购代码 7 开头）', en: 'optional: one offer (Shanghai 7xxxxx subscription codes too)' } }, IDEMPOTENCY, IDEMPOTENCY_HEADER],
    reply: { kind: 'envelope', message: z.array(s.IpoResult), extra: { journal_id: z.int().optional(), dry_run: z.boolean().optional() } },
    errors: [...ORDER_ERRORS, 'ipo_not_offered'],
  },
  {
    path: '/refresh', methods: GET_POST, tag: 'client',
    summary: { zh: '刷新客户端', en: 'refresh the client' },
    description: { zh: '向客户端发送刷新命令（相当于 F5），当前页面重新载入数据后回答。', en: 'Sends the client its refresh command (F5) and answers once the page reloaded.' },
    params: [], reply: { kind: 'envelope', message: z.string(), extra: { refresh: s.RefreshReply.optional(), dry_run: z.boolean().optional() } },
    errors: [...READ_ERRORS, ...BROWSER_EFFECT_ERRORS],
  },
  {
    path: '/health', methods: GET_POST, tag: 'meta',
    summary: { zh: '状态', en: 'health' },
    description: { zh: '工作进程与服务的状态；工作进程不是 ready 时 status 为 -1。', en: 'The worker\'s and the server\'s state; status is -1 unless the worker is ready.' },
    params: [], reply: { kind: 'envelope', message: s.HealthMessage }, errors: GUARD_ERRORS,
  },
  {
    path: '/journal', methods: GET_POST, tag: 'journal',
    summary: { zh: '委托日志', en: 'order journal' },
    description: { zh: '某一天（默认今天，北京时间）的委托日志。', en: 'The order journal of a day (today by default, Beijing time).' },
    params: [{ name: 'date', in: 'query', schema: s.DateInput, text: { zh: 'YYYY-MM-DD，默认今天', en: 'YYYY-MM-DD, today by default' } }],
    reply: { kind: 'envelope', message: z.array(s.JournalRow) }, errors: GUARD_ERRORS,
  },
  {
    path: '/journal/{id}', methods: GET_POST, tag: 'journal',
    summary: { zh: '一条委托日志', en: 'one journal row' },
    description: { zh: '一条委托日志，含全部对账步骤；没有这条是 404 not_found。', en: 'One journal row with its reconciliation steps; an unknown id is 404 not_found.' },
    params: [{ name: 'id', in: 'path', required: true, schema: z.string().regex(/^\d+$/), text: { zh: '日志编号', en: 'the row id' } }],
    reply: { kind: 'envelope', message: s.JournalRow }, errors: [...GUARD_ERRORS, 'not_found'],
  },
  {
    path: '/journal/{id}/settle', methods: ['post'], tag: 'journal',
    summary: { zh: '手工对账', en: 'settle by hand' },
    description: { zh: '操作员手工对账一笔结果未知的委托：accepted（须给 entrust_no）或 absent。只接受 POST。', en: 'The operator settles an order of unknown outcome: accepted (with entrust_no) or absent. POST only.' },
    params: [
      { name: 'id', in: 'path', required: true, schema: z.string().regex(/^\d+$/), text: { zh: '日志编号', en: 'the row id' } },
      { name: 'settlement', in: 'query', required: true, schema: s.SettlementInput, text: { zh: 'accepted：客户端里有这笔委托；absent：没有', en: 'accepted: the client has the order; absent: it does not' } },
      { name: 'entrust_no', in: 'query', schema: s.EntrustNoInput, text: { zh: 'accepted 时必填：客户端里的合同编号', en: 'with accepted: the contract number in the client' } },
      { name: 'note', in: 'query', schema: s.NoteInput, text: { zh: '备注', en: 'a note' } },
    ],
    reply: { kind: 'envelope', message: s.JournalRow },
    errors: [...GUARD_ERRORS, ...BROWSER_EFFECT_ERRORS, 'not_found', 'invalid_settlement', 'not_settleable', 'journal_unavailable'],
  },
  {
    path: '/events', methods: ['get'], tag: 'events',
    summary: { zh: '委托事件推送（SSE）', en: 'order events (Server-Sent Events)' },
    description: {
      zh: '委托的每一步（order.received、sent、accepted、rejected、unknown、not_sent、abandoned、settled）和客户端里的成交、撤单（order.partially_filled、filled、cancelled、partially_cancelled），以 Server-Sent Events 推送；每个事件的 id 是委托日志里的编号。带 Last-Event-ID 续传（先从日志补发，再推新的，不丢不重）；不带时从现在开始，since=today 补发今天的。每 15 秒一行心跳注释。只接受 GET。见 docs/events.md。',
      en: 'Every step of an order (order.received, sent, accepted, rejected, unknown, not_sent, abandoned, settled) and the fills and cancels the client shows (order.partially_filled, filled, cancelled, partially_cancelled), as Server-Sent Events; each event\'s id is its journal id. Resume with Last-Event-ID (the journal\'s backlog first, then live, no gap, none twice); without it the stream starts now, since=today replays today\'s. A heartbeat comment every 15 s. GET only. See docs/events.md.',
    },
    params: [
      { name: 'Last-Event-ID', in: 'header', schema: z.string().regex(/^\d+$/), text: { zh: '收到的最后一个事件的 id：从它之后续传', en: 'the id of the last event received: resume after it' } },
      { name: 'last_event_id', in: 'query', schema: z.string().regex(/^\d+$/), text: { zh: '同 Last-Event-ID（两者都有时以请求头为准）', en: 'as Last-Event-ID (the header wins when both are given)' } },
      { name: 'since', in: 'query', schema: z.enum(['today']), text: { zh: 'today：先补发今天（北京时间）的全部事件；不传表示从现在开始', en: 'today: first replay today\'s (Beijing) events; absent: from now' } },
    ],
    reply: { kind: 'content', contentType: 'text/event-stream', text: { zh: '事件流：每个事件是 id、event（类型）和 data（JSON：id、type、at、data）三行', en: 'the stream: each event as id, event (its type) and data (JSON: id, type, at, data)' } },
    errors: [...GUARD_ERRORS, 'invalid_event_id', 'journal_unavailable'],
  },
  {
    path: '/mcp', methods: ['post'], tag: 'mcp',
    summary: { zh: '智能体工具 MCP（streamable HTTP）', en: 'MCP tools for AI agents (streamable HTTP)' },
    description: {
      zh: '给 AI 代理的 MCP 服务（JSON-RPC 2.0，无会话，只接受 POST）：查询工具 get_balance、get_positions、get_orders、get_trades、get_health，--mcp-trading 时另有 place_order、cancel_order。用 MCP 客户端连接，见 docs/mcp.md。',
      en: 'The MCP server for AI agents (JSON-RPC 2.0, stateless, POST only): the read tools get_balance, get_positions, get_orders, get_trades, get_health, and with --mcp-trading place_order and cancel_order. Connect with an MCP client; see docs/mcp.md.',
    },
    when: { zh: '只在设置了访问令牌时提供（没有令牌时 404）', en: 'only when an access token is set (404 without one)' },
    params: [],
    reply: { kind: 'content', contentType: 'application/json', text: { zh: 'MCP 的 JSON-RPC 应答', en: 'the MCP JSON-RPC answer' } },
    errors: [...GUARD_ERRORS, 'not_found'],
  },
  {
    path: '/openapi.json', methods: ['get'], tag: 'meta',
    summary: { zh: '本接口描述（OpenAPI 3.1）', en: 'this API description (OpenAPI 3.1)' },
    description: { zh: '由路由表生成的 OpenAPI 3.1 文档，可用来生成客户端；不需要访问令牌。', en: 'The OpenAPI 3.1 document generated from the route table, for generating clients; no token needed.' },
    params: [], reply: { kind: 'content', contentType: 'application/json', text: { zh: 'OpenAPI 3.1 文档', en: 'the OpenAPI 3.1 document' } },
    errors: DOCS_ERRORS,
  },
  {
    path: '/docs', methods: ['get'], tag: 'meta',
    summary: { zh: '交互式接口文档（本页）', en: 'interactive API docs (this page)' },
    description: { zh: 'Swagger UI，文件来自 npm 包 swagger-ui-dist（/docs/assets/），离线可用；不需要访问令牌。', en: 'Swagger UI served from the swagger-ui-dist package (/docs/assets/), works offline; no token needed.' },
    params: [], reply: { kind: 'content', contentType: 'text/html', text: { zh: 'HTML 页面', en: 'an HTML page' } },
    errors: DOCS_ERRORS,
  },
  {
    path: '/', methods: ['get'], tag: 'meta',
    summary: { zh: '状态页（浏览器打开）', en: 'the status page (open it in a browser)' },
    description: {
      zh: '只读的状态页：工作进程与客户端、今日委托（结果未知的标出并给出对账命令）、最近的错误、安全设置，每 3 秒从 /status.json 刷新。页面本身不含账户数据、不需要令牌；设置了令牌时它请你输入令牌（只存在本标签页，作为 X-Ths-Token 请求头发送）。见 docs/status-page.md。',
      en: 'The read-only status page: worker and client, today\'s orders (unknown ones highlighted with how to settle them), last errors, security; refreshed from /status.json every 3 s. The page holds no account data and needs no token; with a token set it asks for it (kept in the tab, sent as X-Ths-Token). See docs/status-page.md.',
    },
    params: [], reply: { kind: 'content', contentType: 'text/html', text: { zh: 'HTML 页面（内联样式和脚本，按哈希写进 Content-Security-Policy）', en: 'an HTML page (inline style and script, allowed by hash in its Content-Security-Policy)' } },
    errors: DOCS_ERRORS,
  },
  {
    path: '/status.json', methods: ['get'], tag: 'meta',
    summary: { zh: '状态页的数据', en: 'the status page\'s data' },
    description: {
      zh: '状态页显示的全部内容：worker、server、journal、orders（今日委托；结果未知且未对账的 unsettled 为 true，settle 给出核对说明和两条 POST /journal/{id}/settle 命令）、unsettled、errors、security（是否设置了令牌，从不包括令牌本身）。只读。',
      en: 'Everything the status page shows: worker, server, journal, orders (today\'s; an unsettled unknown one has unsettled: true and settle: what to check and the two POST /journal/{id}/settle calls), unsettled, errors, security (whether a token is set, never the token). Read-only.',
    },
    params: [],
    reply: {
      kind: 'envelope',
      message: z.object({
        at: z.string(), day: z.string().describe('北京时间的今天。today, Beijing date'), refresh_ms: z.int(),
        worker: z.record(z.string(), z.unknown()), server: z.record(z.string(), z.unknown()), journal: z.record(z.string(), z.unknown()).nullable(),
        orders: z.array(z.record(z.string(), z.unknown())).nullable().describe('没有委托日志时为 null。null without a journal'),
        unsettled: z.int(), errors: z.array(z.object({ where: z.string(), at: z.string().nullable(), text: z.string() })),
        security: z.object({ token_required: z.boolean(), token_in_query: z.boolean(), allow_hosts: z.array(z.string()), allow_origins: z.array(z.string()), dry_run: z.boolean(), risk: z.record(z.string(), z.unknown()).nullable() }),
      }),
    },
    errors: GUARD_ERRORS,
  },
  {
    path: '/accounts', methods: GET_POST, tag: 'meta',
    summary: { zh: '账户列表', en: 'accounts' },
    description: {
      zh: '这台服务管理的账户（每个一个客户端）：号码、名称、类型（cash 普通 / credit 信用）和工作进程状态，按配置顺序。有多个账户时（或用 --discover 时），其他接口都要用 account 参数（号码或名称）指明账户。--discover 时每项还有 shareholders 和 client，找到却认不出的交易窗口也列出（account 为 null，unidentified 说明原因）。',
      en: 'The accounts this server drives, one client each: number, name, type (cash / credit) and worker state, in the order configured. With several (or --discover), every other account route needs account= (a number or a name). With --discover each also has shareholders and client, and a trading window found but not told apart is listed too (account null, why in unidentified).',
    },
    params: [],
    reply: {
      kind: 'envelope',
      message: z.array(z.object({
        account: z.string().nullable(), name: z.string().nullable(), type: z.enum(['cash', 'credit']).nullable(),
        worker: z.object({ state: z.string(), pid: z.int().nullable(), window_found: z.boolean().nullable() }).nullable(),
        shareholders: z.array(z.string()).optional().describe('--discover：识别出这个账户的股东帐户。the shareholder accounts that told it apart'),
        client: z.object({ pid: z.int(), open: z.boolean(), exe: z.string().nullable().optional(), title: z.string().optional() }).optional().describe('--discover：客户端的进程和交易窗口是否还在。its client\'s process and whether its window is there'),
        unidentified: z.string().optional().describe('--discover：这个交易窗口为什么还不是账户。why this window is no account (yet)'),
        tried_at: z.string().optional().describe('--discover：上次尝试识别的时间。when it was last tried'),
      })),
    },
    errors: GUARD_ERRORS,
  },
] satisfies RouteEntry[]).map((r) => (isAccountPath(r.path.replace(/\{(\w+)\}/g, ':$1')) ? { ...r, errors: [...r.errors, ...ACCOUNT_ERRORS] } : r));
