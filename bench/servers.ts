// servers.ts - starts a server-child.ts process (one server under test) and talks to it over IPC; always stoppable.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildOptions, CommandTiming } from './server-child.ts';
import { track } from './procs.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** A server child has this long to listen and get its worker ready (a cold pwsh start is 1-5 s). */
const CHILD_READY_MS = 60_000;
/** A graceful stop (the bridge lets the command in flight finish) gets this long before SIGKILL. */
const CHILD_STOP_MS = 15_000;
/** After a load run, the requests it abandoned (still queued in the bridge) must be done within this. */
const DRAIN_MS = 30_000;
/** One IPC question gets this long to be answered. */
const IPC_MS = 10_000;

/** What the bench reads of a child's bridge health. */
export interface ChildHealth {
  pid: number | null;
  state: string;
  restarts: number;
  queued: number;
  inFlight: string | null;
  standby: { state: string; pid: number | null; startMs: number | null } | null;
}

export interface ServerChild {
  url: string;
  pid: number;
  workerPid: number | null;
  /** Drains the per-command timings recorded by the child's bridge. */
  timings(): Promise<CommandTiming[]>;
  health(): Promise<ChildHealth | null>;
  /** Waits (bounded) until the bridge has nothing queued or in flight: load runs end with requests abandoned. */
  drained(): Promise<void>;
  /** Collects garbage in the child (started with --expose-gc) and returns process.memoryUsage(). */
  gc(): Promise<NodeJS.MemoryUsage>;
  stop(): Promise<void>;
}

function ask<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', on);
      reject(new Error(`server child did not answer '${type}' in ${IPC_MS} ms`));
    }, IPC_MS);
    const on = (msg: { type: string } & Record<string, unknown>): void => {
      if (msg.type !== type) return;
      clearTimeout(timer);
      child.off('message', on);
      resolve(msg as T);
    };
    child.on('message', on);
    child.send({ type });
  });
}

/** Forks a server child and waits (bounded) for it to listen with its worker ready. */
export async function startChild(opts: ChildOptions): Promise<ServerChild> {
  const stderr: string[] = [];
  const child = fork(path.join(HERE, 'server-child.ts'), [JSON.stringify(opts)], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr?.on('data', (d: Buffer) => stderr.push(d.toString('utf8')));
  let workerPid: number | null = null;
  let sparePid: number | null = null;
  const stop = track(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    if (child.connected) child.disconnect();
    else child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_STOP_MS);
    await exited;
    clearTimeout(timer);
    // The worker leads its own process group: make sure nothing of it outlives the server.
    for (const last of [workerPid, sparePid]) {
      if (!last) continue;
      try {
        process.kill(-last, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  const ready = await new Promise<{ url: string; workerPid: number | null }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server child (${opts.mode}) not ready in ${CHILD_READY_MS} ms:\n${stderr.join('')}`)), CHILD_READY_MS);
    child.once('message', (msg: { type: string; url: string; workerPid: number | null }) => {
      clearTimeout(timer);
      resolve(msg);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server child (${opts.mode}) exited with ${code}:\n${stderr.join('')}`));
    });
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  workerPid = ready.workerPid;
  return {
    url: ready.url,
    pid: child.pid!,
    workerPid,
    timings: async () => (await ask<{ timings: CommandTiming[] }>(child, 'timings')).timings,
    health: async () => {
      const h = (await ask<{ health: ChildHealth | null }>(child, 'health')).health;
      if (h?.pid) workerPid = h.pid;
      if (h?.standby?.pid) sparePid = h.standby.pid;
      return h;
    },
    drained: async () => {
      const end = Date.now() + DRAIN_MS;
      while (Date.now() < end) {
        const h = (await ask<{ health: { queued: number; inFlight: string | null } | null }>(child, 'health')).health;
        if (!h || (h.queued === 0 && h.inFlight === null)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`server child still busy ${DRAIN_MS} ms after a load run`);
    },
    gc: async () => (await ask<{ memory: NodeJS.MemoryUsage }>(child, 'gc')).memory,
    stop,
  };
}
