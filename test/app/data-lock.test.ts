// One server per data dir: the lock file names its owner; a second taker is refused with who holds it and the way
// out; a lock whose owner is gone is taken over; released on close.
import { expect } from 'chai';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { DataDirLockedError, DataLock, LOCK_FILE, markerOf } from '../../src/app/data-lock.ts';
import { recordingLogger, silent } from '../bridge/fake-worker.ts';

const TAKER = path.join(import.meta.dirname, 'lock-taker.ts');
/** Takers start together this long after they are spawned (Node's start-up with type stripping is well under it). */
const TAKERS_START_DELAY_MS = 1_500;

/** How long the other taker in the marker test keeps its marker after the child started trying. */
const OTHER_TAKER_HOLD_MS = 300;

const newDir = (): string => mkdtempSync(path.join(os.tmpdir(), 'ths-lock-'));

async function exitedPid(): Promise<number> {
  const p = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => p.once('exit', r));
  return p.pid!;
}

describe('app/data-lock: one server per data dir', () => {
  it('writes the owner (pid, start time, version, port) into <dataDir>/server.lock, creating the dir', () => {
    const dir = path.join(newDir(), 'nested', 'data');
    const lock = DataLock.acquire(dir, { version: '9.9.9', port: null }, silent);
    try {
      const owner = JSON.parse(readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as Record<string, unknown>;
      expect(owner).to.include({ pid: process.pid, version: '9.9.9', port: null });
      expect(Number.isNaN(Date.parse(String(owner['startedAt']))), 'startedAt is a time').to.equal(false);
      lock.setPort(8888);
      expect(JSON.parse(readFileSync(lock.file, 'utf8'))).to.include({ port: 8888 });
    } finally {
      lock.release();
    }
  });

  it('refuses a second taker while the owner lives, naming its pid and port and the way out (Chinese first)', () => {
    const dir = newDir();
    const lock = DataLock.acquire(dir, { version: '1.0.0', port: 8888 }, silent);
    try {
      let err: unknown;
      try {
        DataLock.acquire(dir, { version: '1.0.0', port: 8889 }, silent);
      } catch (e) {
        err = e;
      }
      expect(err).to.be.instanceOf(DataDirLockedError);
      const message = (err as Error).message;
      expect(message).to.match(/^数据目录 /);
      expect(message).to.contain(`pid ${process.pid}`);
      expect(message).to.contain('端口 8888');
      expect(message).to.contain('--data-dir');
      expect(message).to.contain(path.join(dir, LOCK_FILE));
      expect(JSON.parse(readFileSync(lock.file, 'utf8')), 'the owner\'s lock is untouched').to.include({ port: 8888 });
    } finally {
      lock.release();
    }
  });

  it('takes over a stale lock whose pid is no longer running, with a warning naming it', async () => {
    const dir = newDir();
    const dead = await exitedPid();
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: dead, startedAt: '2026-01-01T00:00:00Z', version: '0.0.1', port: 8888 }));
    const { logger, records } = recordingLogger();
    const lock = DataLock.acquire(dir, { version: '1.0.0', port: null }, logger);
    try {
      expect(JSON.parse(readFileSync(lock.file, 'utf8'))).to.include({ pid: process.pid });
      const warn = records.find((r) => r['level'] === 40);
      expect(String(warn?.['msg'])).to.contain(`pid ${dead}`);
    } finally {
      lock.release();
    }
  });

  it('takes over an unreadable (torn) lock file', () => {
    const dir = newDir();
    writeFileSync(path.join(dir, LOCK_FILE), '');
    const lock = DataLock.acquire(dir, { version: '1.0.0', port: null }, silent);
    lock.release();
    expect(existsSync(lock.file)).to.equal(false);
  });

  it('removes the lock on release, so the next server takes the dir', () => {
    const dir = newDir();
    const first = DataLock.acquire(dir, { version: '1.0.0', port: null }, silent);
    first.release();
    expect(existsSync(first.file)).to.equal(false);
    const second = DataLock.acquire(dir, { version: '1.0.0', port: null }, silent);
    expect(existsSync(second.file)).to.equal(true);
    second.release();
  });

  it('leaves in place, on release, a lock file that names another owner', () => {
    const dir = newDir();
    const lock = DataLock.acquire(dir, { version: '1.0.0', port: null }, silent);
    writeFileSync(lock.file, JSON.stringify({ pid: 1, startedAt: '2026-01-01T00:00:00Z', version: '1.0.0', port: 1 }));
    lock.release();
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).to.include({ pid: 1 });
  });

  it('lets exactly one of several processes racing for a stale lock take it, and none sees a half-written lock', async function () {
    this.timeout(30_000);
    const dir = newDir();
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify({ pid: await exitedPid(), startedAt: '2026-01-01T00:00:00Z', version: '0.0.1', port: 1 }));
    const startAt = String(Date.now() + TAKERS_START_DELAY_MS);
    const run = promisify(execFile);
    const outs = await Promise.all(Array.from({ length: 6 }, async () => (await run(process.execPath, [TAKER, dir, startAt])).stdout.trim()));
    expect(outs.filter((o) => o === 'took'), outs.join(' | ')).to.have.length(1);
    expect(outs.filter((o) => o === 'refused'), outs.join(' | ')).to.have.length(5);
    expect(readdirSync(dir), 'no temporary or moved-aside file left').to.deep.equal([]);
  });
  it('waits while another taker holds the takeover marker of the stale lock, then refuses the lock that taker put in place', async function () {
    this.timeout(30_000);
    const dir = newDir();
    const file = path.join(dir, LOCK_FILE);
    const stale = JSON.stringify({ pid: await exitedPid(), startedAt: '2026-01-01T00:00:00Z', version: '0.0.1', port: 1 });
    writeFileSync(file, stale);
    // The other taker is this test process (alive): it holds the marker while the child tries.
    const marker = markerOf(file, Buffer.from(stale));
    writeFileSync(marker, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), version: '1.0.0', port: null }));
    const child = spawn(process.execPath, [TAKER, dir, '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve) => child.stderr.on('data', (d: Buffer) => d.toString().includes('trying') && resolve()));
    await new Promise((r) => setTimeout(r, OTHER_TAKER_HOLD_MS));
    expect(readFileSync(file, 'utf8'), 'the stale lock stays while another taker holds its marker').to.equal(stale);
    // The other taker finishes: the stale lock removed, its own lock in place, its marker gone.
    rmSync(file);
    writeFileSync(file, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString(), version: '1.0.0', port: 8890 }));
    rmSync(marker);
    await new Promise((r) => child.once('exit', r));
    expect(out.trim()).to.equal('refused');
    expect(JSON.parse(readFileSync(file, 'utf8'))).to.include({ pid: process.pid, port: 8890 });
  });

  it('takes over a stale lock whose takeover marker a taker that died left behind, leaving neither file', () => {
    const dir = newDir();
    const file = path.join(dir, LOCK_FILE);
    const stale = JSON.stringify({ pid: 2 ** 31 - 2, startedAt: '2026-01-01T00:00:00Z', version: '0.0.1', port: 1 });
    writeFileSync(file, stale);
    writeFileSync(markerOf(file, Buffer.from(stale)), JSON.stringify({ pid: 2 ** 31 - 3, startedAt: '2026-01-01T00:00:01Z', version: '0.0.1', port: null }));
    const lock = DataLock.acquire(dir, { version: '1.0.0', port: null }, silent);
    expect(readdirSync(dir)).to.deep.equal([LOCK_FILE]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).to.include({ pid: process.pid });
    lock.release();
    expect(readdirSync(dir)).to.deep.equal([]);
  });

  it('refuses, naming the marker and its taker, when a live taker\'s marker stays past the wait; the stale lock stays', function () {
    this.timeout(30_000);
    const dir = newDir();
    const file = path.join(dir, LOCK_FILE);
    const stale = JSON.stringify({ pid: 2 ** 31 - 2, startedAt: '2026-01-01T00:00:00Z', version: '0.0.1', port: 1 });
    writeFileSync(file, stale);
    const marker = markerOf(file, Buffer.from(stale));
    writeFileSync(marker, JSON.stringify({ pid: process.pid, startedAt: '2026-01-01T00:00:02Z', version: '1.0.0', port: null }));
    let err: unknown;
    try {
      DataLock.acquire(dir, { version: '1.0.0', port: null }, silent);
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(DataDirLockedError);
    expect((err as DataDirLockedError).owner.pid).to.equal(process.pid);
    expect((err as Error).message).to.contain(marker).and.to.contain(`pid ${process.pid}`);
    expect(readFileSync(file, 'utf8')).to.equal(stale);
  });
});
