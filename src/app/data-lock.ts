// data-lock.ts - one server per data dir: <dataDir>/server.lock, created exclusively before the journal opens, names
// its owner (pid, start time, version, port); a second server on the same dir is refused, a stale lock (its pid is
// gone) is taken over with a warning, the lock is released on close.
import { mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync, fsyncSync, writeSync } from 'node:fs';
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
      try {
        const fd = openSync(file, 'wx');
        try {
          writeSync(fd, JSON.stringify(owner) + '\n');
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        return new DataLock(file, owner);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= LOCK_ATTEMPTS) throw err;
      }
      const held = readOwner(file);
      if (held && pidAlive(held.pid)) throw new DataDirLockedError(dir, file, held);
      logger.warn({ file, staleOwner: held ?? null }, held ? `stale data-dir lock of pid ${held.pid} (not running): taken over` : 'unreadable data-dir lock: taken over');
      rmSync(file, { force: true });
    }
  }

  /** Records the port once the server listens (the lock names it for whoever finds the dir taken). */
  setPort(port: number): void {
    if (this.released) return;
    this.owner = { ...this.owner, port };
    writeFileSync(this.file, JSON.stringify(this.owner) + '\n');
  }

  /** Removes the lock when it is still ours (idempotent). */
  release(): void {
    if (this.released) return;
    this.released = true;
    const held = readOwner(this.file);
    if (held?.pid === this.owner.pid && held.startedAt === this.owner.startedAt) rmSync(this.file, { force: true });
  }
}
