// app.ts - builds the Express app (routes, body parsing, errors); main.ts listens on it, tests use it directly.
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { GatewayError } from '../errors.ts';
import { sendError } from './reply.ts';
import { accountRoutes } from './routes/account.ts';
import { tradeRoutes } from './routes/trade.ts';
import type { Bridge } from './types.ts';

/** Largest request body accepted: order parameters are a few hundred bytes. */
export const BODY_LIMIT = '64kb';

export interface AppOptions {
  bridge: Bridge;
  logger: Logger;
  serverInfo?: () => Record<string, unknown>;
}

const BODY_ERRORS: Record<string, GatewayError> = {
  'entity.parse.failed': new GatewayError('invalid_body', '请求体不是合法的 JSON 或表单：请检查格式，例如 {"stock_code": "600160", "amount": 100}。(malformed body)'),
  'entity.too.large': new GatewayError('payload_too_large', `请求体超过 ${BODY_LIMIT}。(body too large)`),
  'encoding.unsupported': new GatewayError('invalid_body', '不支持的请求体编码：请使用 UTF-8。(unsupported encoding)'),
  'charset.unsupported': new GatewayError('invalid_body', '不支持的字符集：请使用 UTF-8。(unsupported charset)'),
  'parameters.too.many': new GatewayError('invalid_body', '表单参数过多。(too many parameters)'),
};

export function buildApp(opts: AppOptions): express.Express {
  const log = opts.logger.child({ component: 'http' });
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.debug({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 100) / 100 }, 'request');
    });
    next();
  });
  app.use(express.json({ limit: BODY_LIMIT, strict: false }));
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 50 }));
  app.use(accountRoutes(opts.bridge, opts.serverInfo ?? (() => ({}))));
  app.use(tradeRoutes(opts.bridge));
  app.use((req: Request, res: Response) => {
    const known = ['/balance', '/position', '/buy', '/sell', '/health'];
    if (known.includes(req.path)) {
      res.setHeader('Allow', 'GET, POST');
      sendError(res, new GatewayError('method_not_allowed', `${req.path} 只接受 GET 和 POST，收到 ${req.method}。(only GET and POST)`));
      return;
    }
    sendError(res, new GatewayError('not_found', `没有 ${req.path} 这个接口：可用的有 ${known.join(' ')}。(no such route)`));
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof GatewayError) {
      if (err.http >= 500) log.warn({ code: err.code, msg: err.message }, 'request failed');
      sendError(res, err);
      return;
    }
    const type = (err as { type?: unknown }).type;
    if (typeof type === 'string' && BODY_ERRORS[type]) {
      sendError(res, BODY_ERRORS[type]);
      return;
    }
    log.error({ err }, 'unexpected error');
    sendError(res, new GatewayError('internal', '服务内部错误，详情见日志。(internal error; see the log)'));
  });
  return app;
}
