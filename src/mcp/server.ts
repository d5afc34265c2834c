// server.ts - one MCP server over the trading core: the read tools always, place_order and cancel_order only when
// trading over MCP is enabled (--mcp-trading); without it they are not even listed.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Logger } from 'pino';
import { listAccounts, pickAccount, ACCOUNT_PARAM, type AccountDoor } from '../trading/accounts.ts';
import type { Trading } from '../trading/trading.ts';
import { field } from './args.ts';
import type { ToolSpec } from './tool-spec.ts';
import { readTools } from './read-tools.ts';
import { registerTool } from './tool-spec.ts';
import { tradeTools } from './trade-tools.ts';

export interface McpOptions {
  /** Offer place_order and cancel_order (--mcp-trading); read-only otherwise. */
  trading: boolean;
  /** The gateway's version, told to the client at initialization. */
  version: string;
  logger: Logger;
  /** --discover: accounts are found while the server runs, so every tool takes `account`. */
  discover?: boolean | undefined;
}

const INSTRUCTIONS = 'ths-http-trader：同花顺交易客户端的本地网关。查询用 get_balance、get_positions、get_orders、get_trades、get_health；'
  + '下单和撤单（只在服务以 --mcp-trading 启动时提供）必须带 idempotency_key，重试同一笔时用同一个键；结果未知时不要换键重下，先用 get_orders 核对。\n'
  + 'ths-http-trader: a local gateway to the Tonghuashun trading client. Read with get_balance, get_positions, get_orders, get_trades, get_health; '
  + 'place_order and cancel_order (offered only when the server runs with --mcp-trading) need an idempotency_key, reused when retrying the same order; on an unknown outcome never retry with a new key: check get_orders first.';

/** The tools over one trading core. */
function toolsOver(trading: Trading, opts: McpOptions, caller: string): ToolSpec[] {
  return [...readTools(trading, opts.trading), ...(opts.trading ? tradeTools(trading, caller) : [])];
}

/** Stands for a trading core where only the tools' shapes are read (never run). */
const NO_CORE: unknown = Object.freeze({});

/**
 * With several accounts: each tool takes `account` (a number or a name, required) and runs the same tool over that
 * account's trading core (trading/accounts.ts answers account_required / unknown_account naming them).
 */
function toolsOverAccounts(doors: readonly AccountDoor[], opts: McpOptions, caller: string): ToolSpec[] {
  // Each account's tools, built when first called (with --discover accounts are added while the server runs).
  const perDoor = new Map<AccountDoor, Map<string, ToolSpec>>();
  const toolsOf = (d: AccountDoor): Map<string, ToolSpec> => {
    let tools = perDoor.get(d);
    if (!tools) {
      tools = new Map(toolsOver(d.trading, opts, caller).map((t) => [t.name, t]));
      perDoor.set(d, tools);
    }
    return tools;
  };
  const list = doors.length > 0 ? listAccounts(doors, ', ', ' (', ')') : 'GET /accounts';
  const accountField = field(['string', 'integer'], `账户号码或名称（必填，这台服务有多个账户：${list}）。(the account number or name; required, the server drives several: ${list})`);
  // A tool's name, text and fields do not depend on the trading core, only its run, which is replaced below: with no
  // account found yet (--discover) the shapes come from a core that is never called.
  const template = doors[0]?.trading ?? (NO_CORE as Trading);
  return toolsOver(template, opts, caller).map((t): ToolSpec => ({
    ...t,
    fields: { [ACCOUNT_PARAM]: accountField, ...t.fields },
    required: [ACCOUNT_PARAM, ...(t.required ?? [])],
    run: (args, signal) => {
      const door = pickAccount(doors, args[ACCOUNT_PARAM], opts.discover === true);
      const { [ACCOUNT_PARAM]: _account, ...rest } = args;
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- every door has every tool
      return toolsOf(door).get(t.name)!.run(rest, signal);
    },
  }));
}

/** A new MCP server with the tools over one trading core, or over several accounts' (each call names its account);
 * `caller` is what the journal records for its orders. */
export function buildMcpServer(accounts: Trading | readonly AccountDoor[], opts: McpOptions, caller: string): McpServer {
  const server = new McpServer({ name: 'ths-http-trader', title: 'ths-http-trader 同花顺下单网关', version: opts.version }, { instructions: INSTRUCTIONS });
  const log = opts.logger.child({ component: 'mcp' });
  const onBug = (err: unknown, tool: string): void => log.error({ err, tool }, 'unexpected error in an MCP tool');
  const doors = Array.isArray(accounts) ? (accounts as readonly AccountDoor[]) : undefined;
  // One account: its tools as they are (no `account`); with --discover always the several-account shape, since
  // accounts come and go while a session lasts.
  const only = doors?.length === 1 && opts.discover !== true ? doors[0] : undefined;
  const tools = doors === undefined ? toolsOver(accounts as Trading, opts, caller) : only ? toolsOver(only.trading, opts, caller) : toolsOverAccounts(doors, opts, caller);
  for (const t of tools) registerTool(server, t, onBug);
  return server;
}
