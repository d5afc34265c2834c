// bench.ts - the Wine rig for `npm run win32:serve` and the Win32 tests: builds it (setup.sh), runs the controller +
// double, runs PowerShell scripts under Wine through wine-powershell.sh, and cleans up every process it started (by
// pid) and the prefix's wineserver. Imports no test code.
import { spawn, spawnSync, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { findPowerShell } from '../../src/bridge/powershell.ts';

/** This rig's folder and the repository root. */
export const WIN32_SRC = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(WIN32_SRC, '..', '..');
export const WIN32_DIR = process.env['THS_WIN32_DIR'] ?? path.join(ROOT, '.tools', 'win32');
export const WINE_PREFIX = path.join(WIN32_DIR, 'prefix');
export const WRAPPER = path.join(WIN32_SRC, 'wine-powershell.sh');

/** The Linux PowerShell that runs the controller: the server's own discovery (src/bridge/powershell.ts). */
export function pwshPath(): string {
  return findPowerShell({ explicit: process.env['THS_POWERSHELL'], projectRoot: ROOT })?.path ?? 'pwsh';
}

/** Building from nothing: prefix 10-20 s, packs restore a few s (more on a cold NuGet cache), host + double ~5 s. */
export const SETUP_TIMEOUT_MS = 600_000;
/** The controller is up when the double (a Wine program) shows the initial tree: ~1-3 s warm, more on a cold prefix. */
export const CONTROLLER_READY_TIMEOUT_MS = 90_000;
/** First line of a PowerShell script under Wine: ~2-4 s measured (runtime start + Add-Type). */
export const WINE_PWSH_READY_TIMEOUT_MS = 90_000;
/** One worker request: the slowest (an order with popups) takes well under a second on the double. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** A process asked to stop (stdin closed) gets this long before it is killed. */
export const STOP_GRACE_MS = 5_000;
/** wineserver -k for the prefix. */
export const WINESERVER_KILL_TIMEOUT_MS = 30_000;

const HOW_TO_ENABLE = 'install Wine and mingw-w64 (Debian: apt-get install -y --no-install-recommends wine wine64 libwine gcc-mingw-w64-x86-64), or run with CI=true to make it required';

/** Why the Win32 tests cannot run here (null when they can). Under CI=true a missing Wine is not a reason: setup runs. */
export function win32SkipReason(): string | null {
  if (process.platform !== 'linux') return 'the Wine bench runs on Linux only';
  const check = spawnSync('bash', [path.join(WIN32_SRC, 'setup.sh'), '--check'], { encoding: 'utf8' });
  if (check.status === 0) return null;
  if (process.env['CI'] === 'true') return null;
  return `Wine or mingw-w64 is missing: ${HOW_TO_ENABLE}`;
}

/** Runs setup.sh (idempotent); returns how long it took. Throws with its stderr on failure. */
export async function runSetup(): Promise<number> {
  const started = Date.now();
  const p = spawn('bash', [path.join(WIN32_SRC, 'setup.sh')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  p.stdout.on('data', (d: Buffer) => { err += d.toString(); });
  const code = await waitExit(p, SETUP_TIMEOUT_MS);
  if (code !== 0) throw new Error(`rig/win32/setup.sh failed (exit ${String(code)}):\n${err.slice(-4000)}`);
  return Date.now() - started;
}

/** A child process speaking JSON lines on stdin / stdout; stderr is kept for error messages. */
export class LineProcess {
  readonly child: ChildProcessByStdio<Writable, Readable, Readable>;
  stderr = '';
  private lines: string[] = [];
  private waiters: Array<() => void> = [];
  private closed = false;

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
    this.child = spawn(command, args, { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const rl = createInterface({ input: this.child.stdout });
    rl.on('line', (l) => { this.lines.push(l); this.wake(); });
    rl.on('close', () => { this.closed = true; this.wake(); });
    this.child.stderr.on('data', (d: Buffer) => { this.stderr = (this.stderr + d.toString()).slice(-20_000); });
    this.child.on('error', (e) => { this.stderr += String(e); this.closed = true; this.wake(); });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** The next stdout line parsed as JSON (non-JSON lines are skipped), within timeoutMs. */
  async nextJson(timeoutMs: number, what: string): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) {
        try { return JSON.parse(line) as Record<string, unknown>; } catch { continue; }
      }
      if (this.closed) throw new Error(`${what}: the process closed its stdout. stderr:\n${this.stderr.slice(-3000)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${what}: nothing within ${timeoutMs} ms. stderr:\n${this.stderr.slice(-3000)}`);
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => { this.waiters.push(resolve); timer = setTimeout(resolve, left); });
      clearTimeout(timer);
    }
  }

  send(value: unknown): void {
    this.child.stdin.write(JSON.stringify(value) + '\n');
  }

  /** Closes stdin, waits STOP_GRACE_MS, then kills by pid. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.stdin.end();
    const code = await waitExit(this.child, STOP_GRACE_MS);
    if (code === 'timeout' && this.child.pid !== undefined) {
      try { process.kill(this.child.pid, 'SIGKILL'); } catch { /* already gone */ }
      await waitExit(this.child, STOP_GRACE_MS);
    }
  }
}

/** Starts SimController.ps1 (the model of ps/ThsSimClient + the double) and waits for its ready line. */
export async function startController(statePath: string, doubleExe?: string): Promise<{ proc: LineProcess; ready: Record<string, unknown> }> {
  const proc = new LineProcess(pwshPath(), ['-NoProfile', '-NonInteractive', '-File', path.join(WIN32_SRC, 'SimController.ps1'),
    '-StatePath', statePath, ...(doubleExe === undefined ? [] : ['-DoubleExe', doubleExe])]);
  try {
    const ready = await proc.nextJson(CONTROLLER_READY_TIMEOUT_MS, 'controller ready');
    if (ready['type'] !== 'ready') throw new Error(`controller: unexpected first line ${JSON.stringify(ready)}`);
    return { proc, ready };
  } catch (e) {
    await proc.stop();
    throw e;
  }
}

/** Starts a .ps1 under Wine through the wrapper, as the bridge would. */
export function startWinePwsh(script: string, args: string[] = []): LineProcess {
  return new LineProcess(WRAPPER, ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', script, ...args]);
}

/** The PowerShell host setup.sh builds (ths-pshost.exe) and the Windows DOTNET_ROOT it runs on. */
export const PSHOST_EXE = path.join(WIN32_DIR, 'pwsh', 'ths-pshost.exe');
export const DOTNET_DIR = path.join(WIN32_DIR, 'dotnet');

/** A Linux path as Wine shows it on its Z: drive (the prefix's default mapping of /); what `winepath -w` prints. */
export function winPath(p: string): string {
  return 'Z:' + path.resolve(p).replace(/\//g, '\\');
}

/** The environment Windows programs of the bench run with (as wine-powershell.sh sets it), to spawn `wine` directly. */
export function wineEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env, WINEPREFIX: WINE_PREFIX, WINEARCH: 'win64', WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mshtml=',
    DOTNET_ROOT: winPath(DOTNET_DIR), DOTNET_EnableWriteXorExecute: '0', DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', ...extra,
  };
}

/** Ends every Wine process of the bench's prefix (wineserver -k), bounded. */
export async function killWineServer(): Promise<void> {
  if (!existsSync(WINE_PREFIX)) return;
  const p = spawn('wineserver', ['-k'], { env: { ...process.env, WINEPREFIX: WINE_PREFIX }, stdio: 'ignore' });
  const code = await waitExit(p, WINESERVER_KILL_TIMEOUT_MS);
  if (code === 'timeout' && p.pid !== undefined) {
    try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ }
  }
}

/** Waits for a child to exit: its exit code, or 'timeout'. */
export function waitExit(p: ChildProcess, timeoutMs: number): Promise<number | null | 'timeout'> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve(p.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => { resolve('timeout'); }, timeoutMs);
    p.once('exit', (code) => { clearTimeout(timer); resolve(code); });
  });
}
