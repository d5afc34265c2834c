// tool-spec.ts - what one MCP tool is made of (name, Chinese and English title and description, described fields,
// what it does) and its registration on an McpServer: unknown argument names refused, failures as error results.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { inputSchema, refuseUnknown } from './args.ts';
import { answer } from './results.ts';

export interface ToolSpec {
  name: string;
  /** Chinese / English. */
  title: string;
  /** Chinese first, then English. */
  description: string;
  /** The arguments (args.ts `field`): described for the agent, parsed by `run`. */
  fields: Record<string, z.ZodType>;
  /** The arguments the agent must give (listed in the schema; `run` checks them). */
  required?: readonly string[];
  /** Whether the tool changes the account (place, cancel): read-only tools say they are. */
  changesAccount?: boolean;
  /** The tool's work; `signal` aborts when the call is cancelled or its connection closes (a queued command is dropped). */
  run(args: Readonly<Record<string, unknown>>, signal: AbortSignal): Promise<CallToolResult>;
}

/** Registers `spec` on `server`; a bug inside a tool is logged through `onBug` and answered as `internal`. */
export function registerTool(server: McpServer, spec: ToolSpec, onBug: (err: unknown, tool: string) => void): void {
  const annotations: ToolAnnotations = spec.changesAccount === true
    ? { title: spec.title, readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true }
    : { title: spec.title, readOnlyHint: true, openWorldHint: true };
  const known = Object.keys(spec.fields);
  server.registerTool(spec.name, { title: spec.title, description: spec.description, inputSchema: inputSchema(spec.fields, spec.required), annotations }, (args: unknown, extra) => {
    const given = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
    return answer(async () => {
      refuseUnknown(given, known, spec.name);
      return spec.run(given, extra.signal);
    }, (err) => onBug(err, spec.name));
  });
}
