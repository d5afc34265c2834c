// error-handler.ts - the last handler of an express app of ours (the main app, easytrader's port): a GatewayError is
// sent as it is (logged when it is a failure or a refusal), a body parser's refusal becomes its registry error, and
// anything else is a bug, logged and answered `internal`.
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { GatewayError } from '../core/errors.ts';
import { textOf } from '../core/text.ts';

/** How an app words a body parser's refusals: by the parser's error type, else "unreadable" with what it said. */
export interface BodyErrorTexts {
  known: Readonly<Record<string, GatewayError>>;
  unreadable: (what: string) => GatewayError;
}

export function errorHandler(log: Logger, send: (res: Response, err: GatewayError) => void, body: BodyErrorTexts): (err: unknown, req: Request, res: Response, next: NextFunction) => void {
  return (err, req, res, _next) => {
    if (err instanceof GatewayError) {
      if (err.http >= 500) log.warn({ code: err.code, msg: err.message }, 'request failed');
      else if (err.http === 401 || err.http === 403) log.info({ code: err.code, method: req.method, path: req.path }, 'request refused');
      send(res, err);
      return;
    }
    const type = (err as { type?: unknown }).type;
    const known = typeof type === 'string' ? body.known[type] : undefined;
    if (known) {
      send(res, known);
      return;
    }
    const status = (err as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Any other body-parser refusal (corrupt gzip, a Content-Length that does not match) is the client's error.
      send(res, body.unreadable(textOf(type ?? (err as { code?: unknown }).code ?? status)));
      return;
    }
    log.error({ err }, 'unexpected error');
    send(res, new GatewayError('internal', '服务内部错误，详情见日志。(internal error; see the log)'));
  };
}
