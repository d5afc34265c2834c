// pwsh.ts - finds the PowerShell the tests run and runs small scripts in it.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { execa } from 'execa';
import { findPowerShell } from '../../src/bridge/powershell.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PS_DIR = path.join(ROOT, 'ps');

/** The PowerShell used by the tests: the server's own discovery (src/bridge/powershell.ts), THS_POWERSHELL first. */
export function pwshPath(): string {
  return findPowerShell({ explicit: process.env['THS_POWERSHELL'], projectRoot: ROOT })?.path ?? 'pwsh';
}

export interface PwshRun { stdout: string; stderr: string; exitCode: number }

/** Runs a PowerShell script text (written to a temp file) with -NoProfile -NonInteractive; never throws on exit code. */
export async function runPwshScript(code: string, opts: { cwd?: string; timeoutMs?: number; input?: string } = {}): Promise<PwshRun> {
  const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
  const os = await import('node:os');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ths-ps-'));
  const file = path.join(dir, 'script.ps1');
  await writeFile(file, '\uFEFF' + code, 'utf8');
  try {
    const r = await execa(pwshPath(), ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', file], {
      cwd: opts.cwd ?? ROOT,
      reject: false,
      timeout: opts.timeoutMs ?? 60_000,
      input: opts.input ?? '',
      encoding: 'utf8',
      stripFinalNewline: false,
    });
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode ?? -1 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
