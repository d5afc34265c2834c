// server.ts - one MCP server over the trading core: the read tools always, place_order and cancel_order only when
// trading over MCP is enabled (--mcp-trading); without it they are not even listed.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Logger } from 'pino';
import type { Trading } from '../trading/trading.ts';
import { readTools } from './read-tools.ts';
import { registerTool } from './tool-spec.ts';
import { tradeTools } from './trade-tools.ts';

export interface McpOptions {
  /** Offer place_order and cancel_order (--mcp-trading); read-only otherwise. */
  trading: boolean;
  /** The gateway's version, told to the client at initialization. */
  version: string;
  logger: Logger;
}

const INSTRUCTIONS = 'ths-http-trader：同花顺交易客户端的本地网关。查询用 get_balance、get_positions、get_orders、get_trades、get_health；'
  + '下单和撤单（只在服务以 --mcp-trading 启动时提供）必须带 idempotency_key，重试同一笔时用同一个键；结果未知时不要换键重下，先用 get_orders 核对。\n'
  + 'ths-http-trader: a local gateway to the Tonghuashun trading client. Read with get_balance, get_positions, get_orders, get_trades, get_health; '
  + 'place_order and cancel_order (offered only when the server runs with --mcp-trading) need an idempotency_key, reused when retrying the same order; on an unknown outcome never retry with a new key: check get_orders first.';

/** A new MCP server with the tools over `trading`; `caller` is what the journal records for its orders. */
export function buildMcpServer(trading: Trading, opts: McpOptions, caller: string): McpServer {
  const server = new McpServer({ name: 'ths-http-trader', title: 'ths-http-trader 同花顺下单网关', version: opts.version }, { instructions: INSTRUCTIONS });
  const log = opts.logger.child({ component: 'mcp' });
  const onBug = (err: unknown, tool: string): void => log.error({ err, tool }, 'unexpected error in an MCP tool');
  const tools = [...readTools(trading, opts.trading), ...(opts.trading ? tradeTools(trading, caller) : [])];
  for (const t of tools) registerTool(server, t, onBug);
  return server;
}
