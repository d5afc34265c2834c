// stdio.ts - MCP over this process's stdin and stdout (npm run --silent mcp): stdout carries only the protocol (the
// logger writes to stderr in this mode), and the server ends when the MCP client closes stdin.
import type { Readable, Writable } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { AccountDoor } from '../trading/accounts.ts';
import type { Trading } from '../trading/trading.ts';
import { buildMcpServer, type McpOptions } from './server.ts';

/** What the journal records as the caller of orders placed over stdio. */
export const STDIO_CALLER = 'mcp-stdio';

export interface StdioMcp {
  /** Resolves when the client has closed stdin (time to shut down). */
  ended: Promise<void>;
  close(): Promise<void>;
}

/** Serves MCP on stdin / stdout over `trading`. */
export async function serveStdio(trading: Trading | readonly AccountDoor[], opts: McpOptions, stdin: Readable = process.stdin, stdout: Writable = process.stdout): Promise<StdioMcp> {
  const server = buildMcpServer(trading, opts, STDIO_CALLER);
  const transport = new StdioServerTransport(stdin, stdout);
  const ended = new Promise<void>((resolve) => {
    stdin.once('end', () => resolve());
    stdin.once('close', () => resolve());
  });
  await server.connect(transport);
  return { ended, close: () => server.close() };
}
