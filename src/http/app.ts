// app.ts - builds the Express app over the trading core: guards, body parsing, thin routes, the error envelope.
// app/ listens on it; tests use it directly.
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { GatewayError } from '../core/errors.ts';
import type { Trading } from '../trading/trading.ts';
import { accountDispatch, accountListRoute, type AccountDoor } from './accounts.ts';
import { sendError } from './envelope.ts';
import { errorHandler } from './error-handler.ts';
import { OTHER_ROUTES, ROUTES } from './route-names.ts';
import { checkJsonKeys, checkQueryEncoding, verifyForm, verifyJson } from './middleware/encoding.ts';
import { MAX_PARAMETERS, parseQuery } from './middleware/params.ts';
import { browserGuard, refuseBrowserEffects } from './middleware/guard.ts';
import { refuseTokenInQuery, requireToken } from './middleware/token.ts';
import { docsRoutes } from './openapi/docs-routes.ts';
import { accountRoutes } from './routes/account.ts';
import { clientRoutes } from './routes/client.ts';
import { eventRoutes } from './routes/events.ts';
import { journalRoutes } from './routes/journal.ts';
import { creditRoutes } from './routes/credit.ts';
import { orderRoutes } from './routes/orders.ts';
import { reportRoutes } from './routes/reports.ts';
import { statusDataRoutes, statusPageShell } from './status-page/routes.ts';
import type { PageSetup } from './status-page/status-data.ts';

/** Largest request body accepted: order parameters are a few hundred bytes. */
export const BODY_LIMIT = '64kb';

export interface HttpOptions {
  logger: Logger;
  /** Extra Host names accepted besides localhost, 127.0.0.1 and [::1] (any port). */
  allowHosts?: readonly string[] | undefined;
  /** Browser origins allowed to call (and given CORS headers); none by default. */
  allowOrigins?: readonly string[] | undefined;
  /** When set, every request must present this token. */
  token?: string | undefined;
  /** Accept the token as a `token` query parameter too (off: a token in the query string is a 400). */
  tokenInQuery?: boolean | undefined;
  /**
   * Other front doors mounted on this app (e.g. MCP at /mcp), after every guard and before the 404: the app layer
   * wires them; each router answers only its own paths.
   */
  extraRoutes?: readonly express.RequestHandler[] | undefined;
  /** With --discover: every account route needs `account`, even while one account is found. */
  requireAccount?: boolean | undefined;
  /** With --discover: the trading windows that are no account (yet), listed by GET /accounts with why. */
  unidentifiedClients?: (() => ReadonlyArray<Record<string, unknown>>) | undefined;
}

export { OTHER_ROUTES, ROUTES } from './route-names.ts';

const BODY_ERRORS: Record<string, GatewayError> = {
  'entity.parse.failed': new GatewayError('invalid_body', '请求体不是合法的 JSON 或表单：请检查格式，例如 {"stock_code": "600160", "amount": 100}。(malformed body)'),
  'entity.too.large': new GatewayError('payload_too_large', `请求体超过 ${BODY_LIMIT}。(body too large)`),
  'encoding.unsupported': new GatewayError('invalid_encoding', '不支持的 Content-Encoding：请不压缩，或用 gzip / deflate / br。(unsupported content encoding)'),
  'charset.unsupported': new GatewayError('invalid_encoding', '不支持的字符集：请使用 UTF-8。(unsupported charset)'),
  'parameters.too.many': new GatewayError('too_many_parameters', `参数太多：表单超过 ${MAX_PARAMETERS} 个参数。(more than ${MAX_PARAMETERS} parameters)`),
};

/** The routes of one account's trading core (the app hands each request to its account's: accounts.ts). */
function accountRouter(trading: Trading, page: PageSetup): Router {
  const router = Router();
  router.use(accountRoutes(trading));
  router.use(reportRoutes(trading));
  router.use(orderRoutes(trading));
  router.use(creditRoutes(trading));
  router.use(clientRoutes(trading));
  if (trading.hasJournal) {
    router.use(journalRoutes(trading));
    router.use(eventRoutes(trading)); // GET /events: order events as Server-Sent Events
  }
  router.use(statusDataRoutes(trading, page));
  return router;
}

function isDoorList(x: Trading | readonly AccountDoor[]): x is readonly AccountDoor[] {
  return Array.isArray(x);
}

/** The HTTP app over one trading core, or over several accounts' (each request names its account: accounts.ts). */
export function buildApp(accounts: Trading | readonly AccountDoor[], opts: HttpOptions): express.Express {
  const doors: readonly AccountDoor[] = isDoorList(accounts) ? accounts : [{ id: 'default', name: 'default', type: 'cash', trading: accounts }];
  const log = opts.logger.child({ component: 'http' });
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', parseQuery); // every pair, so none goes unseen (params.ts counts them)
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // The path only: the query string may carry the token.
      log.debug({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 100) / 100 }, 'request');
    });
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // Safety first: nothing below runs for a foreign Host, a browser page or a request with a wrong token.
  app.use(browserGuard({ allowHosts: opts.allowHosts ?? [], allowOrigins: opts.allowOrigins ?? [] }));
  app.use(checkQueryEncoding);
  app.use(express.json({ limit: BODY_LIMIT, strict: false, verify: verifyJson }));
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: MAX_PARAMETERS, verify: verifyForm }));
  app.use(checkJsonKeys);
  if (opts.tokenInQuery !== true) app.use(refuseTokenInQuery);
  // The API description and its page hold nothing of the account: readable without the token (Host / Origin checked).
  app.use(docsRoutes());
  // The status page's shell holds no account data either: a browser without the token gets its login form, no more.
  const page: PageSetup = { tokenRequired: opts.token !== undefined, tokenInQuery: opts.tokenInQuery === true, allowHosts: opts.allowHosts ?? [], allowOrigins: opts.allowOrigins ?? [] };
  app.use(statusPageShell(page));
  if (opts.token !== undefined) app.use(requireToken(opts.token, opts.tokenInQuery === true));
  // Links, bookmarks, prerenders, pages and mail images: a browser changes the account only with a right token.
  app.use(refuseBrowserEffects({ allowOrigins: opts.allowOrigins ?? [], tokenConfigured: opts.token !== undefined }));
  // Express would answer OPTIONS itself (200, text); configured CORS preflights were answered by the guard above.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'OPTIONS') {
      next();
      return;
    }
    res.setHeader('Allow', 'GET, POST');
    throw new GatewayError('method_not_allowed', `${req.path} 只接受 GET 和 POST，收到 OPTIONS。(only GET and POST)`);
  });
  app.use(accountListRoute(doors, opts.unidentifiedClients));
  app.use(accountDispatch(doors, (trading) => accountRouter(trading, page), opts.requireAccount === true));
  for (const extra of opts.extraRoutes ?? []) app.use(extra);
  app.use((req: Request, res: Response) => {
    const known: readonly string[] = ROUTES;
    if (known.includes(req.path)) {
      res.setHeader('Allow', 'GET, POST');
      sendError(res, new GatewayError('method_not_allowed', `${req.path} 只接受 GET 和 POST，收到 ${req.method}。(only GET and POST)`));
      return;
    }
    sendError(res, new GatewayError('not_found', `没有 ${req.path} 这个接口：可用的有 ${[...known, ...OTHER_ROUTES].join(' ')}。(no such route)`));
  });
  app.use(errorHandler(log, sendError, {
    known: BODY_ERRORS,
    unreadable: (what) => new GatewayError('invalid_body', `请求体读取失败（${what}）：请检查压缩格式、Content-Length 和请求体。(the body could not be read)`),
  }));
  return app;
}
