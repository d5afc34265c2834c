// app.ts - the Express app of easytrader's remote protocol (its own port, --easytrader-port) over the same trading
// core as our own routes: the same Host / Origin / browser guards and token (also as basic auth), bodies read as JSON
// whatever their Content-Type, and every error as JSON {"error": …}, never HTML.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { GatewayError } from '../core/errors.ts';
import { BODY_LIMIT } from '../http/app.ts';
import { errorHandler } from '../http/error-handler.ts';
import { checkJsonKeys, verifyJson } from '../http/middleware/encoding.ts';
import { browserGuard } from '../http/middleware/guard.ts';
import { refuseTokenInQuery } from '../http/middleware/token.ts';
import { pickAccount, type AccountDoor } from '../trading/accounts.ts';
import type { Trading } from '../trading/trading.ts';
import { basicUser, refuseBrowserEffects, requireEasytraderToken } from './auth.ts';
import { sendGatewayError } from './replies.ts';
import { EASYTRADER_ROUTES, easytraderRoutes } from './routes.ts';

export interface EasytraderOptions {
  logger: Logger;
  /** Extra Host names accepted besides the loopback names (as --allow-host). */
  allowHosts?: readonly string[] | undefined;
  /** Browser origins allowed to call (as --allow-origin). */
  allowOrigins?: readonly string[] | undefined;
  /** When set, every request must present this token (basic-auth password, Bearer or X-Ths-Token). */
  token?: string | undefined;
  /** --discover: the basic-auth user name must name the account, even while one account is found. */
  requireAccount?: boolean | undefined;
}

/** Builds easytrader's protocol app over one trading core, or over several accounts' (the server listens on it; tests
 * may use it directly). With several, the basic-auth user name (easytrader's use(..., user=...)) names the account. */
export function buildEasytraderApp(accounts: Trading | readonly AccountDoor[], opts: EasytraderOptions): express.Express {
  const log = opts.logger.child({ component: 'easytrader' });
  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    res.on('finish', () => {
      log.debug({ method: req.method, path: req.path, status: res.statusCode }, 'request');
    });
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Safety first, as on our own port: a foreign Host or Origin, a cross-site fetch or a wrong token reach nothing.
  app.use(browserGuard({ allowHosts: opts.allowHosts ?? [], allowOrigins: opts.allowOrigins ?? [] }));
  // easytrader's server reads every body as JSON (get_json(force=True)), with or without a Content-Type.
  // UTF-8 only, and a key given twice is a 400 (as on our own port): never silently the last one.
  app.use(express.json({ limit: BODY_LIMIT, strict: false, type: () => true, verify: verifyJson }));
  app.use(checkJsonKeys);
  app.use(refuseTokenInQuery);
  if (opts.token !== undefined) app.use(requireEasytraderToken(opts.token));
  app.use(refuseBrowserEffects({ allowOrigins: opts.allowOrigins ?? [], tokenConfigured: opts.token !== undefined }));
  // Several accounts, or none yet (--discover adds them while the server runs): each request picks its own.
  if (Array.isArray(accounts) && (accounts.length !== 1 || opts.requireAccount === true)) {
    const doors = accounts as readonly AccountDoor[];
    const routers = new Map<AccountDoor, ReturnType<typeof easytraderRoutes>>();
    app.use((req: Request, res: Response, next: NextFunction) => {
      // Only the protocol's routes need an account; any other path goes on to the 404 below.
      if (EASYTRADER_ROUTES[req.path] === undefined) {
        next();
        return;
      }
      const door = pickAccount(doors, basicUser(req.headers.authorization), opts.requireAccount === true);
      let router = routers.get(door);
      if (!router) {
        router = easytraderRoutes(door.trading, log);
        routers.set(door, router);
      }
      router(req, res, next);
    });
  } else {
    const only = Array.isArray(accounts) ? (accounts as readonly AccountDoor[])[0]?.trading : (accounts as Trading);
    if (only === undefined) throw new Error('buildEasytraderApp: no account');
    app.use(easytraderRoutes(only, log));
  }
  app.use((req: Request, res: Response) => {
    const method = EASYTRADER_ROUTES[req.path];
    if (method !== undefined) {
      res.setHeader('Allow', method);
      sendGatewayError(res, new GatewayError('method_not_allowed', `${req.path} 只接受 ${method}，收到 ${req.method}。(${req.path} accepts ${method} only)`));
      return;
    }
    sendGatewayError(res, new GatewayError('not_found', `easytrader 协议没有 ${req.path} 这个接口：可用的有 ${Object.keys(EASYTRADER_ROUTES).join(' ')}。(no such route)`));
  });
  app.use(errorHandler(log, sendGatewayError, {
    known: {
      'entity.parse.failed': new GatewayError('invalid_body', '请求体不是合法的 JSON：easytrader 发送 JSON 对象，如 {"security": "600160", "price": 21.21, "amount": 100, "kwargs": {}}。(malformed JSON body)'),
      'entity.too.large': new GatewayError('payload_too_large', `请求体超过 ${BODY_LIMIT}。(body too large)`),
    },
    unreadable: (what) => new GatewayError('invalid_body', `请求体读取失败（${what}）：请检查编码和 Content-Length。(the body could not be read)`),
  }));
  return app;
}
