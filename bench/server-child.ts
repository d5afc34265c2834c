// server-child.ts - one server under test, in its own process (the load generator runs in the parent), by mode:
//   bare  a bare node:http server answering the /balance JSON from memory (the HTTP floor)
//   stub  the Express app with a bridge that answers from memory (framework, guard, parsers, reply; no worker)
//   node  the real server and bridge over a bare Node worker (echo-worker.ts): everything but PowerShell
//   full  the real server: startServer() with the PowerShell worker on the simulated client
// The parent talks to it over IPC: 'ready' {url, workerPid}; asks 'timings' (per worker command: queue, pipe, worker
// and wait times, drained) and 'gc' (collects garbage when run with --expose-gc, then reports memory).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import pino from 'pino';
import { loadConfig } from '../src/app/config.ts';
import { createLogger } from '../src/app/logger.ts';
import { startServer } from '../src/app/server.ts';
import { buildGatewayApp } from '../src/app/gateway-app.ts';
import { WorkerProcess } from '../src/bridge/worker-process.ts';
import { WorkerSupervisor } from '../src/bridge/supervisor.ts';
import type { Bridge } from '../src/bridge/supervisor-types.ts';
import type { ReplyDebug } from '../src/bridge/protocol.ts';

export type ServerMode = 'bare' | 'stub' | 'node' | 'full';

export interface ChildOptions {
  mode: ServerMode;
  /** pino level for stub / node / full ('silent' for none). */
  logLevel: string;
  /** The worker's `balance` result to answer with (stub, node) and the reply body text (bare). */
  balanceResult: unknown;
  balanceBody: string;
  statePath?: string;
  powershell?: string;
  /** full: the worker runs with -ProfilePort (replies carry its own account: port calls, waits, own time). */
  timed?: boolean;
  /** full: --standby on|off (default: the server's default, on); with one, 'ready' waits for the spare too. */
  standby?: boolean;
  /** full: win32 drives the Win32 double under Wine (its controller started by the parent; powershell = the wrapper). */
  backend?: 'sim' | 'win32';
}

/** The spare (standby worker) of a full server has this long to print its standby line before the child says ready. */
const STANDBY_READY_MS = 60_000;

/** One worker command as the bridge saw it (ms, performance.now() of this process). */
export interface CommandTiming {
  cmd: string;
  start: number;
  written?: number;
  replied?: number;
  settled?: number;
  workerMs?: number;
  waitMs?: number;
  portMs?: number;
  portCalls?: number;
  ownMs?: number;
  ok?: boolean;
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const opts = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
const timings: CommandTiming[] = [];

/** Wraps the bridge's request, the process's write and its line parsing to time each command by its request id. */
function instrumentBridge(): void {
  const byId = new Map<string, CommandTiming>();
  interface Internals { nextId: number }
  const proto = WorkerSupervisor.prototype;
  const request = proto.request;
  proto.request = function (this: WorkerSupervisor, cmd, args, onEvent, signal) {
    const t: CommandTiming = { cmd, start: performance.now() };
    // The request's job takes the supervisor's next id, and may be written at once (inside request): map it first.
    const inner = this as unknown as Internals;
    const id = String(inner.nextId);
    byId.set(id, t);
    const p = request.call(this, cmd, args, onEvent, signal);
    const job = inner.nextId !== Number(id) ? id : undefined;
    if (!job) byId.delete(id); // refused before queueing (shutting down, failed, queue full)
    timings.push(t);
    if (timings.length > 50_000) timings.shift();
    const done = (ok: boolean) => (): void => {
      t.settled = performance.now();
      t.ok = ok;
      if (job) byId.delete(job);
    };
    p.then(done(true), done(false));
    return p;
  };
  const wp = WorkerProcess.prototype as unknown as { write(line: string): boolean; emitLine(line: string): void };
  const write = wp.write;
  wp.write = function (this: WorkerProcess, line: string): boolean {
    const t = byId.get(/^\{"id":(\d+)/.exec(line)?.[1] ?? '');
    if (t) t.written = performance.now();
    return write.call(this, line);
  };
  const emitLine = wp.emitLine;
  wp.emitLine = function (this: WorkerProcess, line: string): void {
    const t = byId.get(/^\{"id":(\d+),"ok":/.exec(line)?.[1] ?? '');
    if (t) {
      t.replied = performance.now();
      if (line.includes('"debug":{')) {
        const d = (JSON.parse(line) as { debug?: ReplyDebug }).debug;
        if (d) Object.assign(t, { workerMs: d.workerMs, waitMs: d.waitMs, portMs: d.portMs, portCalls: d.portCalls, ownMs: d.ownMs });
      }
    }
    emitLine.call(this, line);
  };
}

function memoryBridge(): Bridge {
  return {
    request: async () => opts.balanceResult,
    health: () => ({ state: 'ready', pid: null, psVersion: null, psEdition: null, languageMode: null, backend: null, scriptVersion: null, windowFound: null, windowCredit: null, workerUptimeMs: null, restarts: 0, queued: 0, inFlight: null, mergedReads: 0, lastError: null, standby: null }),
  };
}

function logger(): Logger {
  return opts.logLevel === 'silent' ? pino({ level: 'silent' }) : createLogger({ level: opts.logLevel, pretty: false });
}

async function start(): Promise<{ url: string; bridge?: WorkerSupervisor }> {
  if (opts.mode === 'bare' || opts.mode === 'stub') {
    const body = Buffer.from(opts.balanceBody, 'utf8');
    const handler = opts.mode === 'bare'
      ? (_req: http.IncomingMessage, res: http.ServerResponse): void => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
        res.end(body);
      }
      : buildGatewayApp({ bridge: memoryBridge(), logger: logger() });
    const server = http.createServer(handler);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const addr = server.address() as { port: number };
    return { url: `http://127.0.0.1:${addr.port}` };
  }
  instrumentBridge();
  // Its own data dir (journal, lock) beside the bench's state file: nothing lands in the user's data folder.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ths-bench-data-'));
  const backendArgs = opts.backend === 'win32' ? ['--backend', 'win32'] : ['--backend', 'sim', '--sim-state', opts.statePath ?? ''];
  const config = loadConfig(['--port', '0', ...backendArgs, '--data-dir', dataDir, '--log-level', opts.logLevel,
    ...(opts.powershell ? ['--powershell', opts.powershell] : []), ...(opts.timed ? ['--profile-port'] : []),
    ...(opts.standby === undefined ? [] : ['--standby', opts.standby ? 'on' : 'off'])], {});
  const overrides = opts.mode === 'node'
    ? { powershell: process.execPath, args: [path.join(HERE, 'echo-worker.ts'), JSON.stringify(opts.balanceResult)] }
    : {};
  const running = await startServer(config, logger(), overrides);
  await running.bridge.start();
  // The spare starts once the worker is ready: let it finish before anything is measured (its start takes a core).
  const spareBy = Date.now() + STANDBY_READY_MS;
  while (running.bridge.health().standby?.state === 'starting' && Date.now() < spareBy) await new Promise((r) => setTimeout(r, 20));
  process.once('disconnect', () => void running.close().finally(() => process.exit(0)));
  return { url: running.url, bridge: running.bridge };
}

const { url, bridge } = await start();
process.on('message', (msg: { type: string }) => {
  if (msg.type === 'timings') {
    process.send?.({ type: 'timings', timings: timings.splice(0) });
  } else if (msg.type === 'health') {
    process.send?.({ type: 'health', health: bridge?.health() ?? null });
  } else if (msg.type === 'gc') {
    (globalThis as { gc?: () => void }).gc?.();
    process.send?.({ type: 'gc', memory: process.memoryUsage() });
  }
});
process.send?.({ type: 'ready', url, workerPid: bridge?.health().pid ?? null });
if (opts.mode === 'bare' || opts.mode === 'stub') process.once('disconnect', () => process.exit(0));
