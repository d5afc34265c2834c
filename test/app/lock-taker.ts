// lock-taker.ts - a child process for the data-lock race tests: waits for the start time given, tries to take the
// lock of the data dir given, holds it HOLD_MS, and prints `took` or `refused` (or the error) on stdout; `trying` on
// stderr right before it tries.
import { DataDirLockedError, DataLock } from '../../src/app/data-lock.ts';
import pino from 'pino';

/** Long enough for every other taker to have tried while this one holds the lock. */
const HOLD_MS = 1_500;
const [dir = '', startAt = '0'] = process.argv.slice(2);
const wait = Number(startAt) - Date.now();
await new Promise((r) => setTimeout(r, Math.max(0, wait)));
try {
  process.stderr.write('trying\n');
  const lock = DataLock.acquire(dir, { version: '0.0.0', port: null }, pino({ level: 'silent' }));
  for (let i = 0; i < 20; i++) lock.setPort(9000 + i);
  await new Promise((r) => setTimeout(r, HOLD_MS));
  lock.release();
  process.stdout.write('took\n');
} catch (err) {
  process.stdout.write(err instanceof DataDirLockedError ? 'refused\n' : `error ${(err as Error).message}\n`);
}
