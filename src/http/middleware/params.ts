// params.ts - gathers request parameters from the query string and a JSON or form body, refusing duplicates.
import type { Request } from 'express';
import { GatewayError } from '../../core/errors.ts';
import { TOKEN_PARAM } from './token.ts';

export type ParamValue = string | number | boolean | null | object;
export type Params = Record<string, ParamValue>;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A value as text for comparing the query's and the body's copy (never throws, whatever the JSON held). */
function asText(v: unknown): string {
  if (typeof v !== 'object' || v === null) return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return '\u0000unprintable';
  }
}

/** Query + body parameters as one record; the same name twice (or with two values) is a 400 naming it. The access
 * token parameter is not an order parameter: token.ts checks it and it is left out here. */
export function collectParams(req: Request): Params {
  const out = Object.create(null) as Params;
  const add = (source: Record<string, unknown>, where: string, fromJson: boolean): void => {
    for (const [key, value] of Object.entries(source)) {
      if (key === TOKEN_PARAM || key === '') continue; // the token is checked elsewhere; an empty name names nothing
      if (Array.isArray(value) && !fromJson) {
        throw new GatewayError('duplicate_parameter', `参数 ${key} 在${where}中出现了 ${value.length} 次：每个参数只能给一次。(parameter ${key} was given ${value.length} times)`, { field: key });
      }
      if (Object.hasOwn(out, key) && asText(out[key]) !== asText(value)) {
        throw new GatewayError('duplicate_parameter', `参数 ${key} 在查询字符串和请求体中给了不同的值：只能给一次。(parameter ${key} was given twice with different values)`, { field: key });
      }
      out[key] = value as ParamValue;
    }
  };
  add(req.query, '查询字符串', false);
  const body: unknown = req.body;
  if (body !== undefined && body !== null && !(isPlainObject(body) && Object.keys(body).length === 0)) {
    if (!isPlainObject(body)) {
      throw new GatewayError('invalid_body', '请求体必须是 JSON 对象（如 {"stock_code": "600160", "amount": 100}）或表单。(the body must be a JSON object or a form)');
    }
    add(body, '请求体', req.is('application/json') !== false && req.is('application/json') !== null);
  }
  return out;
}
