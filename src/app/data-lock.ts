// data-lock.ts - one server per data dir: <dataDir>/server.lock, created exclusively before the journal opens, names
// its owner (pid, start time, version, port); a second server on the same dir is refused, a stale lock (its pid is
// gone) is taken over with a warning, the lock is released on close. The file never exists half-written: it is
// written whole to a private temporary file first, then linked into place (fails when a lock exists) or renamed over
// our own lock. Only a stale file is ever removed, and only by the one taker that created its takeover marker
// (<file>.takeover-<hash of what it holds>, exclusive): a live server's lock is never moved or removed by another.
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';

export const LOCK_FILE = 'server.lock';
/** Longest wait for another taker's takeover of a stale lock (it takes well under a millisecond). */
const LOCK_TAKEOVER_WAIT_MS = 3_000;
/** How often a taker looks again while another one takes a stale lock over. */
const LOCK_TAKEOVER_POLL_MS = 5;

/** What the lock file says about its owner. */
export interface LockOwner {
  pid: number;
  startedAt: string;
  version: string;
  port: number | null;
}

/** A second server on a data dir that a live one holds. */
export class DataDirLockedError extends Error {
  readonly owner: LockOwner;

  constructor(dir: string, file: string, owner: LockOwner) {
    super(
      `数据目录 ${dir} 正被另一个服务使用（pid ${owner.pid}，${owner.startedAt || '启动时间不明'} 启动，版本 ${owner.version || '?'}，端口 ${owner.port ?? '?'}）：` +
        `同一个数据目录只能有一个服务，否则两个服务会同时驱动客户端、共用一份委托日志。先停掉它，或用 --data-dir 换一个目录；` +
        `若确认 pid ${owner.pid} 不是本服务，删除 ${file} 后再启动。` +
        `(the data dir is in use by another server, pid ${owner.pid}: stop it, or start this one with another --data-dir)`,
    );
    this.name = 'DataDirLockedError';
    this.owner = owner;
  }
}

/** True when a process with this pid exists (EPERM: it exists, owned by another user). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The owner a lock or marker file names, or undefined when it is torn or names nobody. */
function parseOwner(bytes: Buffer): LockOwner | undefined {
  try {
    const v = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    const { pid, startedAt, version, port } = v;
    if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
    return { pid, startedAt: typeof startedAt === 'string' ? startedAt : '', version: typeof version === 'string' ? version : '', port: typeof port === 'number' ? port : null };
  } catch {
    return undefined;
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    return parseOwner(readFileSync(file));
  } catch {
    return undefined; // gone or unreadable: nobody to name
  }
}

/** Writes the owner to a new private file beside `file` and flushes it to disk; returns its path. */
function writeWhole(file: string, owner: LockOwner): string {
  const tmp = `${file}.${String(process.pid)}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, JSON.stringify(owner) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

/** Links a whole new file naming `owner` into place at `file`; false when any file is there already. */
function linkWhole(file: string, owner: LockOwner): boolean {
  const tmp = writeWhole(file, owner);
  try {
    linkSync(tmp, file); // atomic: fails with EEXIST when any file is there
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** A file's bytes, or undefined when it is gone. */
function readHeld(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The takeover marker of `file` while it holds `held`: one name per content, so one taker per stale file. */
export function markerOf(file: string, held: Buffer): string {
  return `${file}.takeover-${createHash('sha256').update(held).digest('hex').slice(0, 16)}`;
}

/** Blocks this thread for `ms` (acquire runs once, at start, before anything else is served). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Removes `file`, found holding `held` (a stale or unreadable owner), unless it changed: only the taker that creates
 * the marker for that content may remove it, and it reads the file again under the marker first. Another taker's
 * marker is waited for until `deadline` ('busy' past it); a marker left by a taker that died is itself removed this
 * way. 'removed': this call removed the stale file; 'changed': someone else did, or the file holds something else now;
 * else the marker of a live taker still there at the deadline.
 */
function removeStale(file: string, held: Buffer, owner: LockOwner, deadline: number): 'removed' | 'changed' | { marker: string; taker: LockOwner } {
  const marker = markerOf(file, held);
  for (;;) {
    if (linkWhole(marker, owner)) {
      try {
        const now = readHeld(file);
        if (!now?.equals(held)) return 'changed';
        rmSync(file, { force: true });
        return 'removed';
      } finally {
        rmSync(marker, { force: true });
      }
    }
    const markerHeld = readHeld(marker);
    if (markerHeld === undefined) continue; // that taker finished: look at the file again
    const taker = parseOwner(markerHeld);
    if (!taker || !pidAlive(taker.pid)) {
      const took = removeStale(marker, markerHeld, owner, deadline);
      if (typeof took === 'object') return took;
      continue;
    }
    if (Date.now() >= deadline) return { marker, taker };
    sleepSync(LOCK_TAKEOVER_POLL_MS);
    const now = readHeld(file);
    if (!now?.equals(held)) return 'changed';
  }
}

/** The lock this server holds on its data dir. */
export class DataLock {
  readonly file: string;
  private owner: LockOwner;
  private released = false;

  private constructor(file: string, owner: LockOwner) {
    this.file = file;
    this.owner = owner;
  }

  /**
   * Takes <dir>/server.lock (creating the dir), or throws DataDirLockedError naming the live owner. A lock whose pid
   * is gone is taken over with a warning. Other failures (the dir cannot be created or written) throw as they are.
   */
  static acquire(dir: string, info: { version: string; port: number | null }, logger: Logger): DataLock {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, LOCK_FILE);
    const owner: LockOwner = { pid: process.pid, startedAt: new Date().toISOString(), version: info.version, port: info.port };
    const deadline = Date.now() + LOCK_TAKEOVER_WAIT_MS;
    for (;;) {
      if (linkWhole(file, owner)) return new DataLock(file, owner);
      const held = readHeld(file);
      if (held === undefined) continue; // released meanwhile: try again
      const heldOwner = parseOwner(held);
      if (heldOwner && pidAlive(heldOwner.pid)) throw new DataDirLockedError(dir, file, heldOwner);
      const took = removeStale(file, held, owner, deadline);
      if (typeof took === 'object') throw new DataDirLockedError(dir, took.marker, took.taker);
      if (took === 'removed') {
        logger.warn({ file, staleOwner: heldOwner ?? null }, heldOwner ? `stale data-dir lock of pid ${heldOwner.pid} (not running): taken over` : 'unreadable data-dir lock: taken over');
      }
    }
  }

  /** Records the port once the server listens (the lock names it for whoever finds the dir taken): replaced whole. */
  setPort(port: number): void {
    if (this.released) return;
    this.owner = { ...this.owner, port };
    const tmp = writeWhole(this.file, this.owner);
    try {
      renameSync(tmp, this.file);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
  }

  /** Removes the lock when it is still ours (idempotent). */
  release(): void {
    if (this.released) return;
    this.released = true;
    const held = readOwner(this.file);
    if (held?.pid === this.owner.pid && held.startedAt === this.owner.startedAt) rmSync(this.file, { force: true });
  }
}
