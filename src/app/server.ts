// server.ts - the composition: config -> the data-dir lock -> bridge (PowerShell worker) -> journal -> trading -> HTTP
// app; listens, and stops them in order.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { ROOT, VERSION, WORKER_SCRIPT } from './paths.ts';
import { buildApp } from '../http/app.ts';
import { Trading } from '../trading/trading.ts';
import { buildEasytraderApp } from '../easytrader/app.ts';
import { mcpHttpHandler } from '../mcp/http.ts';
import { serveStdio, type StdioMcp } from '../mcp/stdio.ts';
import { DataDirLockedError, DataLock } from './data-lock.ts';
import { findPowerShell } from '../bridge/powershell.ts';
import { WorkerSupervisor, type SupervisorOptions } from '../bridge/supervisor.ts';
import { COMMAND_NAMES, SHUTDOWN_DEADLINE_MS } from '../bridge/commands.ts';
import { KeepAlive } from '../bridge/keepalive.ts';
import { JournalStore } from '../journal/store.ts';
import { OrderGate } from '../journal/gate.ts';
import { readGrid } from '../trading/reports.ts';
import { OrderWatch } from '../trading/order-watch.ts';
import { Webhooks } from '../events/webhooks.ts';

export { ROOT, VERSION, WORKER_SCRIPT } from './paths.ts';
export { SHUTDOWN_DEADLINE_MS } from '../bridge/commands.ts';

export class StartupError extends Error {}

/** Beside the journal: the pid of the worker this data dir's server runs (a crashed server's worker is ended). */
export const WORKER_PID_FILE = 'worker.pid';

/** The PowerShell command line that starts the worker for a config. */
export function workerArgs(config: Pick<Config, 'backend' | 'simState'> & Partial<Pick<Config, 'exportDir' | 'testPauseAt' | 'resultDisplay' | 'profilePort'>>): string[] {
  const args = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', WORKER_SCRIPT];
  args.push('-Backend', config.backend === 'sim' ? 'Sim' : 'Win32');
  if (config.backend === 'sim') args.push('-SimState', config.simState);
  // Options reach the worker as parameters: it reads no THS_* variable of its own.
  if (config.exportDir !== undefined) args.push('-ExportDir', config.exportDir);
  if (config.testPauseAt !== undefined) args.push('-TestPauseAt', config.testPauseAt);
  if (config.resultDisplay === 'toast') args.push('-ResultDisplay', 'Toast');
  if (config.profilePort === true) args.push('-ProfilePort');
  return args;
}

export interface RunningServer {
  server: Server;
  bridge: WorkerSupervisor;
  url: string;
  /** With --mcp-stdio: resolves when the MCP client has closed stdin (the process should then stop). */
  mcpStdioEnded?: Promise<void> | undefined;
  close(): Promise<void>;
}

/** Starts the worker and listens; resolves once the port is bound (the worker may still be starting). */
export async function startServer(config: Config, logger: Logger, overrides: Partial<SupervisorOptions> = {}): Promise<RunningServer> {
  const ps = findPowerShell({ explicit: config.powershell, projectRoot: ROOT });
  if (!ps) {
    throw new StartupError('没有找到 PowerShell：请安装 PowerShell 7（pwsh），或用 --powershell 指定路径；在本项目里运行 npm run setup 会把 pwsh 装到 .tools/。(no PowerShell found: install pwsh, pass --powershell, or run npm run setup)');
  }
  if (config.powershell && !existsSync(config.powershell)) {
    throw new StartupError(`--powershell ${config.powershell} 不存在。(the PowerShell path does not exist)`);
  }
  // One server per data dir, taken before the journal opens and before any worker starts: a second server stops here.
  let lock: DataLock | undefined;
  let lockError: string | undefined;
  try {
    lock = DataLock.acquire(config.dataDir, { version: VERSION, port: config.port === 0 ? null : config.port }, logger);
  } catch (err) {
    if (err instanceof DataDirLockedError) throw new StartupError(err.message);
    lockError = `${config.dataDir}: 数据目录无法加锁（${(err as Error).message}），不能确认没有别的服务在用它，所以不打开委托日志、不下单。(the data dir cannot be locked: orders are stopped)`;
    logger.error({ err, dataDir: config.dataDir }, 'the data dir cannot be locked: the journal is not opened, order routes are stopped');
  }
  // A worker from another release (other commands, other version) is refused at its ready line.
  const expect = { commands: COMMAND_NAMES, scriptVersion: VERSION };
  // The lock holder ends a worker a crashed server left on this data dir before its own worker starts.
  const pidFile = lock ? { file: path.join(config.dataDir, WORKER_PID_FILE), mark: path.basename(WORKER_SCRIPT), powershell: ps.path } : undefined;
  const bridge = new WorkerSupervisor({ powershell: ps.path, args: workerArgs(config), cwd: ROOT, logger, expect, dryRun: config.dryRun, pidFile, standby: config.standby, ...overrides });
  // The journal must exist before any order: without it, order routes answer 503 journal_unavailable.
  let store: JournalStore | undefined;
  let journalError: string | undefined = lockError;
  // Without the lock another server may hold this journal: not opened (orders answer 503 journal_unavailable).
  try {
    if (lock) store = new JournalStore(config.dataDir, { maxPages: config.testJournalMaxPages });
  } catch (err) {
    journalError = `${config.dataDir}: ${(err as Error).message}`;
    logger.error({ err, dataDir: config.dataDir }, 'order journal cannot be opened: order routes are stopped');
  }
  // Every event gets a webhook delivery per URL in its own transaction, from the first (the gate's recovery) on.
  store?.events.setDeliveryTargets(config.webhooks);
  const gate = new OrderGate({ store, openError: journalError, logger, guardUnsettled: config.unsettledGuard, duplicateWindowMs: config.duplicateWindow * 1000, absentAfterMs: config.testAbsentAfterMs, readOrders: async (signal) => (await readGrid(bridge, 'orders', signal)).rows });
  bridge.onReady(() => gate.scheduleReconcile(0));
  const started = Date.now();
  let easytraderUrl: string | null = null; // set once easytrader's port is bound (--easytrader-port)
  // One trading core: every front door (HTTP, easytrader, ...) is an adapter over this same instance.
  const trading = new Trading({
    bridge,
    logger,
    gate,
    serverInfo: () => ({ version: VERSION, uptimeMs: Date.now() - started, node: process.version, powershell: ps.path, backendConfigured: config.backend, journal: gate.health(), keepaliveMinutes: config.keepaliveMinutes, easytraderUrl, orderWatch: orderWatch.health(), webhooks: webhooks?.health() ?? [] }),
    risk: config.risk,
    dryRun: config.dryRun,
  });
  // Push (docs/events.md): fills and cancels of today's open orders into the event log; each event POSTed to the webhooks.
  const orderWatch = new OrderWatch({ bridge, gate, intervalMs: config.eventsInterval, logger });
  const webhooks: Webhooks | undefined = trading.events && config.webhooks.length > 0 ? new Webhooks({ feed: trading.events, urls: config.webhooks, logger, userAgent: `ths-http-trader/${VERSION}` }) : undefined;
  const guards = { allowHosts: config.allowHosts, allowOrigins: config.allowOrigins, token: config.token };
  // MCP (docs/mcp.md): at /mcp on this port only with a token; on stdio with --mcp-stdio. Trading tools only with --mcp-trading.
  const mcp = { trading: config.mcpTrading, version: VERSION, logger };
  const app = buildApp(trading, { logger, ...guards, tokenInQuery: config.tokenInQuery, extraRoutes: [mcpHttpHandler(trading, { ...mcp, tokenSet: config.token !== undefined })] });
  void bridge.start();
  const keepAlive = new KeepAlive(bridge, { intervalMs: Math.round(config.keepaliveMinutes * 60_000), logger });
  // A refresh changes the client: none in dry-run (the bridge would refuse it anyway).
  if (!config.dryRun) keepAlive.start();
  else if (keepAlive.enabled) logger.info('dry run: keep-alive off (a refresh is a command that changes the client)');
  const server = await new Promise<Server>((resolve, reject) => {
    // Express 5 calls this back on a listen error too (with the error): only a bound port resolves; the error below rejects.
    const s = app.listen(config.port, config.host, (err?: Error) => {
      if (!err) resolve(s);
    });
    s.once('error', (err: NodeJS.ErrnoException) => {
      keepAlive.stop();
      void bridge.stop(0).then(() => lock?.release());
      reject(new StartupError(err.code === 'EADDRINUSE' ? `端口 ${config.port} 已被占用：换一个 --port，或先停掉占用它的程序。(port in use)` : `无法监听 ${config.host}:${config.port}：${err.message}`));
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  try {
    lock?.setPort(port);
  } catch (err) {
    logger.warn({ err }, 'could not record the port in the data-dir lock');
  }
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  // easytrader's remote protocol on its own port (off unless set): the same trading core, the same guards.
  let etServer: Server | undefined;
  if (config.easytraderPort !== undefined) {
    const etPort = config.easytraderPort;
    try {
      etServer = await new Promise<Server>((resolve, reject) => {
        // Express 5 calls this back on a listen error too (with the error): only a bound port resolves.
        const s = buildEasytraderApp(trading, { logger, ...guards }).listen(etPort, config.host, (err?: Error) => (err ? reject(err) : resolve(s)));
      });
    } catch (err) {
      keepAlive.stop();
      server.close();
      await bridge.stop(0);
      lock?.release();
      const code = (err as NodeJS.ErrnoException).code;
      throw new StartupError(code === 'EADDRINUSE' ? `easytrader 端口 ${etPort} 已被占用（easytrader 自己的服务也用 1430）：换一个 --easytrader-port，或先停掉占用它的程序。(easytrader port in use)` : `无法监听 easytrader 端口 ${config.host}:${etPort}：${(err as Error).message}`);
    }
    const etAddr = etServer.address();
    easytraderUrl = `http://${host}:${typeof etAddr === 'object' && etAddr ? etAddr.port : etPort}`;
  }
  logger.info({ url: `http://${host}:${port}`, backend: config.backend, powershell: ps.path, easytraderUrl }, 'listening');
  // Never the token itself: only whether one is required.
  logger.info({ tokenRequired: config.token !== undefined, allowHosts: config.allowHosts, allowOrigins: config.allowOrigins, risk: config.risk ?? null, dryRun: config.dryRun }, 'security');
  if (config.dryRun) logger.warn('dry run: orders, cancels, IPO subscriptions and refreshes are answered but never sent to the client; the bridge refuses them too');
  logger.info({ http: config.token !== undefined ? '/mcp' : null, stdio: config.mcpStdio, trading: config.mcpTrading }, 'mcp');
  const stdioMcp: StdioMcp | undefined = config.mcpStdio ? await serveStdio(trading, mcp) : undefined;
  orderWatch.start();
  webhooks?.start();
  return {
    server,
    bridge,
    url: `http://${host}:${port}`,
    mcpStdioEnded: stdioMcp?.ended,
    async close(): Promise<void> {
      await stdioMcp?.close();
      const closed = new Promise<void>((r) => server.close(() => r()));
      const etClosed = new Promise<void>((r) => (etServer ? etServer.close(() => r()) : r()));
      server.closeIdleConnections();
      etServer?.closeIdleConnections();
      keepAlive.stop();
      orderWatch.stop();
      webhooks?.stop();
      await bridge.stop(SHUTDOWN_DEADLINE_MS);
      server.closeAllConnections();
      etServer?.closeAllConnections();
      await closed;
      await etClosed;
      store?.close();
      lock?.release();
    },
  };
}
