// auth.ts - the token on easytrader's port: HTTP basic auth as easytrader's `use(..., user=, passwd=)` sends it (the
// password is the token, any user name), or the headers our own routes take (Authorization: Bearer, X-Ths-Token);
// and the browser check of the routes that change the account, the same rule as src/http/middleware/guard.ts.
import type { NextFunction, Request, Response } from 'express';
import { GatewayError } from '../core/errors.ts';
import { browserMarks } from '../http/middleware/browser-marks.ts';
import { hasValidToken, requireToken, tokenMatches } from '../http/middleware/token.ts';

/** The routes of easytrader's protocol that change the account. */
export const EFFECT_PATHS: readonly string[] = ['/buy', '/sell', '/market_buy', '/market_sell', '/cancel_entrust', '/auto_ipo'];

/** Requests whose basic-auth password was found to be the token. */
const basicVerified = new WeakSet<Request>();

const REALM = 'Basic realm="ths-http-trader easytrader", charset="UTF-8"';

/** The password of a Basic Authorization header (user:password, base64), '' when there is no colon; undefined when
 * the header is not Basic. */
export function basicPassword(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Basic[ \t]+([A-Za-z0-9+/=]*)[ \t]*$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? '' : decoded.slice(colon + 1);
}

/** The user name of a Basic Authorization header (user:password, base64); undefined when the header is not Basic or
 * has no user. With several accounts it names the account (easytrader's use(..., user=...)). */
export function basicUser(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Basic[ \t]+([A-Za-z0-9+/=]*)[ \t]*$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const user = colon < 0 ? decoded : decoded.slice(0, colon);
  return user === '' ? undefined : user;
}

/** Express middleware: with a token configured, a request presents it as the basic-auth password or in our headers. */
export function requireEasytraderToken(expected: string): (req: Request, res: Response, next: NextFunction) => void {
  const ours = requireToken(expected);
  return (req, res, next) => {
    const password = basicPassword(req.headers.authorization);
    if (password === undefined) {
      if (req.headers.authorization === undefined && req.headers['x-ths-token'] === undefined) {
        res.setHeader('WWW-Authenticate', REALM);
        throw new GatewayError('token_required', '需要访问令牌：easytrader 用 easytrader.use(\'ths\', host=..., port=..., user=\'任意用户名\', passwd=\'<令牌>\')（HTTP basic auth，密码是令牌），或在 Authorization: Bearer <令牌> 或 X-Ths-Token 请求头中给出。(a token is required: basic auth with the token as the password)', { field: 'Authorization' });
      }
      ours(req, res, next);
      return;
    }
    // Every token given must be right: a wrong one never rides along with a right one.
    const extra = req.headers['x-ths-token'];
    const given = extra === undefined ? [password] : [password, ...(Array.isArray(extra) ? extra : [extra])];
    if (!given.every((g) => tokenMatches(g, expected))) {
      res.setHeader('WWW-Authenticate', REALM);
      throw new GatewayError('token_invalid', '访问令牌不正确：basic auth 的密码（easytrader 的 passwd）应为服务的令牌。(the token is wrong: the basic-auth password must be the token)', { field: 'Authorization' });
    }
    basicVerified.add(req);
    next();
  };
}

/** Express middleware: a browser-marked request to a route that changes the account passes only with a right token. */
export function refuseBrowserEffects(opts: { allowOrigins: readonly string[]; tokenConfigured: boolean }): (req: Request, res: Response, next: NextFunction) => void {
  const origins = new Set(opts.allowOrigins);
  return (req, _res, next) => {
    const path = req.path.toLowerCase().replace(/\/{2,}/g, '/').replace(/(.)\/+$/, '$1');
    if (!EFFECT_PATHS.includes(path) || basicVerified.has(req) || hasValidToken(req)) {
      next();
      return;
    }
    const first = browserMarks(req.headers, origins)[0];
    if (first === undefined) {
      next();
      return;
    }
    const todo = opts.tokenConfigured ? '如确需用浏览器工具，请带上访问令牌' : '本服务没有设置访问令牌，所以浏览器永远不能做这件事';
    throw new GatewayError('browser_request', `拒绝：${req.path} 会改变账户，而这个请求带有浏览器的痕迹（${first.header}: ${JSON.stringify(first.value)}，${first.zh}）。请用脚本调用（easytrader、Python requests 等）；${todo}。(a browser request to a route that changes the account, without the token)`, { field: first.header });
  };
}
