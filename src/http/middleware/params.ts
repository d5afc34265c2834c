// params.ts - gathers request parameters from the query string and a JSON or form body: refuses more than
// MAX_PARAMETERS, a name the route does not know (naming the nearest known one) and a name given twice.
import { parse as parseQueryString, type ParsedUrlQuery } from 'node:querystring';
import type { Request } from 'express';
import { GatewayError } from '../../core/errors.ts';
import { ACCOUNT_PARAM, unknownParameter } from './known-params.ts';
import { TOKEN_PARAM } from './token.ts';

export type ParamValue = string | number | boolean | null | object;
export type Params = Record<string, ParamValue>;

/** Most parameters one request may carry, query string and body together: an order takes five; a request with more
 * is not a mistyped order, and counting them all means a duplicate can never hide past a parser's limit. */
export const MAX_PARAMETERS = 64;

/** Express "query parser": every pair of the query string (Node's querystring stops at 1000 by default, and a
 * duplicate past it would go unseen); the query string itself is bounded by Node's header size limit. */
export function parseQuery(text: string): ParsedUrlQuery {
  return parseQueryString(text, '&', '=', { maxKeys: 0 });
}

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

interface Source { values: Record<string, unknown>; where: string; fromJson: boolean }

/** The query string and the body as parameter sources; a body that is not an object is a 400. */
function sources(req: Request): Source[] {
  const out: Source[] = [{ values: req.query, where: '查询字符串', fromJson: false }];
  const body: unknown = req.body;
  if (body !== undefined && body !== null && !(isPlainObject(body) && Object.keys(body).length === 0)) {
    if (!isPlainObject(body)) {
      throw new GatewayError('invalid_body', '请求体必须是 JSON 对象（如 {"stock_code": "600160", "amount": 100}）或表单。(the body must be a JSON object or a form)');
    }
    const json = req.is('application/json');
    out.push({ values: body, where: '请求体', fromJson: json !== false && json !== null });
  }
  return out;
}

/** How many parameters the sources carry: each pair of a query string or form counts (a name given twice, twice). */
function countParams(all: readonly Source[]): number {
  let n = 0;
  for (const s of all) for (const v of Object.values(s.values)) n += Array.isArray(v) && !s.fromJson ? v.length : 1;
  return n;
}

/**
 * Query + body parameters as one record. More than MAX_PARAMETERS is a 400; with `known` (the route's names), any
 * other name is a 400 naming it and the nearest known name; the same name twice (or with two values) is a 400 naming
 * it. The access token parameter is not an order parameter: token.ts checks it and it is left out here.
 */
export function collectParams(req: Request, known?: readonly string[]): Params {
  const all = sources(req);
  const count = countParams(all);
  if (count > MAX_PARAMETERS) {
    throw new GatewayError('too_many_parameters', `参数太多：查询字符串和请求体共 ${count} 个，最多 ${MAX_PARAMETERS} 个。(${count} parameters; at most ${MAX_PARAMETERS})`);
  }
  if (known !== undefined) {
    for (const s of all) {
      for (const key of Object.keys(s.values)) {
        if (key === TOKEN_PARAM || key === ACCOUNT_PARAM || key === '' || known.includes(key)) continue;
        throw unknownParameter(key, known, req.path);
      }
    }
  }
  const out = Object.create(null) as Params;
  for (const { values, where, fromJson } of all) {
    for (const [key, value] of Object.entries(values)) {
      if (key === TOKEN_PARAM || key === ACCOUNT_PARAM || key === '') continue; // checked elsewhere (token.ts, accounts.ts); an empty name names nothing
      if (Array.isArray(value) && !fromJson) {
        throw new GatewayError('duplicate_parameter', `参数 ${key} 在${where}中出现了 ${value.length} 次：每个参数只能给一次。(parameter ${key} was given ${value.length} times)`, { field: key });
      }
      if (Object.hasOwn(out, key) && asText(out[key]) !== asText(value)) {
        throw new GatewayError('duplicate_parameter', `参数 ${key} 在查询字符串和请求体中给了不同的值：只能给一次。(parameter ${key} was given twice with different values)`, { field: key });
      }
      out[key] = value as ParamValue;
    }
  }
  return out;
}
