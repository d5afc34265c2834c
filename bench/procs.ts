// procs.ts - every process the benchmark starts is registered here and stopped at the end; RSS of a process group.
import { readFileSync, readdirSync } from 'node:fs';

type Stopper = () => Promise<void>;
const stoppers = new Set<Stopper>();

/** Registers a cleanup; returns a function that runs it once and unregisters it. */
export function track(stop: Stopper): () => Promise<void> {
  let done = false;
  const once: Stopper = async () => {
    if (done) return;
    done = true;
    stoppers.delete(once);
    await stop();
  };
  stoppers.add(once);
  return once;
}

/** Stops everything still registered (each bounded by its own stopper); never throws. */
export async function stopAll(): Promise<void> {
  for (const stop of [...stoppers].reverse()) {
    try {
      await stop();
    } catch {
      // keep stopping the rest
    }
  }
}

function statusKb(pid: number, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** RSS of one process in MiB (Linux /proc; null elsewhere or when it is gone). */
export function rssMiB(pid: number): number | null {
  if (process.platform !== 'linux') return null;
  const kb = statusKb(pid, 'VmRSS');
  return kb ? Math.round((kb / 1024) * 10) / 10 : null;
}

/**
 * RSS in MiB summed over a process group (the worker leads its own group: the .NET host running pwsh, and a launcher
 * above it when the worker was started through one, e.g. .tools/pwsh), with the pids counted. Linux only.
 */
export function groupRssMiB(pgid: number): { mib: number; pids: number[] } | null {
  if (process.platform !== 'linux') return null;
  let kb = 0;
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue; // field 5 of stat: pgrp
      kb += statusKb(Number(name), 'VmRSS');
      pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids.length ? { mib: Math.round((kb / 1024) * 10) / 10, pids } : null;
}
