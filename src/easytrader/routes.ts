// routes.ts - easytrader's remote protocol, route by route, over the one trading core: reads (200), orders, market
// orders and cancels (201), /prepare (201 once the client is found), /auto_ipo (today's offers through our IPO use
// case) and /exit (200, stops nothing).
import { Router, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { GatewayError } from '../core/errors.ts';
import { Ordered } from '../core/ordered.ts';
import type { Reply } from '../core/reply.ts';
import { textOf } from '../core/text.ts';
import { callerGone, refuseHead } from '../http/request-meta.ts';
import type { RequestMeta, Trading } from '../trading/trading.ts';
import { balanceObject, gridRows } from './grid.ts';
import { bodyOf, cancelOne, idempotencyKeyOf, kwargsOf, limitOrder, marketOrder, onlyKeys, type Body } from './params.ts';
import { sendJson, sendUseCaseReply } from './replies.ts';

/** Every route of the protocol with its one method (any other method is a 405). */
export const EASYTRADER_ROUTES: Readonly<Record<string, 'GET' | 'POST'>> = {
  '/prepare': 'POST', '/balance': 'GET', '/position': 'GET', '/today_entrusts': 'GET', '/today_trades': 'GET', '/cancel_entrusts': 'GET',
  '/auto_ipo': 'GET', '/buy': 'POST', '/sell': 'POST', '/market_buy': 'POST', '/market_sell': 'POST', '/cancel_entrust': 'POST', '/exit': 'GET',
};

/** What easytrader's prepare() sends (user / password are never used nor logged: the client is already logged in). */
const PREPARE_KEYS = ['config_path', 'user', 'password', 'exe_path', 'comm_password', 'kwargs', 'broker'];

/** What easytrader says when there is no new share today (its own auto_ipo text). */
export const NO_IPO_TEXT = '今日无新股';

function meta(req: Request, res: Response, body: Body): RequestMeta {
  return { idemKey: idempotencyKeyOf(kwargsOf(body), req.get('idempotency-key')), caller: req.socket.remoteAddress ?? null, signal: callerGone(res) };
}

/** An order's success: the contract number first (easytrader's {"entrust_no": …}), then the client's text and the rest. */
function orderBody(r: Reply): Ordered {
  const { entrust_no: entrust, ...rest } = r.extra;
  return new Ordered([['entrust_no', entrust ?? null], ['message', r.message], ...Object.entries(rest)]);
}

/** The /auto_ipo answer from our subscription reply: easytrader's {"message": …} plus each offer's result. */
function sendIpo(res: Response, r: Reply): void {
  if (r.extra['error'] === 'ipo_not_offered' && !Array.isArray(r.message)) {
    sendJson(res, 200, new Ordered([['message', NO_IPO_TEXT]]));
    return;
  }
  if (!Array.isArray(r.message)) {
    sendUseCaseReply(res, r, 200, (ok) => new Ordered([['message', ok.message], ...Object.entries(ok.extra)]));
    return;
  }
  const items = r.message as Ordered[];
  const field = (o: Ordered, k: string): unknown => o.entries.find(([name]) => name === k)?.[1];
  const text = items.map((o) => `${textOf(field(o, 'stock_code'))} ${textOf(field(o, 'message'))}`).join('；');
  // Some subscribed: a success listing each result (the refused ones carry their error); none: an error.
  const anyOk = items.some((o) => field(o, 'status') === 1);
  sendUseCaseReply(res, { ...r, status: anyOk ? 1 : -1, message: text }, 200, () => new Ordered([['message', text], ['results', items]]));
}

/** The protocol's routes over `trading`. */
export function easytraderRoutes(trading: Trading, log: Logger): Router {
  const router = Router();
  const get = (path: string, handler: (req: Request, res: Response) => Promise<void> | void): void => {
    router.get(path, handler);
  };
  router.post('/prepare', async (req, res) => {
    const body = bodyOf(req.body);
    onlyKeys(body, PREPARE_KEYS, '');
    const broker = body['broker'];
    if (typeof broker !== 'string' || broker.trim().toLowerCase() !== 'ths') {
      throw new GatewayError('invalid_body', `broker ${JSON.stringify(broker ?? null)} 不支持：本服务驱动的是同花顺客户端，请用 easytrader.remoteclient.use('ths', host=..., port=...)。(only the ths broker is served here)`, { field: 'broker' });
    }
    const health = trading.health().worker;
    if (health.state !== 'ready') {
      throw new GatewayError(health.windowFound === false ? 'client_not_found' : 'worker_unavailable', `还没有找到同花顺客户端：工作进程状态为 ${health.state}，请确认客户端已启动并登录，稍后再调 prepare。(the client was not found yet: the worker is ${health.state})`);
    }
    // A read proves the client is there (client_not_found otherwise); nothing is typed, no login happens.
    await trading.balance(callerGone(res));
    log.info({ exePath: body['exe_path'] ?? null }, 'easytrader prepare: the client was found');
    sendJson(res, 201, new Ordered([['msg', 'login success']]));
  });
  get('/balance', async (_req, res) => {
    sendJson(res, 200, balanceObject(await trading.balance(callerGone(res))));
  });
  get('/position', async (_req, res) => {
    const rows = await trading.positions(callerGone(res));
    sendJson(res, 200, gridRows({ columns: [...new Set(rows.flatMap((r) => Object.keys(r)))], rows }));
  });
  get('/today_entrusts', async (_req, res) => {
    sendJson(res, 200, gridRows(await trading.orders(false, callerGone(res))));
  });
  get('/today_trades', async (_req, res) => {
    sendJson(res, 200, gridRows(await trading.trades(callerGone(res))));
  });
  get('/cancel_entrusts', async (_req, res) => {
    sendJson(res, 200, gridRows(await trading.orders(true, callerGone(res))));
  });
  // A GET that changes the account (easytrader's choice): HEAD must never subscribe.
  router.head('/auto_ipo', refuseHead);
  get('/auto_ipo', async (req, res) => {
    sendIpo(res, await trading.ipoSubscribe({ stock_code: null }, meta(req, res, {})));
  });
  get('/exit', (_req, res) => {
    log.info('easytrader exit: answered; nothing is stopped (the client and the gateway keep running)');
    sendJson(res, 200, new Ordered([['msg', 'exit success']]));
  });
  for (const side of ['buy', 'sell'] as const) {
    router.post(`/${side}`, async (req, res) => {
      const body = bodyOf(req.body);
      const p = limitOrder(side, body);
      sendUseCaseReply(res, await trading.order(side, p, meta(req, res, body)), 201, orderBody);
    });
    router.post(`/market_${side}`, async (req, res) => {
      const body = bodyOf(req.body);
      const p = marketOrder(side, body);
      sendUseCaseReply(res, await trading.order(side, p, meta(req, res, body)), 201, orderBody);
    });
  }
  router.post('/cancel_entrust', async (req, res) => {
    const body = bodyOf(req.body);
    const p = cancelOne(body);
    sendUseCaseReply(res, await trading.cancel(p, meta(req, res, body)), 201, (r) => new Ordered([['message', r.message], ...Object.entries(r.extra)]));
  });
  return router;
}
