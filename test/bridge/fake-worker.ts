// fake-worker.ts - a supervisor over the fixture worker (test/fixtures/fake-worker.mjs) for the bridge's tests, and
// what they read back: the request lines that reached the worker, a request's rejection.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { WorkerSupervisor, type SupervisorOptions } from '../../src/bridge/supervisor.ts';
import { ROOT } from '../helpers/pwsh.ts';

export const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'fake-worker.mjs');
export const silent = pino({ level: 'silent' });

/** A supervisor (not started) over the fixture in `modes`, and the file its received request lines go to. */
export function fakeSupervisor(modes: string, extra: Partial<SupervisorOptions> = {}): { sup: WorkerSupervisor; log: string } {
  const log = path.join(mkdtempSync(path.join(os.tmpdir(), 'ths-fake-')), 'requests.log');
  const sup = new WorkerSupervisor({
    powershell: process.execPath,
    args: [FIXTURE, modes],
    cwd: ROOT,
    env: { FAKE_LOG: log },
    logger: silent,
    backoffMs: [0, 20, 50],
    ...extra,
  });
  return { sup, log };
}

/** How many request lines for `cmd` reached the fixture worker. */
export function requestsSeen(log: string, cmd: string): number {
  if (!existsSync(log)) return 0;
  return readFileSync(log, 'utf8').split('\n').filter((l) => l && (JSON.parse(l) as { cmd?: unknown }).cmd === cmd).length;
}

/** What a request was rejected with (fails the test when it resolved). */
export async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  expect.fail('expected the request to fail');
}

/** A pino logger that keeps every record, for asserting what was logged. */
export function recordingLogger(): { logger: pino.Logger; records: Array<Record<string, unknown>> } {
  const records: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => { records.push(JSON.parse(line) as Record<string, unknown>); } });
  return { logger, records };
}

/** True while a process with this pid exists (signal 0). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
