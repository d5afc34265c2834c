// token.ts - the optional access token: read from Authorization: Bearer, X-Ths-Token or a `token` parameter
// (query, form or JSON), compared in constant time, never logged and never passed on as an order parameter.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { GatewayError } from '../../core/errors.ts';

/** The parameter name that carries the token; params.ts drops it before validation. */
export const TOKEN_PARAM = 'token';

/** Shortest token accepted at startup: long enough that guessing over the network is hopeless. */
export const MIN_TOKEN_LENGTH = 16;

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** True when `given` equals `expected`; compares fixed-length hashes so timing says nothing about the token. */
export function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** Every token the request presents, wherever it is; a token given twice in one place is a 400. */
export function presentedTokens(req: Request): unknown[] {
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
  for (const [source, where] of [[query, '查询字符串'], [body, '请求体']] as const) {
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

/** Express middleware: with a token configured, every request must present it (and only it). */
export function requireToken(expected: string): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const given = presentedTokens(req);
    if (given.length === 0) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="ths-http-trader"');
      throw new GatewayError('token_required', '需要访问令牌：请在 Authorization: Bearer <令牌> 或 X-Ths-Token 请求头中给出，或者加参数 token=<令牌>。(a token is required)', { field: TOKEN_PARAM });
    }
    // Check every one so a wrong token cannot ride along with a right one; never echo what was given.
    let ok = true;
    for (const g of given) if (typeof g !== 'string' || !tokenMatches(g, expected)) ok = false;
    if (!ok) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="ths-http-trader", error="invalid_token"');
      throw new GatewayError('token_invalid', '访问令牌不正确。(the token is wrong)', { field: TOKEN_PARAM });
    }
    next();
  };
}
