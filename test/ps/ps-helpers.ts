// ps-helpers.ts - small helpers for the PowerShell tests: quoting, listing files, and running a script that reports
// one JSON result line on stderr.
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, PS_DIR, runPwshScript } from '../helpers/pwsh.ts';

export { ROOT, PS_DIR };
export const RIG_DIR = path.join(ROOT, 'rig');
export const TEST_DIR = path.join(ROOT, 'test');
/** The examples users copy (examples/powershell_client.ps1): held to the same 5.1 rules. */
export const EXAMPLES_DIR = path.join(ROOT, 'examples');
export const RESULT_MARK = '@@RESULT@@';

/** A PowerShell single-quoted literal. */
export function psQuote(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}

/** Every file under dir (recursively), absolute paths, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** PowerShell source files (scripts, modules, manifests / data files). */
export const isPowerShellFile = (f: string): boolean => /\.ps[dm]?1$/.test(f);

/** A run of runForResult: the parsed result line (typed by the caller, as runSim's SimRun) and the raw output. */
export interface ResultRun<T> { result: T; stdout: string; stderr: string }

/** Runs a script that prints one RESULT_MARK line of JSON on stderr; returns it parsed (and the raw run). */
export async function runForResult<T>(code: string): Promise<ResultRun<T>> {
  const r = await runPwshScript(code);
  const line = r.stderr.split(/\r?\n/).find((l) => l.startsWith(RESULT_MARK));
  if (line === undefined) {
    throw new Error(`pwsh printed no result (exit ${r.exitCode}).\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
  return { result: JSON.parse(line.slice(RESULT_MARK.length)) as T, stdout: r.stdout, stderr: r.stderr };
}
