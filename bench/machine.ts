// machine.ts - what machine a benchmark ran on: cores, CPU, memory, load, Node and PowerShell versions, date.
import os from 'node:os';
import { execa } from 'execa';

export interface MachineInfo {
  date: string;
  nproc: number;
  cpu: string;
  memoryGiB: number;
  loadAverage: number[];
  os: string;
  node: string;
  pwsh: string;
}

/** Describes this machine; `pwsh` is asked for its version (bounded to 30 s). */
export async function machineInfo(pwsh: string): Promise<MachineInfo> {
  const r = await execa(pwsh, ['-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.ToString()'], { reject: false, timeout: 30_000 });
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    pwsh: r.stdout.trim() || `unknown (${r.shortMessage ?? 'no output'})`,
  };
}
