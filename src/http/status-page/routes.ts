// routes.ts - the status page: GET / answers the page shell (no account data: mounted after the Host / Origin guards
// but before the token check, so a browser without the token gets the login form), GET /status.json answers the data
// (behind every guard and the token, like any route). Read-only: other methods are a 405.
import { Router, type Request, type Response } from 'express';
import { GatewayError } from '../../core/errors.ts';
import type { Trading } from '../../trading/trading.ts';
import { sendEnvelope } from '../envelope.ts';
import { strictParams } from '../middleware/validate.ts';
import { statusPage } from './page-html.ts';
import { STATUS_REFRESH_MS, statusData, type PageSetup } from './status-data.ts';

/** The page's paths: the shell and its data. */
export const STATUS_PAGE_PATHS = ['/', '/status.json'] as const;

function readOnly(req: Request, res: Response): void {
  res.setHeader('Allow', 'GET, HEAD');
  throw new GatewayError('method_not_allowed', `${req.path} 是只读的状态页，只接受 GET，收到 ${req.method}。(the status page is read-only: GET only)`);
}

/** GET / and HEAD /: the shell, with a CSP that allows only its own inline style and script. Mount before the token check. */
export function statusPageShell(setup: PageSetup): Router {
  const page = statusPage(STATUS_REFRESH_MS, setup.tokenRequired);
  const router = Router();
  router.route('/').get((_req: Request, res: Response) => {
    res.setHeader('Content-Security-Policy', page.csp);
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.status(200).type('text/html; charset=utf-8').send(page.html);
  }).all(readOnly);
  return router;
}

/** GET /status.json: what the page shows (status-data.ts), in the usual envelope. Mount with the other routes. */
export function statusDataRoutes(trading: Trading, setup: PageSetup): Router {
  const router = Router();
  router.route('/status.json').get(strictParams([]), (req: Request, res: Response) => {
    // The Host header already passed the guard's allow-list: the settle calls name the address the page was opened on.
    const base = `${req.protocol}://${req.get('host') ?? '127.0.0.1'}`;
    const account = res.locals['accountParam'] as string | undefined; // set by accounts.ts with several accounts
    sendEnvelope(res, 200, 1, statusData(trading, setup, base, account));
  }).all(readOnly);
  return router;
}
