// args.ts - the tools' input schemas as the MCP SDK sees them: each field accepts any value and only describes its
// JSON type and meaning (Chinese, then English), so the SDK lets every value through and the tool itself parses it
// with the front doors' one schema (core/order.ts, core/cancel.ts): a bad value gets the same code and message as
// over HTTP. A name the tool does not take is refused (unknown_parameter), never ignored.
import { z } from 'zod';
import { GatewayError } from '../core/errors.ts';

type JsonType = 'string' | 'number' | 'integer' | 'boolean';

/** One described field: any value passes the SDK; the JSON schema shows `type`, the description and the choices. */
export function field(type: JsonType | readonly JsonType[], description: string, choices?: readonly string[]): z.ZodType {
  return z.unknown().optional().meta({ type: typeof type === 'string' ? type : [...type], description, ...(choices ? { enum: [...choices] } : {}) });
}

/** A tool's input schema: the fields, with `required` listed for the agent (each tool checks them itself). */
export function inputSchema(fields: Record<string, z.ZodType>, required: readonly string[] = []): z.ZodType {
  // Loose: unknown names reach the tool, which refuses them by name.
  return z.looseObject(fields).meta(required.length > 0 ? { required: [...required] } : {});
}

/** Throws unknown_parameter for the first argument name not in `known` (nearest name suggested by the list). */
export function refuseUnknown(args: Readonly<Record<string, unknown>>, known: readonly string[], tool: string): void {
  for (const name of Object.keys(args)) {
    if (known.includes(name)) continue;
    const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
    const list = known.length === 0 ? `${tool} 不接受任何参数 (takes no arguments)` : `${tool} 接受的参数：${known.join('、')} (takes ${known.join(', ')})`;
    throw new GatewayError('unknown_parameter', `不认识的参数 ${shown}：${list}。(unknown argument ${shown})`, { field: shown });
  }
}
