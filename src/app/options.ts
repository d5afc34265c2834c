// options.ts - every configuration option, once: its flag, environment variable, type, default and help (English
// for --help, Chinese for the docs). The parser, --help, the startup errors and docs/configuration.md come from it.
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_KEEPALIVE_MINUTES } from '../bridge/keepalive.ts';
import { DEFAULT_EVENTS_INTERVAL_MS, MAX_EVENTS_INTERVAL_MS, MIN_EVENTS_INTERVAL_MS } from '../trading/order-watch.ts';

export type OptionType = 'string' | 'number' | 'switch' | 'on-off' | 'list' | 'enum';

export interface OptionSpec {
  /** The flag without dashes. */
  readonly flag: string;
  /** The flag's argument in help, e.g. PORT (switches have none). */
  readonly arg?: string;
  readonly short?: string;
  /** The environment variable (none for --help). */
  readonly env?: string;
  readonly type: OptionType;
  readonly values?: readonly string[];
  /** An enum read in any case (`--backend SIM`). */
  readonly anyCase?: boolean;
  /** The default as text (help and docs); `defaultValue` computes it when it depends on the machine or on other options. */
  readonly defaultText: string;
  readonly defaultValue?: (chosen: Readonly<Record<string, unknown>>, env: NodeJS.ProcessEnv, platform: NodeJS.Platform) => string | undefined;
  readonly help: string;
  readonly zh: string;
  /** Test hooks: parsed like the rest, left out of --help (listed in the docs). */
  readonly hidden?: boolean;
}

/** The per-user application data folder of this OS. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return path.join(env['LOCALAPPDATA'] ?? path.join(os.homedir(), 'AppData', 'Local'), 'ths-http-trader');
  if (platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'ths-http-trader');
  return path.join(env['XDG_DATA_HOME'] ?? path.join(os.homedir(), '.local', 'share'), 'ths-http-trader');
}

/** The options, in --help order; keys are the config's property names. */
export const OPTIONS = {
  host: { flag: 'host', arg: 'HOST', env: 'THS_HOST', type: 'string', defaultText: '127.0.0.1', defaultValue: () => '127.0.0.1', help: 'listen address', zh: '监听地址；不是本机地址（如 `0.0.0.0`）时必须同时设置令牌，否则不启动' },
  port: { flag: 'port', arg: 'PORT', env: 'THS_PORT', type: 'number', defaultText: '8888', defaultValue: () => '8888', help: 'listen port', zh: '监听端口' },
  easytraderPort: {
    flag: 'easytrader-port', arg: 'PORT', env: 'THS_EASYTRADER_PORT', type: 'number', defaultText: '—',
    help: 'also serve easytrader\'s remote protocol on this port (usually 1430), same host, token and guards; off unless set (docs/easytrader.md)',
    zh: '在这个端口上另外提供 easytrader 的远程协议（通常是 `1430`），监听地址、令牌和各项防护与主端口相同；不设置就不开（见 [easytrader](easytrader.md)）',
  },
  backend: {
    flag: 'backend', arg: 'win32|sim', env: 'THS_BACKEND', type: 'enum', values: ['win32', 'sim'], anyCase: true, defaultText: 'win32 on Windows, sim elsewhere',
    defaultValue: (_c, _e, platform) => (platform === 'win32' ? 'win32' : 'sim'), help: 'the real client via user32, or the simulated client', zh: '真实客户端（user32）或模拟客户端；默认 Windows 上 `win32`，其他系统 `sim`',
  },
  dataDir: {
    flag: 'data-dir', arg: 'DIR', env: 'THS_DATA_DIR', type: 'string', defaultText: 'the per-user application data folder',
    defaultValue: (_c, env, platform) => defaultDataDir(env, platform), help: 'where state, the journal and logs live', zh: '状态文件和委托日志所在（默认每用户应用数据目录：Windows `%LOCALAPPDATA%\\ths-http-trader`，Linux `~/.local/share/ths-http-trader`）',
  },
  simStates: {
    flag: 'sim-state', arg: 'FILE', env: 'THS_SIM_STATE', type: 'list', defaultText: '<data-dir>/sim-state.json',
    help: 'simulated account state (created from the sample); repeatable: one simulated client, one account, per file (docs/accounts.md)',
    zh: '模拟账户状态文件；不存在时从 `ps/sim/sample-state.json` 复制（样例本身不会被修改）。可重复：每个文件一个模拟客户端、一个账户（见[多账户](accounts.md)）；环境变量用逗号分隔',
  },
  clients: {
    flag: 'client', arg: 'ACCOUNT=EXE', env: 'THS_CLIENTS', type: 'list', defaultText: 'the first trading window found',
    help: 'win32: drive the trading window of this xiadan.exe (full path) as account ACCOUNT; repeatable: several clients on one PC (docs/accounts.md)',
    zh: 'win32：把运行这个 xiadan.exe（完整路径）的交易窗口作为账户 ACCOUNT 驱动，如 `gj=C:\\同花顺\\国金\\xiadan.exe`；可重复：一台电脑上的多个客户端（见[多账户](accounts.md)）；环境变量用逗号分隔',
  },
  discover: {
    flag: 'discover', env: 'THS_DISCOVER', type: 'switch', defaultText: 'off',
    help: 'win32: drive every trading window of the desktop, each as the account its shareholder numbers (股东帐户) name; a client opened later is noticed (docs/accounts.md)',
    zh: 'win32：驱动桌面上的每个交易窗口，每个窗口是它的股东帐户所指的账户；之后打开的客户端也会被发现（见[多账户](accounts.md)）',
  },
  powershell: { flag: 'powershell', arg: 'PATH', env: 'THS_POWERSHELL', type: 'string', defaultText: 'pwsh on PATH, .tools/pwsh-direct or .tools/pwsh, Windows PowerShell', help: 'PowerShell to run the worker', zh: '运行工作进程的 PowerShell（默认依次：PATH 上的 `pwsh`、项目的 `.tools/pwsh-direct`（`npm run setup` 写的启动脚本：同一个 pwsh，只用一个进程）或 `.tools/pwsh`、Windows 的 `powershell.exe`）' },
  logLevel: {
    flag: 'log-level', arg: 'LEVEL', env: 'THS_LOG_LEVEL', type: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], defaultText: 'info',
    defaultValue: () => 'info', help: 'fatal|error|warn|info|debug|trace|silent', zh: '日志级别：`fatal`…`trace`、`silent`',
  },
  logFile: { flag: 'log-file', arg: 'FILE', env: 'THS_LOG_FILE', type: 'string', defaultText: '—', help: 'also write JSON logs to FILE', zh: '另写一份 JSON 日志' },
  token: { flag: 'token', arg: 'TOKEN', env: 'THS_TOKEN', type: 'string', defaultText: '—', help: 'require this access token on every request (at least 16 characters)', zh: '访问令牌（至少 16 个字符，不含空格）；设置后每个请求都要带上' },
  tokenFile: { flag: 'token-file', arg: 'FILE', env: 'THS_TOKEN_FILE', type: 'string', defaultText: '—', help: 'read the token from FILE instead (keeps it out of the process list)', zh: '从文件读取令牌（推荐：令牌不会出现在进程列表里）' },
  tokenInQuery: { flag: 'token-in-query', env: 'THS_TOKEN_IN_QUERY', type: 'switch', defaultText: 'off', help: 'also accept the token as a token= query parameter (it then shows in history, Referer and logs)', zh: '也接受放在查询字符串里的令牌 `token=`（令牌会留在浏览历史、Referer 和日志里；默认只接受请求头和请求体）' },
  allowHosts: { flag: 'allow-host', arg: 'NAME', env: 'THS_ALLOW_HOSTS', type: 'list', defaultText: '—', help: 'also accept this Host name, any port; repeatable (env: comma-separated)', zh: '额外接受的 `Host` 名或地址（不带端口，任何端口都接受），可重复；环境变量用逗号分隔' },
  allowOrigins: { flag: 'allow-origin', arg: 'ORIGIN', env: 'THS_ALLOW_ORIGINS', type: 'list', defaultText: '—', help: 'let web pages from this origin call, with CORS headers; repeatable', zh: '允许调用本服务的网页来源（如 `http://192.168.1.5:3000`），只对它们发送 CORS 头，可重复；环境变量用逗号分隔' },
  riskConfig: { flag: 'risk-config', arg: 'FILE', env: 'THS_RISK_CONFIG', type: 'string', defaultText: '—', help: 'risk limits, JSON (docs/security.md)', zh: '风控限制（JSON，见 [安全](security.md)）' },
  dryRun: { flag: 'dry-run', env: 'THS_DRY_RUN', type: 'switch', defaultText: 'off', help: 'validate, check and answer orders, cancels, IPO subscriptions and refreshes without sending them to the client', zh: '演练：委托、撤单、新股申购和刷新都只校验、风控并回答，不发往客户端；桥接层也拒绝一切会改变客户端的命令；保活刷新关闭（环境变量 `THS_DRY_RUN=1`）' },
  mcpStdio: {
    flag: 'mcp-stdio', type: 'switch', defaultText: 'off',
    help: 'also serve MCP on stdin / stdout, logs to stderr (npm run --silent mcp; docs/mcp.md)',
    zh: '同时在标准输入 / 输出上提供 MCP（AI 智能体的工具协议），日志改写到标准错误；`npm run --silent mcp` 就是它（见 [MCP](mcp.md)）',
  },
  mcpTrading: {
    flag: 'mcp-trading', env: 'THS_MCP_TRADING', type: 'switch', defaultText: 'off',
    help: 'offer the MCP tools place_order and cancel_order (read-only tools only without it)',
    zh: 'MCP 另外提供下单和撤单工具 `place_order`、`cancel_order`（不设置时只有查询工具，下单工具根本不列出）',
  },
  unsettledGuard: {
    flag: 'unsettled-guard', arg: 'on|off', env: 'THS_UNSETTLED_GUARD', type: 'on-off', defaultText: 'on', defaultValue: () => 'on',
    help: 'refuse a new order on a code and side whose earlier order has an unknown outcome until it is reconciled', zh: '同代码同方向有结果未知的委托时，对账前拒绝新委托（409 `unsettled_order`）',
  },
  duplicateWindow: {
    flag: 'duplicate-window', arg: 'SECONDS', env: 'THS_DUPLICATE_WINDOW', type: 'number', defaultText: '10', defaultValue: () => '10',
    help: 'refuse an identical keyless order from the same caller while one is in flight and this long after it finished; 0 = in flight only', zh: '同一调用方不带幂等键的相同委托（方向、代码、价格、数量）在上一笔执行中、以及执行完后这么多秒内被拒绝（409 `duplicate_in_flight`）；`0` 只在执行中拒绝',
  },
  keepaliveMinutes: {
    flag: 'keepalive-minutes', arg: 'N', env: 'THS_KEEPALIVE_MINUTES', type: 'number', defaultText: String(DEFAULT_KEEPALIVE_MINUTES), defaultValue: () => String(DEFAULT_KEEPALIVE_MINUTES),
    help: 'refresh the client after N idle minutes, fractions allowed; 0 = off', zh: '空闲 N 分钟后刷新客户端（保活，可以是小数），`0` 关闭',
  },
  eventsInterval: {
    flag: 'events-interval', arg: 'MS', env: 'THS_EVENTS_INTERVAL', type: 'number', defaultText: String(DEFAULT_EVENTS_INTERVAL_MS), defaultValue: () => String(DEFAULT_EVENTS_INTERVAL_MS),
    help: `while an order of today is open, read today's orders every MS ms for fills and cancels (GET /events, webhooks); ${String(MIN_EVENTS_INTERVAL_MS)}-${String(MAX_EVENTS_INTERVAL_MS)}, 0 = off`,
    zh: `有未完结的当日委托时，每隔这么多毫秒读一次当日委托，发现成交、撤单就记成事件（\`GET /events\`、webhook，见[事件](events.md)）；没有未完结的委托时不读；${String(MIN_EVENTS_INTERVAL_MS)}-${String(MAX_EVENTS_INTERVAL_MS)}，\`0\` 关闭`,
  },
  webhooks: {
    flag: 'webhook', arg: 'URL', env: 'THS_WEBHOOKS', type: 'list', defaultText: '—',
    help: 'POST every order event to this http(s) URL, at least once, retried with backoff; repeatable (env: comma-separated)',
    zh: '把每个委托事件 POST 到这个 http(s) 网址：至少一次，失败按退避重试，每次投递记在委托日志里；可重复；环境变量用逗号分隔（见[事件](events.md)）',
  },
  resultDisplay: {
    flag: 'result-display', arg: 'popup|toast', env: 'THS_RESULT_DISPLAY', type: 'enum', values: ['popup', 'toast'], anyCase: true, defaultText: 'popup', defaultValue: () => 'popup',
    help: 'toast: the client runs in quick-trade mode (a successful order shows no popup); a buy / sell without a popup is confirmed from today\'s orders',
    zh: '`toast`：客户端开了快速交易模式（委托成功不弹窗，只有读不到的提示条）：结果弹窗只等 2 秒，没有弹窗的买卖到当日委托里确认（回答带 `confirmed_by: "orders"`）；默认 `popup`',
  },
  standby: {
    flag: 'standby', arg: 'on|off', env: 'THS_STANDBY', type: 'on-off', defaultText: 'on', defaultValue: () => 'on',
    help: 'keep a second, idle worker ready to take over at once when the active one dies or is killed (costs one more PowerShell process)',
    zh: '备用工作进程：另开一个空闲的 PowerShell（已加载代码，不碰客户端），当前工作进程崩溃或超时被杀时立即接替，不用等冷启动；内存紧张的电脑可以 `off`（多占一个 PowerShell 进程的内存，见 `npm run bench`）',
  },
  profilePort: {
    flag: 'profile-port', env: 'THS_PROFILE_PORT', type: 'switch', defaultText: 'off',
    help: 'the worker times its window-port calls; each command logs (debug) its port calls, time inside them and its own time',
    zh: '工作进程统计窗口接口调用：每条命令在 debug 日志里记下调用次数、调用内的耗时和工作进程自身的耗时（`npm run bench` 用它拆分耗时）',
  },
  exportDir: { flag: 'export-dir', arg: 'DIR', env: 'THS_EXPORT_DIR', type: 'string', defaultText: 'the temp folder', help: 'where the grid export fallback (captcha builds) writes its files, deleted once read', zh: '需要验证码的版本改用导出时，导出文件写在这里（读完即删）；默认临时目录' },
  testPauseAt: { flag: 'test-pause-at', arg: 'EVENT', env: 'THS_TEST_PAUSE_AT', type: 'enum', values: ['submitting', 'submitted', 'answered'], defaultText: '—', hidden: true, help: 'test hook: the worker pauses (bounded) right after this protocol event', zh: '测试钩子：工作进程在这个协议事件之后暂停（有上限），崩溃测试用' },
  testJournalMaxPages: { flag: 'test-journal-max-pages', arg: 'N', env: 'THS_TEST_JOURNAL_MAX_PAGES', type: 'number', defaultText: '—', hidden: true, help: 'test hook: cap the journal file at N pages, so a write fails as on a full disk', zh: '测试钩子：把委托日志文件限制在 N 页，写入会像磁盘已满一样失败' },
  testAbsentAfterMs: { flag: 'test-absent-after-ms', arg: 'MS', env: 'THS_TEST_ABSENT_AFTER_MS', type: 'number', defaultText: '—', hidden: true, help: 'test hook: reconciliation may call an order absent this many ms (not 60 s) after its outcome became unknown', zh: '测试钩子：对账在结果未知之后这么多毫秒（而不是 60 秒）就可以判定委托不存在，端到端测试用' },
  help: { flag: 'help', short: 'h', type: 'switch', defaultText: '—', help: 'this text', zh: '显示帮助' },
} as const satisfies Record<string, OptionSpec>;

export type OptionKey = keyof typeof OPTIONS;

/** The --help text, from the table. */
export function usage(): string {
  const lines = ['用法 / usage: ths-http-trader [options]   (npm start -- [options])'];
  for (const spec of Object.values(OPTIONS) as OptionSpec[]) {
    if (spec.hidden) continue;
    const left = `${spec.short ? `-${spec.short}, ` : ''}--${spec.flag}${spec.arg ? ` ${spec.arg}` : ''}`;
    const env = spec.env ? `${spec.env}${spec.defaultText === '—' ? '' : ', '}` : '';
    const def = spec.defaultText === '—' ? '' : `default ${spec.defaultText}`;
    const paren = env || def ? ` (${env}${def})` : '';
    lines.push(`  ${left.padEnd(26)}${spec.help}${paren}`);
  }
  return lines.join('\n');
}

/** The options table of docs/configuration.md, from the table (a test keeps the page equal to it). */
export function optionsMarkdown(): string {
  const rows = ['| 选项 option | 环境变量 env | 类型 type | 默认 default | 说明 description |', '|---|---|---|---|---|'];
  for (const spec of Object.values(OPTIONS) as OptionSpec[]) {
    const flag = `\`${spec.short ? `-${spec.short}, ` : ''}--${spec.flag}${spec.arg ? ` ${spec.arg}` : ''}\``.replace(/\|/g, '\\|');
    const env = spec.env ? `\`${spec.env}\`` : '—';
    const type = spec.values ? spec.values.join(' \\| ') : spec.type;
    const def = spec.defaultText === '—' ? '—' : `\`${spec.defaultText}\``;
    const text = `${spec.zh}${spec.hidden ? '（测试用，不在 --help 中）' : ''}（${spec.help}）`.replace(/\|/g, '\\|');
    rows.push(`| ${flag} | ${env} | ${type} | ${def} | ${text} |`);
  }
  return rows.join('\n');
}
