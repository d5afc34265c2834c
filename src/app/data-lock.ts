// data-lock.ts - one server per data dir: <dataDir>/server.lock, created exclusively before the journal opens, names
// its owner (pid, start time, version, port); a second server on the same dir is refused, a stale lock (its pid is
// gone) is taken over with a warning, the lock is released on close. The file never exists half-written: it is
// written whole to a private temporary file first, then linked into place (fails when a lock exists) or renamed over
// our own lock; a stale lock is moved aside before it is judged, so a fresh lock that replaced it is never removed.
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';

export const LOCK_FILE = 'server.lock';
/** Tries at taking the lock: a stale one is removed, then another server may win the race for it once. */
const LOCK_ATTEMPTS = 3;

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

function readOwner(file: string): LockOwner | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const { pid, startedAt, version, port } = v;
    if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
    return { pid, startedAt: typeof startedAt === 'string' ? startedAt : '', version: typeof version === 'string' ? version : '', port: typeof port === 'number' ? port : null };
  } catch {
    return undefined; // gone, unreadable or torn: nobody to name
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
    for (let attempt = 1; ; attempt++) {
      const tmp = writeWhole(file, owner);
      try {
        linkSync(tmp, file); // atomic: fails with EEXIST when any lock is there
        return new DataLock(file, owner);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= LOCK_ATTEMPTS) throw err;
      } finally {
        rmSync(tmp, { force: true });
      }
      const held = readOwner(file);
      if (held && pidAlive(held.pid)) throw new DataDirLockedError(dir, file, held);
      // Moved aside first, then judged: what was moved may be a live server's lock that replaced the stale one since.
      const aside = `${file}.${String(process.pid)}.${randomBytes(4).toString('hex')}.stale`;
      try {
        renameSync(file, aside);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // another taker removed it: try again
        throw err;
      }
      const moved = readOwner(aside);
      if (moved && pidAlive(moved.pid)) {
        try {
          linkSync(aside, file); // put it back, unless yet another lock took its place
        } catch {
          // that other lock stands
        } finally {
          rmSync(aside, { force: true });
        }
        throw new DataDirLockedError(dir, file, moved);
      }
      rmSync(aside, { force: true });
      logger.warn({ file, staleOwner: moved ?? null }, moved ? `stale data-dir lock of pid ${moved.pid} (not running): taken over` : 'unreadable data-dir lock: taken over');
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
