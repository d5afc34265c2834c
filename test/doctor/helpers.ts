// helpers.ts - shared by the doctor tests and make-dump-fixtures.ts: run `node scripts/doctor.ts` as a user would,
// and the sim-state variants the two checked-in dumps are made from.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../rig/win32/bench.ts';

export const DOCTOR = path.join(ROOT, 'scripts', 'doctor.ts');
export const DUMPS_DIR = path.join(ROOT, 'test', 'fixtures', 'dumps');
/** One doctor run: sim ~4 s; under Wine PowerShell start + Add-Type + seven pages, ~10-30 s. */
export const DOCTOR_RUN_TIMEOUT_MS = 240_000;

export interface DoctorRun { code: number | null; stdout: string; stderr: string }

/** Runs `node scripts/doctor.ts ...args` and collects its output (bounded by DOCTOR_RUN_TIMEOUT_MS). */
export function runDoctor(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<DoctorRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DOCTOR, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`doctor ${args.join(' ')}: no exit within ${DOCTOR_RUN_TIMEOUT_MS} ms`)); }, DOCTOR_RUN_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/** The sim-state `client` settings of each checked-in dump (made by make-dump-fixtures.ts from the Win32 double). */
export const DUMP_VARIANTS: Record<string, Record<string, unknown>> = {
  // The default client of the sample state (build 8.x, popups for results).
  'double-default': {},
  // A 2026-style build: broker title, captcha build 9.x, quick-trade result toast, inline refusals.
  'double-2026': { title: '广发证券核新网上交易系统7.65', frameClass: 'AfxMDIFrame140s', build: '9.x', resultDisplay: 'toast', inlineReject: true },
};

/** Writes a state file: the sample state with these client settings. */
export function writeVariantState(file: string, client: Record<string, unknown>): void {
  const sample = JSON.parse(readFileSync(path.join(ROOT, 'ps', 'sim', 'sample-state.json'), 'utf8')) as { client: Record<string, unknown> };
  sample.client = { ...sample.client, ...client };
  writeFileSync(file, JSON.stringify(sample, null, 2));
}
