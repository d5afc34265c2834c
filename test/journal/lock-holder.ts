// lock-holder.ts - runs test/fixtures/journal-lock.mjs: a real second process that holds a journal's write lock
// until released (for the journal-locked fault tests, unit and end-to-end).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../helpers/pwsh.ts';

/** The fixture prints "locked" within this (a node start plus one SQLite open). */
const LOCK_TIMEOUT_MS = 15_000;

export interface LockHolder {
  pid: number;
  /** Lets go of the lock and waits for the process to end. */
  release(): Promise<void>;
}

/** Starts a process that holds `journalFile` locked; resolves once it has the lock. */
export async function holdJournalLock(journalFile: string): Promise<LockHolder> {
  const child = spawn(process.execPath, [path.join(ROOT, 'test', 'fixtures', 'journal-lock.mjs'), journalFile], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the lock fixture did not lock in ${String(LOCK_TIMEOUT_MS)} ms: ${err}`)), LOCK_TIMEOUT_MS);
    child.stderr.on('data', (d: Buffer) => { err += d.toString('utf8'); });
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (out.includes('locked\n')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the lock fixture exited with ${String(code)}: ${err}`));
    });
  });
  return {
    pid: child.pid ?? 0,
    async release() {
      if (child.exitCode === null) child.stdin.end('release\n');
      await exited;
    },
  };
}
