// doctor.ts - `npm run doctor -- [--json] [--dump FILE] [--backend win32|sim] [--sim-state FILE] [--powershell PATH]`:
// a read-only report of the trading PC (docs/doctor.md). Finds PowerShell the way the server does
// (src/bridge/powershell.ts), runs ps/ThsDoctor.ps1 -Json and prints its checks as text, or as a JSON array with
// --json. Exit code: 0 when no check fails, 1 when one fails (or the report could not be made), 2 on a usage error.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPowerShell } from '../src/bridge/powershell.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DOCTOR_SCRIPT = path.join(ROOT, 'ps', 'ThsDoctor.ps1');
/** The whole report: PowerShell start (2-4 s, more under Wine), Add-Type, seven page switches of at most 3 s each. */
export const DOCTOR_TIMEOUT_MS = 180_000;

export type CheckState = 'pass' | 'warn' | 'fail';
export interface DoctorCheck {
  id: string;
  name: string;
  state: CheckState;
  detail: string;
  fix: { zh: string; en: string } | null;
  data?: unknown;
}

interface Options { help: boolean; json: boolean; dump?: string; backend?: 'Win32' | 'Sim'; simState?: string; powershell?: string }

const USAGE = `用法 usage: npm run doctor -- [--json] [--dump FILE] [--backend win32|sim] [--sim-state FILE] [--powershell PATH]
  --json          检查结果输出为 JSON 数组 / print the checks as a JSON array
  --dump FILE     写出客户端的窗口树（账号已遮盖）/ write the client's window tree (account numbers masked)
  --backend B     win32（Windows 默认）或 sim / win32 (default on Windows) or sim
  --sim-state F   模拟客户端的状态文件，或要重放的 dump / the simulated client's state file, or a dump to replay
  --powershell P  使用的 PowerShell（默认同服务器：THS_POWERSHELL、PATH 上的 pwsh、.tools/、powershell.exe）
                  the PowerShell to use (default as the server: THS_POWERSHELL, pwsh on PATH, .tools/, powershell.exe)`;

class UsageError extends Error {}

function parseArgs(argv: string[]): Options {
  const opts: Options = { help: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--help': case '-h': opts.help = true; break;
      case '--json': opts.json = true; break;
      case '--dump': opts.dump = path.resolve(value()); break;
      case '--sim-state': opts.simState = path.resolve(value()); break;
      case '--powershell': opts.powershell = value(); break;
      case '--backend': {
        const b = value().toLowerCase();
        if (b === 'win32') opts.backend = 'Win32';
        else if (b === 'sim') opts.backend = 'Sim';
        else throw new UsageError(`--backend must be win32 or sim, not "${b}"`);
        break;
      }
      default: throw new UsageError(`unknown option "${arg}"`);
    }
  }
  return opts;
}

/** One failing check standing for a report that could not be made. */
function failure(id: string, detail: string, zh: string, en: string): DoctorCheck {
  return { id, name: id, state: 'fail', detail, fix: { zh, en } };
}

function runScript(exe: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(exe, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let error: string | undefined;
    const timer = setTimeout(() => { error = `no report within ${DOCTOR_TIMEOUT_MS} ms`; child.kill('SIGKILL'); }, DOCTOR_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { stderr = (stderr + d.toString('utf8')).slice(-20_000); });
    child.on('error', (e) => { error = String(e); });
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr, ...(error === undefined ? {} : { error }) }); });
  });
}

/** The report's checks: from the script's JSON line, or one failing check saying why there is none. */
async function collect(opts: Options): Promise<DoctorCheck[]> {
  const ps = findPowerShell({ explicit: opts.powershell ?? process.env['THS_POWERSHELL'], projectRoot: ROOT });
  if (!ps) {
    return [failure('powershell', 'no PowerShell found (THS_POWERSHELL, pwsh on PATH, .tools/pwsh, powershell.exe)',
      '没有找到 PowerShell：请安装 PowerShell 7，或用 --powershell 指定。', 'No PowerShell found: install PowerShell 7, or name one with --powershell.')];
  }
  const args = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', DOCTOR_SCRIPT, '-Json'];
  if (opts.backend) args.push('-Backend', opts.backend);
  if (opts.simState) args.push('-SimState', opts.simState);
  if (opts.dump) args.push('-DumpFile', opts.dump);
  const r = await runScript(ps.path, args);
  const line = r.stdout.split(/\r?\n/).reverse().find((l) => l.trim().startsWith('['));
  if (line !== undefined) {
    try {
      const parsed = JSON.parse(line) as unknown;
      if (Array.isArray(parsed)) return parsed as DoctorCheck[];
    } catch { /* reported below */ }
  }
  const why = r.error ?? `exit ${String(r.code)}`;
  return [failure('doctor-script', `${ps.path} ${path.relative(ROOT, DOCTOR_SCRIPT)} gave no report (${why}): ${r.stderr.trim().slice(-2000)}`,
    '检查脚本没有输出结果：见上面的错误信息。', 'The doctor script gave no report: see the error above.')];
}

function formatText(checks: DoctorCheck[]): string {
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`[${c.state}] ${c.id} (${c.name}): ${c.detail}`);
    if (c.fix) {
      lines.push(`       修复：${c.fix.zh}`);
      lines.push(`       fix: ${c.fix.en}`);
    }
  }
  const count = (s: CheckState): number => checks.filter((c) => c.state === s).length;
  lines.push(`${count('pass')} pass, ${count('warn')} warn, ${count('fail')} fail`);
  return lines.join('\n') + '\n';
}

async function main(): Promise<number> {
  let opts: Options;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`doctor: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (opts.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const checks = await collect(opts);
  process.stdout.write(opts.json ? JSON.stringify(checks, null, 2) + '\n' : formatText(checks));
  return checks.some((c) => c.state === 'fail') ? 1 : 0;
}

process.exitCode = await main();
