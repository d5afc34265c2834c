// server.ts - the composition: config -> the data-dir lock -> one runtime per account (worker, journal, trading;
// account-runtime.ts; with --discover, as clients are found: discover-clients.ts) -> the front doors (HTTP,
// easytrader, MCP); listens, and stops them in order.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { ROOT, VERSION } from './paths.ts';
import { AccountConfigError, accountSpecs, maskAccount } from './accounts.ts';
import { AccountRuntime, type SharedSetup } from './account-runtime.ts';
import { AccountFolderError, lockAccountFolders } from './account-folders.ts';
import { discoverClients } from './discover-clients.ts';
import type { ClientDiscovery } from './discovery.ts';
import { buildApp } from '../http/app.ts';
import type { AccountDoor } from '../trading/accounts.ts';
import { buildEasytraderApp } from '../easytrader/app.ts';
import { mcpHttpHandler } from '../mcp/http.ts';
import { serveStdio, type StdioMcp } from '../mcp/stdio.ts';
import { DataDirLockedError, DataLock } from './data-lock.ts';
import { findPowerShell } from '../bridge/powershell.ts';
import { OverallLimits } from '../risk/limits.ts';
import type { SupervisorOptions, WorkerSupervisor } from '../bridge/supervisor.ts';

export { ROOT, VERSION, WORKER_SCRIPT } from './paths.ts';
export { SHUTDOWN_DEADLINE_MS } from '../bridge/commands.ts';
export { WORKER_PID_FILE, workerArgs } from './account-runtime.ts';
export { SCOUT_PID_FILE } from './discover-clients.ts';

export class StartupError extends Error {}

export interface RunningServer {
  server: Server;
  /** The first account's worker (the only one of a single-account server); with --discover, the scout. */
  bridge: WorkerSupervisor;
  /** Every account's runtime, in the order configured (with --discover, in the order found: it grows). */
  accounts: readonly AccountRuntime[];
  /** With --discover: what lists and tells apart the desktop's trading windows. */
  discovery?: ClientDiscovery | undefined;
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
  let specs;
  try {
    specs = accountSpecs(config);
  } catch (err) {
    if (err instanceof AccountConfigError) throw new StartupError(err.message);
    throw err;
  }
  // An account section of the risk file that names no account would leave that account's limits unset: refused
  // (with --discover the accounts are not known before their windows are found).
  if (!config.discover) for (const key of Object.keys(config.risk?.accounts ?? {})) {
    if (!specs.some((x) => x.id === key || x.name === key)) {
      throw new StartupError(`--risk-config: accounts.${key} 不是这台服务的账户（有 ${specs.map((x) => x.id).join('、')}）。(the risk file names an account this server does not drive)`);
    }
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
  // Several accounts: each account's folder locked too, and checked to be that account's.
  let folderLocks: DataLock[] = [];
  if (lock) {
    try {
      folderLocks = lockAccountFolders(specs, { version: VERSION, port: config.port === 0 ? null : config.port }, logger);
    } catch (err) {
      lock.release();
      if (err instanceof AccountFolderError) throw new StartupError(err.message);
      throw err;
    }
  }
  const releaseLocks = (): void => {
    for (const l of folderLocks) l.release();
    lock?.release();
  };
  const started = Date.now();
  let easytraderUrl: string | null = null; // set once easytrader's port is bound (--easytrader-port)
  const serverInfo = (): Record<string, unknown> => ({ version: VERSION, uptimeMs: Date.now() - started, node: process.version, powershell: ps.path, backendConfigured: config.backend, keepaliveMinutes: config.keepaliveMinutes, easytraderUrl });
  const several = specs.length > 1 || config.discover;
  // One runtime per account (its worker, journal, trading core); every front door is an adapter over their cores.
  const overallLimits = new OverallLimits(config.risk?.overall?.max_orders_per_minute);
  const shared: SharedSetup = { config, logger, powershell: ps.path, lockError, locked: lock !== undefined, serverInfo, overrides, overallLimits };
  const accounts = specs.map((spec) => new AccountRuntime(spec, shared, several));
  const doorOf = (a: AccountRuntime): AccountDoor => ({ id: a.spec.id, name: a.spec.name, type: a.spec.type, trading: a.trading, aliases: a.client ? a.shareholders : undefined, client: () => a.client });
  const doors: AccountDoor[] = accounts.map(doorOf);
  let listening = false;
  const discovery = config.discover ? discoverClients({ config, logger, shared, powershell: ps.path, overrides, locked: lock !== undefined, accounts, doors, doorOf, folderLocks, listening: () => listening }) : undefined;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- accountSpecs gives at least one account without --discover
  const firstBridge = discovery?.scout ?? accounts[0]!.bridge;
  const guards = { allowHosts: config.allowHosts, allowOrigins: config.allowOrigins, token: config.token };
  // MCP (docs/mcp.md): at /mcp on this port only with a token; on stdio with --mcp-stdio. Trading tools only with
  // --mcp-trading; with several accounts each tool takes `account`, and easytrader's basic-auth user names it (docs/accounts.md).
  const mcp = { trading: config.mcpTrading, version: VERSION, logger, discover: config.discover };
  const unidentifiedClients = discovery ? (): ReadonlyArray<Record<string, unknown>> => discovery.discovery.unidentified().map((c) => ({ ...c })) : undefined;
  const app = buildApp(doors, { logger, ...guards, tokenInQuery: config.tokenInQuery, requireAccount: config.discover, unidentifiedClients, extraRoutes: [mcpHttpHandler(doors, { ...mcp, tokenSet: config.token !== undefined })] });
  for (const a of accounts) a.startWorker(logger);
  if (discovery) void discovery.scout.start();
  const stopWorkers = async (deadlineMs?: number): Promise<void> => {
    // Discovery first: no account is added from now on; stopping the scout ends an identify in flight.
    discovery?.discovery.stop();
    await Promise.all([...accounts.map((a) => a.stopWorker(deadlineMs)), discovery?.scout.stop(deadlineMs)]);
    await discovery?.discovery.settled();
  };
  const server = await new Promise<Server>((resolve, reject) => {
    // Express 5 calls this back on a listen error too (with the error): only a bound port resolves; the error below rejects.
    const s = app.listen(config.port, config.host, (err?: Error) => {
      if (!err) resolve(s);
    });
    s.once('error', (err: NodeJS.ErrnoException) => {
      void stopWorkers(0).then(releaseLocks);
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
        const s = buildEasytraderApp(doors, { logger, ...guards, requireAccount: config.discover }).listen(etPort, config.host, (err?: Error) => (err ? reject(err) : resolve(s)));
      });
    } catch (err) {
      server.close();
      await stopWorkers(0);
      releaseLocks();
      const code = (err as NodeJS.ErrnoException).code;
      throw new StartupError(code === 'EADDRINUSE' ? `easytrader 端口 ${etPort} 已被占用（easytrader 自己的服务也用 1430）：换一个 --easytrader-port，或先停掉占用它的程序。(easytrader port in use)` : `无法监听 easytrader 端口 ${config.host}:${etPort}：${(err as Error).message}`);
    }
    const etAddr = etServer.address();
    easytraderUrl = `http://${host}:${typeof etAddr === 'object' && etAddr ? etAddr.port : etPort}`;
  }
  logger.info({ url: `http://${host}:${port}`, backend: config.backend, powershell: ps.path, easytraderUrl, accounts: specs.map((x) => ({ account: maskAccount(x.id), name: x.name, type: x.type })) }, 'listening');
  // Never the token itself: only whether one is required.
  logger.info({ tokenRequired: config.token !== undefined, allowHosts: config.allowHosts, allowOrigins: config.allowOrigins, risk: config.risk ?? null, dryRun: config.dryRun }, 'security');
  if (config.dryRun) logger.warn('dry run: orders, cancels, IPO subscriptions and refreshes are answered but never sent to the client; the bridge refuses them too');
  logger.info({ http: config.token !== undefined ? '/mcp' : null, stdio: config.mcpStdio, trading: config.mcpTrading }, 'mcp');
  const stdioMcp: StdioMcp | undefined = config.mcpStdio ? await serveStdio(doors, mcp) : undefined;
  for (const a of accounts) a.startWatchers();
  listening = true;
  discovery?.discovery.start();
  return {
    server,
    bridge: firstBridge,
    accounts,
    discovery: discovery?.discovery,
    url: `http://${host}:${port}`,
    mcpStdioEnded: stdioMcp?.ended,
    async close(): Promise<void> {
      await stdioMcp?.close();
      const closed = new Promise<void>((r) => server.close(() => r()));
      const etClosed = new Promise<void>((r) => (etServer ? etServer.close(() => r()) : r()));
      server.closeIdleConnections();
      etServer?.closeIdleConnections();
      await stopWorkers();
      server.closeAllConnections();
      etServer?.closeAllConnections();
      await closed;
      await etClosed;
      for (const a of accounts) a.closeJournal();
      releaseLocks();
    },
  };
}
