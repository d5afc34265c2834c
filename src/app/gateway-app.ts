// gateway-app.ts - the HTTP app over a trading core built from a bridge, a journal and the risk limits: what the
// server listens on, and what app-level tests and the benchmark build without a port.
import type express from 'express';
import { Trading, type TradingOptions } from '../trading/trading.ts';
import { buildApp, type HttpOptions } from '../http/app.ts';

/** What the trading core needs (bridge, journal, risk limits, dry run, clock) and what its HTTP door needs. */
export type AppOptions = TradingOptions & HttpOptions;

/** The trading core and its HTTP front door. */
export function buildGatewayApp(opts: AppOptions): express.Express {
  return buildApp(new Trading(opts), opts);
}
