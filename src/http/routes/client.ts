// client.ts - /refresh (the client's refresh command, answered once the page showing reloaded) and /sim/quote (the
// simulated backend's market control: move a quote, so resting orders fill; only with --backend sim).
import { Router, type NextFunction, type Request, type Response } from 'express';
import { Ordered } from '../../core/ordered.ts';
import { SimQuoteParams } from '../../trading/client.ts';
import type { Trading } from '../../trading/trading.ts';
import { sendEnvelope } from '../envelope.ts';
import { parsedParams, strictParams, validate } from '../middleware/validate.ts';
import { refuseHead } from '../request-meta.ts';

export function clientRoutes(trading: Trading): Router {
  const router = Router();
  const refresh = async (_req: Request, res: Response): Promise<void> => {
    const r = await trading.refresh();
    if (r.dryRun) {
      sendEnvelope(res, 200, 1, r.message, { dry_run: true }); // --dry-run: nothing sent
      return;
    }
    sendEnvelope(res, 200, 1, '客户端已刷新。(the client refreshed its data)', { refresh: new Ordered([['at', r.at], ['page', r.page], ['ms', r.ms]]) });
  };
  const none = strictParams([]);
  router.route('/refresh').head(refuseHead).get(none, refresh).post(none, refresh);

  // Known backend (the worker said ready): refuse before anything else; not yet known: the worker refuses itself.
  const simOnly = (_req: Request, _res: Response, next: NextFunction): void => {
    trading.assertSim();
    next();
  };
  const quote = async (_req: Request, res: Response): Promise<void> => {
    const r = await trading.simQuote(parsedParams<SimQuoteParams>(res));
    const fills = r.fills.map((f) => new Ordered([['entrust_no', f.entrustNo], ['amount', f.amount], ['price', Number(f.price)]]));
    sendEnvelope(res, 200, 1, `模拟行情：${r.code} 最新价 ${r.last}（涨停 ${r.limitUp}，跌停 ${r.limitDown}），成交 ${fills.length} 笔。(simulated quote moved)`, {
      quote: new Ordered([['stock_code', r.code], ['last', Number(r.last)], ['limit_up', Number(r.limitUp)], ['limit_down', Number(r.limitDown)], ['liquidity', r.liquidity]]),
      fills,
    });
  };
  // Express answers HEAD with the GET handler; a HEAD request must not move the market.
  const quoteParams = validate(SimQuoteParams);
  router.route('/sim/quote').head(refuseHead).get(simOnly, quoteParams, quote).post(simOnly, quoteParams, quote);
  return router;
}
