// worker-pidfile.ts - the worker's pid on disk (<dataDir>/worker.pid): a server started after a crash ends the worker
// its predecessor left running (it may be about to click) before a new worker drives the client.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';
import type { Logger } from 'pino';

/** How long a killed orphan may take to be gone: the kill is immediate (SIGKILL / taskkill /F), then the OS reaps it. */
export const ORPHAN_EXIT_WAIT_MS = 5_000;
/** tasklist and ps answer in well under a second; a hung one must not hold the start for longer than this. */
export const PROCESS_QUERY_TIMEOUT_MS = 5_000;
/** How often we look whether the killed orphan is gone. */
const ORPHAN_POLL_MS = 50;
/** Windows: Win32_Process's CommandLine of one pid through CIM (tasklist shows no command line); nothing for none. */
export const WINDOWS_COMMAND_LINE_QUERY = (pid: number): string =>
  `$p = Get-CimInstance -ClassName Win32_Process -Filter 'ProcessId=${String(pid)}'; if ($p) { [Console]::Out.Write([string]$p.CommandLine) }`;

export interface WorkerPidFileOptions {
  /** The file, e.g. <dataDir>/worker.pid. */
  file: string;
  /** Text the worker's command line contains, e.g. ThsAutomation.ps1. */
  mark: string;
  /** Windows: the PowerShell that reads a process's command line (the worker's own PowerShell). */
  powershell?: string | undefined;
}

/** How to tell whether a pid is one of our workers: the platform, and on Windows the PowerShell to ask. */
export interface WorkerQuery {
  platform?: NodeJS.Platform;
  powershell?: string | undefined;
}

/** What the file holds: the worker's pid, and which server started it when. */
interface PidRecord {
  pid: number;
  serverPid: number;
  startedAt: string;
}

/** True when a process with this pid exists and is not a zombie (a zombie cannot click anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
  if (process.platform !== 'linux') return true;
  try {
    // /proc/<pid>/stat: "pid (comm) S ..."; the state letter follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false; // gone between the two looks
  }
}

/**
 * True when the live process `pid` is one of our workers: its command line contains `mark`. On Windows the command
 * line comes from CIM through PowerShell; when it cannot be read the answer is false (an unknown process is never
 * killed: a worker whose server died also sees its stdin close and ends itself once idle).
 */
export async function isOurWorker(pid: number, mark: string, q: WorkerQuery = {}): Promise<boolean> {
  const platform = q.platform ?? process.platform;
  if (platform === 'linux') {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some((arg) => arg.includes(mark));
    } catch {
      return false;
    }
  }
  if (platform === 'win32') {
    const r = await execa(q.powershell ?? 'powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', WINDOWS_COMMAND_LINE_QUERY(pid)], { reject: false, timeout: PROCESS_QUERY_TIMEOUT_MS, windowsHide: true });
    return r.exitCode === 0 && r.stdout.includes(mark);
  }
  const r = await execa('ps', ['-p', String(pid), '-o', 'command='], { reject: false, timeout: PROCESS_QUERY_TIMEOUT_MS });
  return r.stdout.includes(mark);
}

/** Kills a worker and what it started: its process group on POSIX (it leads one), taskkill /T on Windows. */
async function killTree(pid: number): Promise<void> {
  if (process.platform === 'win32') {
    await execa('taskkill', ['/PID', String(pid), '/T', '/F'], { reject: false, timeout: PROCESS_QUERY_TIMEOUT_MS, windowsHide: true });
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Waits (bounded) until `pid` is gone; true when it is. */
async function waitGone(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (processAlive(pid)) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, ORPHAN_POLL_MS));
  }
  return true;
}

/** The worker's pid file: written for each worker started, removed when it exits, read once before the first one. */
export class WorkerPidFile {
  readonly file: string;
  private readonly mark: string;
  private readonly query: WorkerQuery;

  constructor(opts: WorkerPidFileOptions, query: WorkerQuery = {}) {
    this.file = opts.file;
    this.mark = opts.mark;
    this.query = { powershell: opts.powershell, ...query };
  }

  /** Records a worker just started; a failure is logged (the worker runs, but a crash of ours would leave it unseen). */
  record(pid: number, log: Logger): void {
    const rec: PidRecord = { pid, serverPid: process.pid, startedAt: new Date().toISOString() };
    try {
      writeFileSync(this.file, JSON.stringify(rec) + '\n');
    } catch (err) {
      log.warn({ err, file: this.file }, 'could not record the worker pid: a crash of this server would leave its worker unseen by the next one');
    }
  }

  /** Removes the file when it still names `pid` (a newer worker's record stays); a failure is logged. */
  clear(pid: number | undefined, log: Logger): void {
    try {
      if (pid !== undefined && this.read()?.pid === pid) rmSync(this.file, { force: true });
    } catch (err) {
      log.warn({ err, file: this.file }, 'could not remove the worker pid file');
    }
  }

  /**
   * Ends the worker an earlier server left running, if the file names a live process that is our worker; resolves
   * with its pid (or null when there was none). Rejects when it is still alive after ORPHAN_EXIT_WAIT_MS.
   */
  async endOrphan(log: Logger): Promise<number | null> {
    const rec = this.read();
    if (!rec) return null;
    if (!processAlive(rec.pid)) {
      rmSync(this.file, { force: true });
      return null;
    }
    if (!(await isOurWorker(rec.pid, this.mark, this.query))) {
      log.info({ pid: rec.pid, file: this.file }, 'the worker pid file names a process that is not known to be a worker (pid reused, or its command line unreadable); left alone');
      rmSync(this.file, { force: true });
      return null;
    }
    log.warn({ pid: rec.pid, serverPid: rec.serverPid, since: rec.startedAt }, 'a worker left by an earlier server is still running: ending it before a new worker drives the client');
    await killTree(rec.pid);
    if (!(await waitGone(rec.pid, ORPHAN_EXIT_WAIT_MS))) {
      throw new Error(`a worker left by an earlier server (pid ${rec.pid}) is still running ${ORPHAN_EXIT_WAIT_MS} ms after it was killed; end it by hand (Task Manager / kill ${rec.pid})`);
    }
    rmSync(this.file, { force: true });
    log.warn({ pid: rec.pid }, 'orphaned worker ended');
    return rec.pid;
  }

  private read(): PidRecord | undefined {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return undefined;
    }
    try {
      const { pid, serverPid, startedAt } = JSON.parse(text) as Record<string, unknown>;
      if (typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 0) {
        return { pid, serverPid: typeof serverPid === 'number' ? serverPid : 0, startedAt: typeof startedAt === 'string' ? startedAt : '' };
      }
    } catch {
      // a torn write: nothing to trust
    }
    return undefined;
  }
}
