// gateway-app.ts - the HTTP app over a trading core built from a bridge, a journal and the risk limits: what the
// server listens on, and what app-level tests and the benchmark build without a port.
import type express from 'express';
import type { Logger } from 'pino';
import type { Bridge } from '../bridge/supervisor-types.ts';
import type { OrderGate } from '../journal/gate.ts';
import type { RiskLimits } from '../risk/config.ts';
import { Trading } from '../trading/trading.ts';
import { buildApp, type HttpOptions } from '../http/app.ts';

export interface AppOptions extends HttpOptions {
  bridge: Bridge;
  logger: Logger;
  gate?: OrderGate | undefined;
  risk?: RiskLimits | undefined;
  dryRun?: boolean | undefined;
  now?: (() => Date) | undefined;
  serverInfo?: (() => Record<string, unknown>) | undefined;
}

/** The trading core and its HTTP front door. */
export function buildGatewayApp(opts: AppOptions): express.Express {
  const trading = new Trading({ bridge: opts.bridge, logger: opts.logger, gate: opts.gate, risk: opts.risk, dryRun: opts.dryRun, now: opts.now, serverInfo: opts.serverInfo });
  return buildApp(trading, { logger: opts.logger, allowHosts: opts.allowHosts, allowOrigins: opts.allowOrigins, token: opts.token });
}
