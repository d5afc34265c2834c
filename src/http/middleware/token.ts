// token.ts - the optional access token: read from Authorization: Bearer, X-Ths-Token or a `token` parameter of a form
// or JSON body (of the query string only with --token-in-query: it stays in history, Referer and logs), compared in
// constant time, never logged, never echoed and never passed on as an order parameter.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { GatewayError } from '../../core/errors.ts';

/** The parameter name that carries the token; params.ts drops it before validation. */
export const TOKEN_PARAM = 'token';

/** Shortest token accepted at startup: long enough that guessing over the network is hopeless. */
export const MIN_TOKEN_LENGTH = 16;

/** Requests whose token `requireToken` has checked and found right: the browser check lets these through. */
const verified = new WeakSet<Request>();

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** True when `given` equals `expected`; compares fixed-length hashes so timing says nothing about the token. */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** True when the request's query string holds a `token` parameter (with or without a value). */
export function hasQueryToken(req: Request): boolean {
  const query = req.query as unknown;
  return typeof query === 'object' && query !== null && Object.hasOwn(query, TOKEN_PARAM);
}

/** Every token the request presents, wherever it is (the query string only when `inQuery`); a token given twice in
 * one place is a 400. */
export function presentedTokens(req: Request, inQuery = false): unknown[] {
  const found: unknown[] = [];
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(auth);
    found.push(m ? m[1] : { notBearer: true });
  }
  const header = req.headers['x-ths-token'];
  if (header !== undefined) found.push(header);
  const query = req.query as Record<string, unknown>;
  const body: unknown = req.body;
  const sources = inQuery ? [[query, '查询字符串'], [body, '请求体']] as const : [[body, '请求体']] as const;
  for (const [source, where] of sources) {
    if (typeof source !== 'object' || source === null || Array.isArray(source) || !Object.hasOwn(source, TOKEN_PARAM)) continue;
    const v = (source as Record<string, unknown>)[TOKEN_PARAM];
    const fromJson = source === body && typeof req.is('application/json') === 'string';
    if (Array.isArray(v) && !fromJson) {
      throw new GatewayError('duplicate_parameter', `参数 token 在${where}中出现了 ${v.length} 次：只能给一次。(parameter token was given more than once)`, { field: TOKEN_PARAM });
    }
    found.push(v);
  }
  return found;
}

/** Express middleware (without --token-in-query): a `token` in the query string is a 400, whether or not a token is
 * configured, before anything reads it. The message never repeats it. */
export function refuseTokenInQuery(req: Request, _res: Response, next: NextFunction): void {
  if (hasQueryToken(req)) {
    throw new GatewayError('token_in_query', '拒绝：参数 token 放在了查询字符串里。查询字符串会留在浏览历史、书签、Referer 和日志中，别人拿到链接就拿到了令牌。请改用请求头 Authorization: Bearer <令牌> 或 X-Ths-Token（或放进表单 / JSON 请求体）；如果令牌已经这样发出过，请更换它。确需放在查询字符串里时，用 --token-in-query 允许。(the token was sent in the query string: send it in a header; --token-in-query allows it)', { field: TOKEN_PARAM });
  }
  next();
}

/** True when `requireToken` has found this request's token right. */
export function hasValidToken(req: Request): boolean {
  return verified.has(req);
}

/** Express middleware: with a token configured, every request must present it (and only it). `inQuery`: the
 * query string may carry it too (--token-in-query). */
export function requireToken(expected: string, inQuery = false): (req: Request, res: Response, next: NextFunction) => void {
  const where = inQuery ? '，或者加参数 token=<令牌>（查询字符串、表单或 JSON）' : '，或者放在表单 / JSON 请求体的 token 参数里';
  return (req, res, next) => {
    const given = presentedTokens(req, inQuery);
    if (given.length === 0) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="ths-http-trader"');
      throw new GatewayError('token_required', `需要访问令牌：请在 Authorization: Bearer <令牌> 或 X-Ths-Token 请求头中给出${where}。(a token is required)`, { field: TOKEN_PARAM });
    }
    // Check every one so a wrong token cannot ride along with a right one; never echo what was given.
    let ok = true;
    for (const g of given) if (typeof g !== 'string' || !tokenMatches(g, expected)) ok = false;
    if (!ok) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="ths-http-trader", error="invalid_token"');
      throw new GatewayError('token_invalid', '访问令牌不正确。(the token is wrong)', { field: TOKEN_PARAM });
    }
    verified.add(req);
    next();
  };
}
