// powershell.ts - finds the PowerShell to run the worker with, in the documented order.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { delimiter } from 'node:path';

export interface PowerShellChoice {
  path: string;
  source: 'option' | 'path' | 'project' | 'windows';
}

/** First executable called `name` on PATH, or undefined. */
function onPath(names: string[], envPath: string | undefined): string | undefined {
  for (const dir of (envPath ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * The launcher `npm run setup` writes beside the project's dotnet-tool pwsh (scripts/setup/pwsh-launcher.mjs): the
 * same PowerShell in one process, where .tools/pwsh starts it as a child of a .NET launcher of its own (~30 MB and
 * ~0.1 s more per worker start).
 */
export const DIRECT_LAUNCHER = 'pwsh-direct';

/**
 * PowerShell from --powershell / THS_POWERSHELL, then pwsh on PATH, then the project's .tools/ (its pwsh-direct
 * launcher before pwsh, off Windows), then Windows' powershell.exe by its absolute path. Returns undefined when there
 * is none.
 */
export function findPowerShell(opts: { explicit?: string | undefined; projectRoot: string; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform }): PowerShellChoice | undefined {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  if (opts.explicit) return { path: opts.explicit, source: 'option' };
  const exe = platform === 'win32' ? 'pwsh.exe' : 'pwsh';
  const fromPath = onPath([exe], env['PATH'] ?? env['Path']);
  if (fromPath) return { path: fromPath, source: 'path' };
  const direct = path.join(opts.projectRoot, '.tools', DIRECT_LAUNCHER);
  if (platform !== 'win32' && existsSync(direct)) return { path: direct, source: 'project' };
  const local = path.join(opts.projectRoot, '.tools', exe);
  if (existsSync(local)) return { path: local, source: 'project' };
  if (platform === 'win32') {
    const root = env['SystemRoot'] ?? 'C:\\Windows';
    const winPs = path.win32.join(root, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
    if (existsSync(winPs)) return { path: winPs, source: 'windows' };
  }
  return undefined;
}
