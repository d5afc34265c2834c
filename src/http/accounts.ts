// accounts.ts - several accounts behind one port: `GET /accounts` lists them, and every account route takes the
// `account` parameter (an account number or a name) that picks whose trading core answers (trading/accounts.ts).
import { Router, type NextFunction, type Request, type Response } from 'express';
import { GatewayError } from '../core/errors.ts';
import { pickAccount, type AccountDoor } from '../trading/accounts.ts';
import type { Trading } from '../trading/trading.ts';
import { sendEnvelope } from './envelope.ts';
import { ACCOUNT_PARAM } from './middleware/known-params.ts';
import { strictParams } from './middleware/validate.ts';
import { ROUTES } from './route-names.ts';

export type { AccountDoor } from '../trading/accounts.ts';
export { ACCOUNT_PARAM } from './middleware/known-params.ts';

/** The paths answered per account: every route but /accounts, the event stream, the status page's data, and each
 * journal row (the rest, /accounts and the pages, are the server's own). */
const ACCOUNT_PATHS: ReadonlySet<string> = new Set<string>([...ROUTES.filter((r) => r !== '/accounts'), '/events', '/status.json']);

export function isAccountPath(path: string): boolean {
  // As Express matches a path: any case, repeated or trailing slashes (`/BALANCE`, `/balance/` reach /balance).
  const p = path.toLowerCase().replace(/\/{2,}/g, '/').replace(/(.)\/+$/, '$1');
  return ACCOUNT_PATHS.has(p) || p.startsWith('/journal/');
}

/** The `account` value of the query string or the body (the same value in both is one), or undefined; two different
 * values, or a name repeated in a query string or form, is 400 duplicate_parameter. */
function givenAccount(req: Request): unknown {
  const values: unknown[] = [];
  const fromQuery: unknown = (req.query as Record<string, unknown>)[ACCOUNT_PARAM];
  if (fromQuery !== undefined) values.push(...(Array.isArray(fromQuery) ? (fromQuery as unknown[]) : [fromQuery]));
  const body: unknown = req.body;
  if (typeof body === 'object' && body !== null && !Array.isArray(body) && ACCOUNT_PARAM in body) values.push((body as Record<string, unknown>)[ACCOUNT_PARAM]);
  if (values.length === 0) return undefined;
  if (new Set(values.map((v) => JSON.stringify(v))).size > 1 || (Array.isArray(fromQuery) && fromQuery.length > 1)) {
    throw new GatewayError('duplicate_parameter', `参数 ${ACCOUNT_PARAM} 给了 ${values.length} 次：只能给一次。(account given more than once)`, { field: ACCOUNT_PARAM });
  }
  return values[0];
}

/**
 * GET / POST /accounts: every account, its number, name, kind and worker state, in the order configured. The kind of
 * a Windows client is what its worker found (a credit client has the menu tree 513); a simulated one's is its state
 * file's account.type.
 */
export function accountListRoute(doors: readonly AccountDoor[], unidentified?: () => ReadonlyArray<Record<string, unknown>>): Router {
  const router = Router();
  const list = (_req: Request, res: Response): void => {
    const accounts: Array<Record<string, unknown>> = doors.map((d) => {
      const worker = d.trading.health().worker;
      const type = worker.windowCredit === null ? d.type : worker.windowCredit ? 'credit' : 'cash';
      const client = d.client?.();
      return { account: d.id, name: d.name, type, worker: { state: worker.state, pid: worker.pid, window_found: worker.windowFound }, ...(d.aliases ? { shareholders: d.aliases } : {}), ...(client ? { client: { pid: client.pid, open: client.open } } : {}) };
    });
    // --discover: the trading windows that are no account (yet), each with why (docs/accounts.md).
    for (const c of unidentified?.() ?? []) {
      accounts.push({ account: null, name: null, type: c['credit'] === true ? 'credit' : c['credit'] === false ? 'cash' : null, worker: null, client: { pid: c['pid'], open: true, exe: c['exe'], title: c['title'] }, unidentified: c['reason'], tried_at: c['triedAt'] });
    }
    sendEnvelope(res, 200, 1, accounts);
  };
  router.route('/accounts').get(strictParams([]), list).post(strictParams([]), list);
  return router;
}

/** Hands each account route to the router of the account it names (`routerOf` builds one per door, once). */
export function accountDispatch(doors: readonly AccountDoor[], routerOf: (trading: Trading) => Router, requireAccount = false): (req: Request, res: Response, next: NextFunction) => void {
  // Built once per account, when first used (with --discover accounts are added while the server runs).
  const routers = new Map<AccountDoor, Router>();
  const routerFor = (d: AccountDoor): Router => {
    let r = routers.get(d);
    if (!r) {
      r = routerOf(d.trading);
      routers.set(d, r);
    }
    return r;
  };
  const dispatch = (req: Request, res: Response, next: NextFunction): void => {
    if (!isAccountPath(req.path)) {
      next();
      return;
    }
    const door = pickAccount(doors, givenAccount(req), requireAccount);
    res.locals['account'] = door.id;
    if (doors.length > 1 || requireAccount) res.locals['accountParam'] = door.id; // the status page's settle calls name it
    routerFor(door)(req, res, next);
  };
  // Every account's router has the same routes: the first one's stack shows them to a walk of the app's routes
  // (the OpenAPI check in test/http/openapi.test.ts, which fails on a route left out of the document).
  const first = doors[0];
  const stack = first ? (routerFor(first) as unknown as { stack: unknown[] }).stack : [];
  return Object.assign(dispatch, { stack });
}
