// http.ts - MCP's streamable HTTP transport at /mcp, mounted on the main HTTP app after every guard (Host, Origin,
// token): stateless, a fresh MCP server and transport per POST, plain JSON answers. Offered only when an access token
// is set: without one, /mcp is a 404 that says so.
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { NextFunction, Request, Response } from 'express';
import { GatewayError } from '../core/errors.ts';
import type { AccountDoor } from '../trading/accounts.ts';
import type { Trading } from '../trading/trading.ts';
import { buildMcpServer, type McpOptions } from './server.ts';

/** The path MCP is served at on the main port. */
export const MCP_PATH = '/mcp';

/** Express handler for /mcp (any other path passes on); `tokenSet`: an access token is configured. */
export function mcpHttpHandler(trading: Trading | readonly AccountDoor[], opts: McpOptions & { tokenSet: boolean }): (req: Request, res: Response, next: NextFunction) => Promise<void> {
  const log = opts.logger.child({ component: 'mcp' });
  return async (req, res, next) => {
    if (req.path !== MCP_PATH) {
      next();
      return;
    }
    if (!opts.tokenSet) {
      throw new GatewayError('not_found', `${MCP_PATH} 只在设置了访问令牌（--token-file 或 THS_TOKEN）时提供：MCP 客户端在请求头 Authorization: Bearer <令牌> 中带上它；本机的 MCP 客户端也可以用 npm run --silent mcp（stdio，不需要令牌）。(MCP over HTTP needs an access token: set one, or use stdio, npm run --silent mcp)`);
    }
    if (req.method !== 'POST') {
      // Stateless: no session to resume (GET) or end (DELETE); the SDK's client takes 405 as "no stream".
      res.setHeader('Allow', 'POST');
      throw new GatewayError('method_not_allowed', `${MCP_PATH} 只接受 POST（MCP streamable HTTP，无会话），收到 ${req.method}。(only POST: stateless MCP)`);
    }
    const server = buildMcpServer(trading, opts, req.socket.remoteAddress ?? 'mcp');
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    // The call's signal aborts when the caller goes away first: an order still queued is then dropped, never sent.
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (err) {
      log.error({ err }, 'MCP request failed');
      if (!res.headersSent) throw new GatewayError('internal', '服务内部错误，详情见日志。(internal error; see the log)');
    }
  };
}
