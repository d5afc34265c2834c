// setup.mjs - makes a fresh clone runnable: npm dependencies (with Node 24 from the `node` package) and a PowerShell.
// Plain JavaScript on purpose: it runs first, under whatever Node the machine has (Node 20 here).
import { cpSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePwshLauncher } from './setup/pwsh-launcher.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PWSH_VERSION = '7.6.9';
const PESTER_VERSION = '6.2.0'; // the PowerShell unit-test framework (test/ps/pester), from NuGet
const quiet = process.argv.includes('--quiet');
const forTests = process.argv.includes('--for-tests');
const isWin = process.platform === 'win32';

function say(msg) {
  if (!quiet) console.log(`[setup] ${msg}`);
}

function fail(msg) {
  console.error(`[setup] ${msg}`);
  process.exit(1);
}

function run(cmd, args, what) {
  console.log(`[setup] ${what}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', shell: isWin });
  if (r.status !== 0) fail(`${what} failed (exit ${r.status ?? r.error?.message}).`);
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

// 1. npm dependencies, when missing or older than the lock file.
const stamp = path.join(ROOT, 'node_modules', '.package-lock.json');
const lock = path.join(ROOT, 'package-lock.json');
if (!existsSync(stamp) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(stamp).mtimeMs + 1000)) {
  run('npm', ['install', '--no-audit', '--no-fund'], 'installing npm dependencies (Node 24 comes with them)');
}

// 2. Node 24 from the `node` npm package: npm scripts put node_modules/.bin first on PATH.
const node24 = path.join(ROOT, 'node_modules', '.bin', isWin ? 'node.cmd' : 'node');
if (!existsSync(node24)) fail('node_modules/.bin/node is missing: run `npm install` (the `node` package provides Node 24).');
const v = spawnSync(node24, ['--version'], { encoding: 'utf8', shell: isWin }).stdout.trim();
const [maj, min] = v.replace(/^v/, '').split('.').map(Number);
if (!(maj > 22 || (maj === 22 && min >= 13))) fail(`Node ${v} from node_modules is too old: need >= 22.13.`);
say(`Node ${v}`);

// 3. A PowerShell for the worker: THS_POWERSHELL, pwsh on PATH, the project's .tools/, Windows PowerShell.
const localPwsh = path.join(ROOT, '.tools', isWin ? 'pwsh.exe' : 'pwsh');
const winPs = isWin ? path.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe') : undefined;
let pwsh = process.env.THS_POWERSHELL || onPath(isWin ? 'pwsh.exe' : 'pwsh') || (existsSync(localPwsh) ? localPwsh : undefined);
if (!pwsh && !forTests && winPs && existsSync(winPs)) pwsh = winPs;
if (!pwsh) {
  if (onPath(isWin ? 'dotnet.exe' : 'dotnet')) {
    run('dotnet', ['tool', 'install', 'PowerShell', '--version', PWSH_VERSION, '--tool-path', path.join(ROOT, '.tools')], `installing PowerShell ${PWSH_VERSION} into .tools/`);
    pwsh = localPwsh;
  } else if (winPs && existsSync(winPs)) {
    pwsh = winPs;
  } else {
    fail(
      'no PowerShell found. Install PowerShell 7 (https://learn.microsoft.com/powershell/scripting/install/installing-powershell) ' +
        'or the .NET SDK (then this script installs pwsh into .tools/), or set THS_POWERSHELL to a pwsh / powershell.exe path.',
    );
  }
}
// The project's dotnet tool: .tools/pwsh-direct starts it in one process (the server picks it before .tools/pwsh).
if (pwsh === localPwsh && !isWin) {
  const direct = writePwshLauncher(path.join(ROOT, '.tools'), PWSH_VERSION, onPath('dotnet'));
  if (direct) pwsh = direct;
}
say(`PowerShell: ${pwsh}`);

// 4. For the tests: Pester (the PowerShell module-level unit tests) in .tools/Pester/<version>/, restored from NuGet by
// a throwaway project with the machine's own NuGet configuration (no feed is named here).
if (forTests) {
  const pesterDir = path.join(ROOT, '.tools', 'Pester', PESTER_VERSION);
  if (!existsSync(path.join(pesterDir, 'Pester.psd1'))) {
    if (!onPath(isWin ? 'dotnet.exe' : 'dotnet')) {
      fail(`Pester ${PESTER_VERSION} is missing for the PowerShell unit tests: install the .NET SDK (then this script restores it), or copy the Pester module to .tools/Pester/${PESTER_VERSION}/.`);
    }
    const work = path.join(ROOT, '.tools', 'pester-restore');
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    writeFileSync(
      path.join(work, 'pester.csproj'),
      `<Project Sdk="Microsoft.NET.Sdk">\n  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>\n` +
        `  <ItemGroup><PackageDownload Include="Pester" Version="[${PESTER_VERSION}]" /></ItemGroup>\n</Project>\n`,
    );
    run('dotnet', ['restore', path.join(work, 'pester.csproj'), '--nologo', '-v', 'quiet', '--packages', path.join(work, 'packages')], `restoring Pester ${PESTER_VERSION} into .tools/`);
    const tools = path.join(work, 'packages', 'pester', PESTER_VERSION, 'tools');
    if (!existsSync(path.join(tools, 'Pester.psd1'))) fail(`the Pester package has no tools/Pester.psd1 (looked in ${tools}).`);
    cpSync(tools, pesterDir, { recursive: true });
    rmSync(work, { recursive: true, force: true });
  }
  say(`Pester: ${pesterDir}`);
}
