// pwsh-launcher.mjs - .tools/pwsh-direct: the project's PowerShell (a dotnet tool) started in one process. The tool's
// own .tools/pwsh is a .NET launcher that starts `dotnet <pwsh.dll>` as its child and waits: two .NET processes per
// worker (the launcher ~30 MB, ~0.1 s of each start). pwsh-direct runs the same command in its own place (exec).
// Plain JavaScript: scripts/setup.mjs runs under whatever Node the machine has.
import { chmodSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// src/bridge/powershell.ts (DIRECT_LAUNCHER) looks for this name; test/bridge/powershell.test.ts checks they agree.
const LAUNCHER_NAME = 'pwsh-direct';

/** The tool's pwsh.dll for Unix, relative to the tool path (.tools/), or undefined when the layout is not there. */
function findToolDll(toolsDir, version) {
  const tfms = path.join('.store', 'powershell', version, 'powershell', version, 'tools');
  let names;
  try {
    names = readdirSync(path.join(toolsDir, tfms)).sort().reverse(); // the newest target framework first
  } catch {
    return undefined;
  }
  for (const tfm of names) {
    const rel = path.join(tfms, tfm, 'any', 'unix', 'pwsh.dll');
    if (existsSync(path.join(toolsDir, rel))) return rel;
  }
  return undefined;
}

const quoted = (s) => `'${s.replaceAll("'", `'\\''`)}'`;

/** The launcher's text: exec `host dll args`, or the tool's own launcher when either is gone. */
function launcherText(dllRel, host) {
  return [
    '#!/bin/sh',
    '# pwsh-direct - written by scripts/setup.mjs (scripts/setup/pwsh-launcher.mjs): the project\'s PowerShell in one',
    '# process, as .tools/pwsh would start it, without that launcher process. Falls back to .tools/pwsh.',
    'here=$(dirname "$0")',
    `dll="$here/${dllRel.split(path.sep).join('/')}"`,
    `host=${quoted(host)}`,
    'if [ -f "$dll" ] && [ -x "$host" ]; then exec "$host" "$dll" "$@"; fi',
    'exec "$here/pwsh" "$@"',
    '',
  ].join('\n');
}

/**
 * Writes toolsDir/pwsh-direct for the tool of `version` run by the `dotnet` host at `host`; removes a stale one and
 * returns undefined when the tool's pwsh.dll is not where the tool puts it. Returns the launcher's path.
 */
export function writePwshLauncher(toolsDir, version, host) {
  const file = path.join(toolsDir, LAUNCHER_NAME);
  const dll = host ? findToolDll(toolsDir, version) : undefined;
  if (!dll) {
    rmSync(file, { force: true });
    return undefined;
  }
  writeFileSync(file, launcherText(dll, host));
  chmodSync(file, 0o755);
  return file;
}
