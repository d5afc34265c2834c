// Which PowerShell runs the worker (src/bridge/powershell.ts), and the one-process launcher `npm run setup` writes for
// the project's dotnet-tool pwsh (scripts/setup/pwsh-launcher.mjs), run as real processes.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../src/app/paths.ts';
import { DIRECT_LAUNCHER, findPowerShell } from '../../src/bridge/powershell.ts';
import { writePwshLauncher } from '../../scripts/setup/pwsh-launcher.mjs';

const VERSION = '7.6.9';
const DLL = path.join('.store', 'powershell', VERSION, 'powershell', VERSION, 'tools', 'net10.0', 'any', 'unix', 'pwsh.dll');

function project(files: string[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ths-pwsh-'));
  for (const f of files) {
    const file = path.join(root, f);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
  }
  return root;
}

/** A script that prints its pid and arguments, one per line: what a launcher ended up running. */
function echoScript(file: string, tag: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `#!/bin/sh\necho ${tag}\necho $$\nfor a in "$@"; do echo "$a"; done\n`);
  chmodSync(file, 0o755);
}

/** Runs `file args`; resolves with the spawned process's pid and its output lines. */
function run(file: string, args: string[]): Promise<{ pid: number; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString('utf8'); });
    child.on('error', reject);
    child.on('close', () => resolve({ pid: child.pid ?? -1, lines: out.split('\n').filter((l) => l !== '') }));
  });
}

describe('bridge/powershell: the PowerShell the worker runs in', () => {
  const env = { PATH: '/nonexistent' };

  it('takes the project\'s pwsh-direct launcher before .tools/pwsh off Windows, .tools/pwsh without it, and never the launcher on Windows', () => {
    const both = project([path.join('.tools', 'pwsh'), path.join('.tools', DIRECT_LAUNCHER)]);
    expect(findPowerShell({ projectRoot: both, env, platform: 'linux' })).to.deep.equal({ path: path.join(both, '.tools', DIRECT_LAUNCHER), source: 'project' });
    const only = project([path.join('.tools', 'pwsh')]);
    expect(findPowerShell({ projectRoot: only, env, platform: 'linux' })).to.deep.equal({ path: path.join(only, '.tools', 'pwsh'), source: 'project' });
    const win = project([path.join('.tools', 'pwsh.exe'), path.join('.tools', DIRECT_LAUNCHER)]);
    expect(findPowerShell({ projectRoot: win, env, platform: 'win32' })).to.deep.equal({ path: path.join(win, '.tools', 'pwsh.exe'), source: 'project' });
  });

  it('still takes an explicit PowerShell and a pwsh on PATH before the project\'s launcher', () => {
    const root = project([path.join('.tools', 'pwsh'), path.join('.tools', DIRECT_LAUNCHER), path.join('bin', 'pwsh')]);
    expect(findPowerShell({ projectRoot: root, env: { PATH: path.join(root, 'bin') }, platform: 'linux' })).to.deep.equal({ path: path.join(root, 'bin', 'pwsh'), source: 'path' });
    expect(findPowerShell({ explicit: '/opt/ps/pwsh', projectRoot: root, env, platform: 'linux' })).to.deep.equal({ path: '/opt/ps/pwsh', source: 'option' });
  });
});

describe('scripts/setup/pwsh-launcher: .tools/pwsh-direct runs the tool\'s pwsh.dll in its own process', function () {
  if (process.platform === 'win32') return;

  it('execs the dotnet host with the tool\'s pwsh.dll and every argument as given, in the launcher\'s own process', async () => {
    const tools = path.join(project([path.join('.tools', DLL)]), '.tools');
    const host = path.join(tools, '..', 'host', 'dotnet');
    echoScript(host, 'host');
    echoScript(path.join(tools, 'pwsh'), 'tool launcher');
    const file = writePwshLauncher(tools, VERSION, host) ?? '';
    expect(file).to.equal(path.join(tools, DIRECT_LAUNCHER));
    const { pid, lines } = await run(file, ['-NoProfile', '-Command', 'a b \'c\' "d" $PID']);
    expect(lines[0], 'the host ran, not the tool\'s launcher').to.equal('host');
    expect(Number(lines[1]), 'in the process the caller spawned: no launcher process in between').to.equal(pid);
    expect(lines.slice(2)).to.deep.equal([path.join(tools, DLL), '-NoProfile', '-Command', 'a b \'c\' "d" $PID']);
  });

  it('falls back to the tool\'s own .tools/pwsh when the dll or the host is gone, and writes none for a tool it cannot find', async () => {
    const tools = path.join(project([path.join('.tools', DLL)]), '.tools');
    echoScript(path.join(tools, 'pwsh'), 'tool launcher');
    const file = writePwshLauncher(tools, VERSION, path.join(tools, 'no-such-dotnet')) ?? '';
    const { lines } = await run(file, ['-NoProfile']);
    expect(lines[0], 'no host').to.equal('tool launcher');
    expect(lines.slice(2)).to.deep.equal(['-NoProfile']);
    const host = path.join(tools, '..', 'host', 'dotnet');
    echoScript(host, 'host');
    writePwshLauncher(tools, VERSION, host);
    rmSync(path.join(tools, DLL));
    expect((await run(file, ['-NoProfile'])).lines[0], 'the dll gone after setup').to.equal('tool launcher');
    const empty = path.join(project([path.join('.tools', DIRECT_LAUNCHER)]), '.tools');
    expect(writePwshLauncher(empty, VERSION, '/usr/bin/dotnet'), 'no pwsh.dll of that version').to.equal(undefined);
    expect(existsSync(path.join(empty, DIRECT_LAUNCHER)), 'a stale launcher is removed').to.equal(false);
  });

  it('runs the project\'s PowerShell as one process when setup wrote the launcher (pwsh\'s $PID is the spawned pid)', async function () {
    const direct = path.join(ROOT, '.tools', DIRECT_LAUNCHER);
    if (!existsSync(direct)) this.skip(); // pwsh came from PATH or THS_POWERSHELL: setup wrote no launcher
    const { pid, lines } = await run(direct, ['-NoProfile', '-NonInteractive', '-Command', '$PID; $PSVersionTable.PSVersion.ToString()']);
    expect(Number(lines[0])).to.equal(pid);
    expect(lines[1]).to.equal(VERSION);
  });
});
