// pshost-args.test.ts - the Wine rig's PowerShell host (rig/win32/host/PsHost.cs) takes what the bridge passes to
// powershell.exe / pwsh: -NoProfile -NonInteractive -ExecutionPolicy Bypass -File <script> [args]; the old form
// <script> [args] still works; -Command is refused. Skipped without Wine unless CI=true.
import { expect } from 'chai';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineProcess, PSHOST_EXE, WINE_PWSH_READY_TIMEOUT_MS, killWineServer, runSetup, waitExit, win32SkipReason, winPath, wineEnv } from '../../rig/win32/bench.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const ECHO = winPath(path.join(FIXTURES, 'EchoArgs.ps1'));
/** Setup from nothing (when no other suite ran it) plus three PowerShell starts under Wine (~3 s each). */
const SUITE_TIMEOUT_MS = 900_000;
/** The host's own usage error: Wine starts it in ~1 s; nothing of PowerShell loads. */
const USAGE_EXIT_TIMEOUT_MS = 60_000;
const EXIT_USAGE = 64;

const skipReason = win32SkipReason();

/** Runs the host under Wine with `args`: its first JSON line (or null), its exit code and stderr. */
async function host(args: string[], expectJson: boolean): Promise<{ json: Record<string, unknown> | null; code: number | null | 'timeout'; stderr: string }> {
  const p = new LineProcess('wine', [PSHOST_EXE, ...args], wineEnv());
  p.child.stdin.end();
  try {
    const json = expectJson ? await p.nextJson(WINE_PWSH_READY_TIMEOUT_MS, `ths-pshost ${args.join(' ')}`) : null;
    const code = await waitExit(p.child, expectJson ? WINE_PWSH_READY_TIMEOUT_MS : USAGE_EXIT_TIMEOUT_MS);
    return { json, code, stderr: p.stderr };
  } finally {
    await p.stop();
  }
}

describe('win32: the Wine PowerShell host takes the bridge\'s command line', function () {
  this.timeout(SUITE_TIMEOUT_MS);
  before(async function () {
    if (skipReason !== null) {
      console.log(`    (skipped: ${skipReason})`);
      this.skip();
    }
    await runSetup();
  });
  after(async () => {
    if (skipReason === null) await killWineServer();
  });

  it('runs -NoProfile -NonInteractive -ExecutionPolicy Bypass -File <script> with the script\'s own parameters after it', async () => {
    const r = await host(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', ECHO, '-Name', '交易 员', '-Flag', '-DataDir', 'C:\\数据 目录'], true);
    expect(r.json, r.stderr).to.deep.equal({ name: '交易 员', flag: true, dataDir: 'C:\\数据 目录', root: path.win32.dirname(ECHO), policy: 'Bypass' });
    expect(r.code, 'the script\'s exit code').to.equal(7);
  });

  it('still runs the old form, <script> [args], with Bypass', async () => {
    const r = await host([ECHO, '-Name', 'old'], true);
    expect(r.json, r.stderr).to.include({ name: 'old', flag: false, policy: 'Bypass' });
  });

  it('refuses -Command with a usage error that says only script files run here', async () => {
    const r = await host(['-NoProfile', '-Command', 'Get-Date'], false);
    expect(r.code, r.stderr).to.equal(EXIT_USAGE);
    expect(r.stderr).to.include('-Command is not supported: this host runs script files only (-File <script.ps1>)');
  });
});
