// errors.ts - the one error-code registry: code -> HTTP status -> default message (Chinese, then English) -> what it
// means for an order (refused by the client, outcome unknown, or nothing placed).

/**
 * What an error means for an order-type request, whatever front door it came through: `rejected`, a final answer
 * after the submit click that placed nothing (the client refused, or the worker answered 否 to a dialog);
 * `unknown`, the order may have reached the client; absent, nothing was sent to the client.
 */
export type ErrorOutcome = 'rejected' | 'unknown';

export interface ErrorSpec {
  readonly http: number;
  readonly zh: string;
  readonly en: string;
  readonly outcome?: ErrorOutcome;
}

export const ERRORS = {
  // Bad input: the worker is never called.
  missing_parameter: { http: 400, zh: '缺少必填参数', en: 'a required parameter is missing' },
  invalid_stock_code: { http: 400, zh: 'stock_code 格式不对', en: 'stock_code is not a valid A-share code' },
  invalid_price: { http: 400, zh: 'price 格式不对', en: 'price is not a valid price' },
  invalid_amount: { http: 400, zh: 'amount 格式不对', en: 'amount is not a positive integer or "max"' },
  duplicate_parameter: { http: 400, zh: '同一参数出现了多次', en: 'a parameter was given more than once' },
  invalid_body: { http: 400, zh: '请求体无法解析', en: 'the request body could not be parsed' },
  payload_too_large: { http: 413, zh: '请求体过大', en: 'the request body is too large' },
  not_found: { http: 404, zh: '没有这个接口', en: 'no such route' },
  method_not_allowed: { http: 405, zh: '此接口只接受 GET 和 POST', en: 'this route accepts GET and POST only' },
  invalid_encoding: { http: 400, zh: '参数编码不对（百分号编码、UTF-8 或字符集）', en: 'bad percent-encoding, invalid UTF-8 or a charset other than UTF-8' },
  invalid_rate: { http: 400, zh: 'rate 格式不对（逆回购的年化利率）', en: 'rate is not a valid annual rate (reverse repo)' },
  invalid_price_type: { http: 400, zh: 'price_type 不对，或该交易所没有这种委托方式', en: 'price_type is unknown or not offered by the code\'s exchange' },
  invalid_entrust_no: { http: 400, zh: 'entrust_no 格式不对', en: 'entrust_no is not a contract number' },
  invalid_scope: { http: 400, zh: 'scope 不对（all / buy / sell），或与 entrust_no 同时给出', en: 'scope is not all, buy or sell, or came with entrust_no' },
  unknown_parameter: { http: 400, zh: '不认识的参数（消息里给出最接近的参数名）', en: 'an unknown parameter (the message names the nearest known one)' },
  too_many_parameters: { http: 400, zh: '参数太多（最多 64 个）', en: 'more parameters than the 64 accepted' },
  market_rule: { http: 400, zh: '违反交易所规则（买入数量单位或价格档位），没有发往客户端', en: 'the order breaks an exchange rule (buy lot or price tick); not sent to the client' },
  not_cash_account: { http: 409, zh: '这是信用（融资融券）账户的交易客户端：国债逆回购要在普通账户里做，没有下单', en: 'the client is a credit account\'s: a reverse repo needs a cash account; nothing placed' },
  client_ambiguous: { http: 409, zh: '交易窗口里同时有普通账户和信用账户的菜单树，分不清委托会到哪个账户，没有下单', en: 'the trading window holds both a cash and a credit menu tree: which account an order reaches cannot be told; nothing placed' },
  not_credit_account: { http: 409, zh: '这个交易客户端不是信用（融资融券）账户，没有信用交易页面', en: 'the client is not a credit (margin) account: it has no credit pages' },
  sim_only: { http: 404, zh: '此接口只在模拟客户端（--backend sim）上存在', en: 'this route exists only with the simulated backend' },
  account_required: { http: 400, zh: '这台服务管理多个账户，请用 account 参数指明账户（消息里列出账户）', en: 'the server drives several accounts: name one with account= (the message lists them)' },
  unknown_account: { http: 400, zh: '没有这个账户（消息里列出账户）', en: 'no such account (the message lists them)' },
  invalid_event_id: { http: 400, zh: 'Last-Event-ID / last_event_id 不是本服务给出的事件 id', en: 'Last-Event-ID / last_event_id is not an event id this server gave' },

  // Refused for safety before any handler runs (src/http/guard.ts, src/http/token.ts): the worker is never called.
  host_not_allowed: { http: 403, zh: 'Host 不在允许列表中（防 DNS 重绑定）', en: 'the Host header is not on the allow-list (DNS rebinding)' },
  origin_not_allowed: { http: 403, zh: '来自网页的请求（Origin 不在允许列表中）', en: 'a browser request from an origin not on the allow-list' },
  cross_site_request: { http: 403, zh: '浏览器报告这是跨站请求（Sec-Fetch-Site）', en: 'the browser reports a cross-site or same-site request' },
  browser_request: { http: 403, zh: '浏览器发来的会改变账户的请求（链接、网页、预渲染）没有带访问令牌', en: 'a browser request (link, page, prerender) that would change the account, without the access token' },
  token_in_query: { http: 400, zh: '访问令牌放在了查询字符串里（会留在浏览历史和日志中）：请改用请求头，或用 --token-in-query 允许', en: 'the token was sent in the query string (it ends up in history and logs): send it in a header, or allow it with --token-in-query' },
  token_required: { http: 401, zh: '需要访问令牌', en: 'an access token is required' },
  token_invalid: { http: 401, zh: '访问令牌不正确', en: 'the access token is wrong' },

  // Refused by the risk limits (src/risk/limits.ts): nothing was sent; `limit` and `limit_value` say which and how much.
  risk_code_denied: { http: 403, zh: '证券在禁止列表 denied_codes 中', en: 'the stock is in denied_codes' },
  risk_code_not_allowed: { http: 403, zh: '证券不在允许列表 allowed_codes 中', en: 'the stock is not in allowed_codes' },
  risk_outside_hours: { http: 403, zh: '不在交易时段 trading_hours 内', en: 'outside trading_hours' },
  risk_max_shares: { http: 403, zh: '数量超过 max_shares_per_order', en: 'the amount exceeds max_shares_per_order' },
  risk_max_value: { http: 403, zh: '委托金额超过 max_order_value', en: 'the order value exceeds max_order_value' },
  risk_unverifiable: { http: 403, zh: '没有价格或 amount=max，无法检查数量或金额上限', en: 'no price or amount=max: the share or value limit cannot be checked' },
  risk_rate_limited: { http: 429, zh: '委托过于频繁，超过 max_orders_per_minute', en: 'more orders than max_orders_per_minute' },

  // The order journal and idempotency keys (src/journal): nothing was sent.
  invalid_idempotency_key: { http: 400, zh: '幂等键格式不对（1-64 个 A-Z a-z 0-9 _ . -）', en: 'the idempotency key is not 1-64 of A-Z a-z 0-9 _ . -' },
  idempotency_conflict: { http: 409, zh: '幂等键已用于参数不同的另一笔委托', en: 'the idempotency key was used for an order with other parameters' },
  idempotency_in_progress: { http: 409, zh: '同一幂等键的委托正在执行', en: 'the order with this idempotency key is still in progress' },
  duplicate_in_flight: { http: 409, zh: '同一调用方的相同委托正在执行或刚刚执行过：没有重复下单（确需再下一笔请带新的幂等键）', en: 'an identical order from the same caller is in flight or just finished: not placed again (send a new idempotency key to place another)' },
  request_abandoned: { http: 503, zh: '调用方在委托发出前断开了连接，委托没有发出', en: 'the caller disconnected before the command was sent; nothing was sent' },
  invalid_settlement: { http: 400, zh: '手工对账参数不对（settlement 应为 accepted 或 absent，accepted 须给 entrust_no）', en: 'the manual settlement is malformed (settlement accepted or absent; accepted needs entrust_no)' },
  not_settleable: { http: 409, zh: '这条日志不是结果未知、未对账的委托，不能手工对账', en: 'the journal row is not an unsettled order of unknown outcome' },
  dry_run_locked: { http: 403, zh: '演练模式（--dry-run）下工作进程不接受会改变客户端的命令', en: 'in dry-run mode the bridge refuses every command that changes the client' },
  unsettled_order: { http: 409, zh: '同代码同方向的上一笔委托结果未知，对账前不接受新委托', en: 'an earlier order on this code and side has an unknown outcome; new ones wait for reconciliation' },
  journal_unavailable: { http: 503, zh: '委托日志无法打开或写入，已停止下单', en: 'the order journal cannot be opened or written; orders are stopped' },
  order_absent: { http: 200, zh: '对账确认这笔委托没有进入客户端', en: 'reconciliation found the order absent from the client' },

  // The client answered: a broker / client refusal is an answer, HTTP 200 with status -1.
  client_warning: { http: 200, zh: '客户端弹出风险提示（价格偏离、风险警示股等），已回答“否”，没有下单', en: 'the client warned (price deviation, risk-warning stock, ...): answered No, nothing placed', outcome: 'rejected' },
  confirmation_mismatch: { http: 502, zh: '委托确认框的内容与请求不一致，已回答“否”，没有下单', en: 'the confirmation dialog did not show what was asked: answered No, nothing placed', outcome: 'rejected' },
  client_rejected: { http: 200, zh: '客户端拒绝了委托', en: 'the client refused the order', outcome: 'rejected' },
  system_clearing: { http: 200, zh: '券商系统正在清算中（系统正在清算中，请稍后重试！），没有下单：清算结束后再下', en: 'the broker\'s system is clearing (settlement): nothing was placed; send it again once clearing is over', outcome: 'rejected' },
  max_quantity_zero: { http: 200, zh: '客户端显示最大可交易数量为 0', en: 'the client shows a maximum quantity of 0', outcome: 'rejected' },
  ipo_not_offered: { http: 200, zh: '今日没有可申购的新股，或没有这只', en: 'no new shares to subscribe today, or not this one', outcome: 'rejected' },
  order_not_found: { http: 200, zh: '当日委托中没有这个合同编号', en: 'no order with this contract number today', outcome: 'rejected' },
  not_cancellable: { http: 200, zh: '委托已成交或已撤单，不能撤单', en: 'the order is already filled or cancelled', outcome: 'rejected' },
  nothing_to_cancel: { http: 200, zh: '没有可撤的委托（客户端：无可撤委托）', en: 'there is no open order to cancel', outcome: 'rejected' },
  cancel_ambiguous: { http: 409, zh: '该证券有多笔可撤委托，无法只按合同编号选中一笔，没有撤单', en: 'several open orders share the code; one cannot be selected by contract number, nothing was cancelled' },

  // The worker or the client is not there or not usable: nothing was sent.
  worker_unavailable: { http: 503, zh: 'PowerShell 工作进程未就绪', en: 'the PowerShell worker is not ready' },
  worker_failed: { http: 503, zh: 'PowerShell 工作进程反复崩溃，已暂停重启', en: 'the PowerShell worker keeps crashing; restarts are paused' },
  worker_crashed: { http: 503, zh: 'PowerShell 工作进程在执行中退出', en: 'the PowerShell worker exited during the command' },
  queue_full: { http: 503, zh: '请求排队已满', en: 'the command queue is full' },
  shutting_down: { http: 503, zh: '服务正在关闭', en: 'the server is shutting down' },
  client_not_found: { http: 503, zh: '没有找到同花顺交易窗口', en: 'the THS trading window was not found' },
  client_elevated: { http: 503, zh: '交易客户端以管理员身份运行，窗口消息被拦截', en: 'the client runs elevated; window messages are blocked' },
  client_not_responding: { http: 503, zh: '交易客户端没有响应', en: 'the client does not respond' },

  // The client's window did not behave as expected: nothing was submitted.
  menu_item_not_found: { http: 502, zh: '信用账户菜单树里没有这个页面的菜单项', en: 'the credit menu tree has no item for the page' },
  page_not_found: { http: 502, zh: '客户端页面没有出现', en: 'a client page did not appear' },
  control_not_found: { http: 502, zh: '客户端页面缺少控件', en: 'a control is missing on the client page' },
  field_rejected: { http: 502, zh: '客户端输入框没有接受输入', en: 'a client field did not take the text' },
  stock_not_recognised: { http: 502, zh: '客户端没有认出输入的证券代码（证券名称没有出现），没有下单', en: 'the client did not take the stock code (no stock name appeared); nothing was placed' },
  price_mode_stuck: { http: 502, zh: '客户端停在市价模式（价格标签 1400），点击后没有切回限价：限价委托没有下单', en: 'the client stayed in market mode (price label 1400) after the toggle was clicked; the limit order was not placed' },
  broker_disconnected: { http: 503, zh: '客户端与券商主站的连接断开（状态栏显示断开）：查询可能是旧数据，委托不发出', en: 'the client has lost its link to the broker (its status bar says so): reads could be stale, orders are not sent' },
  repo_unit_unknown: { http: 502, zh: '无法从客户端的最大可卖数量和可用金额判断逆回购的数量单位，没有下单', en: 'the client\'s quantity unit for the reverse repo could not be told from its max label and the available cash; nothing was placed' },
  label_timeout: { http: 502, zh: '客户端标签没有按时显示数值', en: 'a client label did not fill in time' },
  clipboard_failed: { http: 502, zh: '读取表格（剪贴板）失败', en: 'reading the grid through the clipboard failed' },
  captcha_failed: { http: 502, zh: '客户端要求验证码，无法识别，导出文件也需要验证码', en: 'the client demands a captcha that could not be read, for the export too' },
  export_failed: { http: 502, zh: '表格导出（另存为文件）失败', en: 'the save-to-file export of the grid failed' },
  worker_protocol: { http: 502, zh: 'PowerShell 工作进程的应答不合协议', en: 'the worker answered outside the protocol' },

  // Time ran out.
  broker_forward_failed: { http: 504, zh: '客户端报告“事务处理机转发数据失败”：委托可能已到券商，结果未知，正在对账，不要直接重试', en: 'the client said the transaction server failed to forward the order: it may have reached the broker; the outcome is unknown and is being reconciled; do not retry', outcome: 'unknown' },
  broker_begin_failed: { http: 504, zh: '客户端报告“Begin failed!”（与券商主站的会话没有开始）：委托结果未知，正在对账，不要直接重试', en: 'the client said Begin failed! (its session with the broker did not start): the outcome is unknown and is being reconciled; do not retry', outcome: 'unknown' },
  broker_send_failed: { http: 504, zh: '客户端报告“[主站]数据发送错误”：委托可能已到券商，结果未知，正在对账，不要直接重试', en: 'the client said sending to the broker\'s server failed: the order may have reached it; the outcome is unknown and is being reconciled; do not retry', outcome: 'unknown' },
  worker_timeout: { http: 504, zh: 'PowerShell 工作进程执行超时', en: 'the worker did not answer in time' },
  outcome_unknown: {
    http: 504,
    outcome: 'unknown',
    zh: '委托已发往客户端，但结果未知：请在客户端的当日委托里核对，不要直接重试',
    en: 'the order reached the client but its outcome is unknown: check today\'s orders in the client before retrying',
  },

  bad_request: { http: 500, zh: '工作进程不认识这条命令或它的参数（服务内部错误）', en: 'the worker refused the command or its arguments (an internal error)' },
  internal: { http: 500, zh: '服务内部错误', en: 'internal error' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** True when a string is a registered error code. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}

/** An error that maps to one registry code; `message` is what the caller reads (Chinese first). */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message?: string, opts: { field?: string; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message ?? `${ERRORS[code].zh} (${ERRORS[code].en})`, { cause: opts.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.field = opts.field;
    this.details = opts.details;
  }

  get http(): number {
    return ERRORS[this.code].http;
  }

  /** The fields a reply carries besides the code and message: the field named, then the details. */
  replyFields(): Record<string, unknown> {
    return { ...(this.field ? { field: this.field } : {}), ...this.details };
  }
}
