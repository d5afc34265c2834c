// accounts.ts - item 8: several accounts served in parallel (issue 18). One real server with N simulated clients
// (--sim-state given N times, one worker each) and GET /balance?account=... from one connection per account at once:
// throughput per account and overall, for N = 1, 2, 4. One connection per account means no two identical reads wait
// together, so no answer is shared (read-merge): every request is a read of its own.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { ROOT } from '../src/app/paths.ts';
import { load, type LoadResult } from './load.ts';
import { track } from './procs.ts';
import { freshState, ZERO_DELAYS } from './state.ts';

export const ACCOUNT_COUNTS = [1, 2, 4] as const;
/** Each load run lasts this long (s). */
const RUN_SECONDS = 5;
/** Load before the measured run, per account and per account at once (s): a fresh worker gets ~3-5x faster over its
 * first several hundred commands (.NET's tiered JIT recompiles what runs often, on a background thread), and N workers
 * warm up sharing the cores, so the warm-up grows with N (measured: 2 workers on 2 cores reach their pace after ~15 s). */
const WARMUP_SECONDS_PER_ACCOUNT = 8;
/** The server has this long to listen and get every worker ready (N cold PowerShell starts on 2 cores). */
const READY_MS = 120_000;
/** A graceful stop gets this long before SIGKILL. */
const STOP_MS = 15_000;

export interface AccountsRun {
  accounts: number;
  perAccount: LoadResult[];
  /** Requests per second over all accounts together. */
  totalReqPerSec: number;
}

/** N state files with their own account numbers (zero UI delays). */
function states(n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const file = freshState(ZERO_DELAYS);
    const s = JSON.parse(readFileSync(file, 'utf8')) as { account: Record<string, unknown> };
    s.account['id'] = `88000000${String(i + 1).padStart(2, '0')}`;
    s.account['name'] = `bench${i + 1}`;
    writeFileSync(file, JSON.stringify(s));
    return file;
  });
}

async function run(pwsh: string, n: number): Promise<AccountsRun> {
  const files = states(n);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ths-bench-accounts-'));
  const child = execa(process.execPath, ['src/main.ts', '--port', '0', '--backend', 'sim', ...files.flatMap((f) => ['--sim-state', f]), '--data-dir', dataDir, '--standby', 'off', '--events-interval', '0', '--keepalive-minutes', '0', '--log-level', 'info'], { cwd: ROOT, env: { THS_POWERSHELL: pwsh }, buffer: false, reject: false, stdin: 'ignore' });
  const stop = track(async () => {
    if (child.nodeChildProcess.exitCode === null) {
      const t = setTimeout(() => child.kill('SIGKILL'), STOP_MS);
      child.kill('SIGTERM');
      await child;
      clearTimeout(t);
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bench accounts: the server did not listen in ${READY_MS} ms`)), READY_MS);
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString('utf8');
        const m = /"msg":"listening"[^\n]*?"url":"([^"]+)"|"url":"([^"]+)"[^\n]*?"msg":"listening"/.exec(buf);
        if (m) {
          clearTimeout(timer);
          resolve((m[1] ?? m[2])!);
        }
      });
      void child.then(() => reject(new Error('bench accounts: the server exited before it listened')));
    });
    const end = Date.now() + READY_MS;
    for (;;) {
      const list = ((await (await fetch(`${url}/accounts`)).json()) as { message: Array<{ account: string; worker: { state: string } }> }).message;
      if (list.every((a) => a.worker.state === 'ready')) break;
      if (Date.now() > end) throw new Error(`bench accounts: workers not ready in ${READY_MS} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const ids = files.map((_, i) => `88000000${String(i + 1).padStart(2, '0')}`);
    await Promise.all(ids.map((id) => load(`${url}/balance?account=${id}`, 1, WARMUP_SECONDS_PER_ACCOUNT * n)));
    const perAccount = await Promise.all(ids.map((id) => load(`${url}/balance?account=${id}`, 1, RUN_SECONDS)));
    return { accounts: n, perAccount, totalReqPerSec: Math.round(perAccount.reduce((a, r) => a + r.reqPerSec, 0) * 10) / 10 };
  } finally {
    await stop();
  }
}

/** Runs item 8 for N = 1, 2, 4. */
export async function accounts(pwsh: string): Promise<AccountsRun[]> {
  const out: AccountsRun[] = [];
  for (const n of ACCOUNT_COUNTS) out.push(await run(pwsh, n));
  return out;
}
