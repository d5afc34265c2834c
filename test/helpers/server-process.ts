// server-process.ts - runs the real server (node src/main.ts) as a child process on a free port, for end-to-end tests.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { ROOT, pwshPath } from './pwsh.ts';
import { WIN32_DIR, WRAPPER, killWineServer, runSetup, startController, win32SkipReason, winPath, type LineProcess } from '../../rig/win32/bench.ts';

/** The Win32 double as rig/win32/setup.sh builds it. */
const DOUBLE_EXE = path.join(WIN32_DIR, 'double', 'xiadan_double.exe');

export type Backend = 'sim' | 'win32';

/**
 * The backends the end-to-end suites run on: always the simulated port; also the Windows port under Wine against the
 * Win32 double when Wine is here (required under CI=true, skipped elsewhere with how to enable it).
 */
export function e2eBackends(): Backend[] {
  const reason = win32SkipReason();
  if (reason !== null && !backendNoticeShown) {
    backendNoticeShown = true;
    console.log(`    (win32 backend skipped: ${reason})`);
  }
  const all: Backend[] = reason === null ? ['sim', 'win32'] : ['sim'];
  const only = process.env['THS_E2E_BACKENDS']; // e.g. "win32" for npm run test:win32
  if (!only) return all;
  const wanted = only.split(',').map((b) => b.trim());
  if (wanted.includes('win32') && reason !== null) throw new Error(`THS_E2E_BACKENDS asks for win32, but: ${reason}`);
  return all.filter((b) => wanted.includes(b));
}
/**
 * `it` on the simulated backend only. For a case whose way through the window port another case of the same suite
 * already takes on win32 (it varies the server's own logic, a text table, a timer or a parameter encoding): a Wine
 * case costs a server start (~13 s), and CI has a 40-minute budget (docs/testing.md, "Both backends").
 */
export function simOnly(backend: Backend): (title: string, fn: Mocha.AsyncFunc) => void {
  return (title, fn) => {
    if (backend === 'sim') it(title, fn);
  };
}
let backendNoticeShown = false;
let win32SetupDone = false;

/** Stops every Wine process of the bench (call once after a suite that used the win32 backend). */
export async function cleanupBackends(): Promise<void> {
  if (win32SetupDone) await killWineServer();
}

export const SAMPLE_STATE = path.join(ROOT, 'ps', 'sim', 'sample-state.json');

export interface ServerProcess {
  url: string;
  pid: number;
  statePath: string;
  logs: string[];
  /** The simulated account as last written by the worker. */
  state(): SimStateFile;
  /** The bridge's worker pid from /health. */
  workerPid(): Promise<number>;
  get(pathAndQuery: string, init?: RequestInit): Promise<{ http: number; body: Record<string, unknown>; text: string }>;
  /** Win32 with `clients`: closes that client (its double and controller stop). */
  stopClient(name: string): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | undefined>;
}

// The state file's shape as far as the tests read it.
export interface SimStateFile {
  client: Record<string, unknown>;
  account: Record<string, unknown>;
  orders: Array<Record<string, unknown>>;
  trades: Array<Record<string, unknown>>;
  positions: Record<string, Record<string, unknown>>;
  quotes: Record<string, Record<string, unknown>>;
}

/** A fresh copy of the sample account, optionally edited, in a temp dir. */
export function freshState(edit?: (s: SimStateFile) => void): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ths-e2e-'));
  const file = path.join(dir, 'state.json');
  if (edit) {
    const s = JSON.parse(readFileSync(SAMPLE_STATE, 'utf8').replace(/^\uFEFF/, '')) as SimStateFile;
    edit(s);
    writeFileSync(file, JSON.stringify(s, null, 2));
  } else {
    copyFileSync(SAMPLE_STATE, file);
  }
  return file;
}

/** Starts `node src/main.ts` on port 0 with the sim backend (or extra args) and waits for its `listening` log line. */
/** One of several Win32 clients on one PC (startServerProcess's `clients`): the account name and its model's state. */
export interface Win32Client { name: string; statePath: string }

/** Starts one copy of the Win32 double at an exe path of its own (`<temp>/<name>/xiadan.exe`) showing a client's
 * model; returns its controller (stop it to close that client) and the exe. */
export async function startDouble(c: Win32Client): Promise<{ proc: LineProcess; exe: string }> {
  const exe = path.join(mkdtempSync(path.join(os.tmpdir(), 'ths-client-')), c.name, 'xiadan.exe');
  mkdirSync(path.dirname(exe), { recursive: true });
  copyFileSync(DOUBLE_EXE, exe);
  return { proc: (await startController(c.statePath, exe)).proc, exe };
}

/**
 * Starts `node src/main.ts` on port 0 with the sim backend (or extra args) and waits for its `listening` log line.
 * With the win32 backend and `clients`, one double per client, each a copy of the double's exe at a path of its own
 * (`<temp>/<name>/xiadan.exe`), and the server told `--client name=<that exe>` for each.
 */
export async function startServerProcess(opts: { statePath?: string; args?: string[]; env?: Record<string, string>; waitReady?: boolean; backend?: Backend; clients?: Win32Client[]; discover?: boolean } = {}): Promise<ServerProcess> {
  const statePath = opts.statePath ?? opts.clients?.[0]?.statePath ?? freshState();
  const backend = opts.backend ?? 'sim';
  const controllers: LineProcess[] = [];
  const byName = new Map<string, LineProcess>();
  let backendArgs = ['--backend', 'sim', '--sim-state', statePath];
  let powershell = pwshPath();
  if (backend === 'win32') {
    // The Win32 double shows the simulated client's model (same state file); the worker runs under Wine.
    if (!win32SetupDone) {
      await runSetup();
      win32SetupDone = true;
    }
    backendArgs = ['--backend', 'win32'];
    if (opts.clients === undefined) {
      controllers.push((await startController(statePath)).proc);
    } else {
      for (const c of opts.clients) {
        const { proc, exe } = await startDouble(c);
        controllers.push(proc);
        byName.set(c.name, proc);
        if (opts.discover !== true) backendArgs.push('--client', `${c.name}=${winPath(exe)}`);
      }
      if (opts.discover === true) backendArgs.push('--discover');
    }
    powershell = WRAPPER;
  }
  // Each server gets its own data dir (journal) unless the test names one: nothing leaks between tests or into ~.
  const dataArgs = (opts.args ?? []).includes('--data-dir') ? [] : ['--data-dir', mkdtempSync(path.join(os.tmpdir(), 'ths-data-'))];
  // No standby worker unless the test asks (--standby on): a spare is one more PowerShell start per server, and under
  // Wine a slow one; test/e2e/standby.test.ts runs with it (docs/testing.md).
  const standbyArgs = (opts.args ?? []).includes('--standby') ? [] : ['--standby', 'off'];
  const args = ['src/main.ts', '--port', '0', ...backendArgs, '--log-level', 'debug', ...dataArgs, ...standbyArgs, ...(opts.args ?? [])];
  const child: ResultPromise = execa(process.execPath, args, {
    cwd: ROOT,
    env: { THS_POWERSHELL: powershell, ...opts.env },
    buffer: false,
    reject: false,
    stdin: 'ignore',
  });
  const logs: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not listen in 20 s:\n' + logs.join('\n'))), 20_000);
    let buf = '';
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        logs.push(line);
        try {
          const j = JSON.parse(line) as { msg?: string; url?: string };
          if (j.msg === 'listening' && j.url) {
            clearTimeout(timer);
            resolve(j.url);
          }
        } catch {
          // not JSON
        }
      }
    });
    child.stderr?.on('data', (d: Buffer) => logs.push('stderr: ' + d.toString('utf8')));
    child.nodeChildProcess.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${logs.join('\n')}`));
    });
  });
  const get: ServerProcess['get'] = async (p, init) => {
    const r = await fetch(url + p, init);
    const text = await r.text();
    return { http: r.status, body: JSON.parse(text) as Record<string, unknown>, text };
  };
  const health = async (): Promise<Record<string, unknown>> => ((await get('/health')).body['message'] as Record<string, Record<string, unknown>>)['worker']!;
  // With several clients, every account's worker (GET /accounts); else the one worker of /health.
  const allReady = async (): Promise<boolean> => {
    if ((opts.clients?.length ?? 0) < 2 && opts.discover !== true) return (await health())['state'] === 'ready';
    const list = (await get('/accounts')).body['message'] as Array<{ worker: { state: string } }>;
    return list.every((a) => a.worker.state === 'ready');
  };
  if (opts.waitReady !== false) {
    const end = Date.now() + (backend === 'win32' ? 90_000 : 30_000);
    while (!(await allReady())) {
      if (Date.now() > end) throw new Error('worker not ready in 30 s:\n' + logs.join('\n'));
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    url,
    pid: child.pid!,
    statePath,
    logs,
    state: () => JSON.parse(readFileSync(statePath, 'utf8').replace(/^\uFEFF/, '')) as SimStateFile,
    workerPid: async () => Number((await health())['pid']),
    get,
    async stopClient(name: string) {
      const proc = byName.get(name);
      if (!proc) throw new Error(`no client ${name}`);
      await proc.stop();
      controllers.splice(controllers.indexOf(proc), 1);
      byName.delete(name);
    },
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      let code: number | undefined = child.nodeChildProcess.exitCode ?? undefined;
      if (child.nodeChildProcess.exitCode === null) {
        const exited = new Promise<number | undefined>((r) => child.nodeChildProcess.once('exit', (c) => r(c ?? undefined)));
        child.kill(signal);
        const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
        code = await exited;
        clearTimeout(t);
      }
      if (controllers.length > 0) {
        for (const c of controllers) await c.stop();
        // No window of this double may outlive it: the next test's worker would find it first.
        await killWineServer();
      }
      return code;
    },
  };
}

/** Runs `body` against a server on a fresh simulated state edited by `edit`, and stops the server afterwards. */
export async function withStateServer(opts: { backend: Backend; edit: (s: SimStateFile) => void; args?: string[] }, body: (s: ServerProcess) => Promise<void>): Promise<void> {
  const s = await startServerProcess({ statePath: freshState(opts.edit), backend: opts.backend, args: opts.args ?? [] });
  try {
    await body(s);
  } finally {
    await s.stop();
  }
}
