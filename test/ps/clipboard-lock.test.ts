// The desktop's clipboard lock (Enter-ThsClipboardLock / Exit-ThsClipboardLock in ps/ThsWorker/Private/ClipboardLock.ps1, a named mutex), with real processes:
// a grid read waits while another process holds the lock and, past CLIPBOARD_LOCK_TIMEOUT_MS, answers clipboard_failed
// without copying; a holder killed while holding it frees it at once (an abandoned mutex); a read releases it.
import { expect } from 'chai';
import { execa, type ResultPromise } from 'execa';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pwshPath } from '../helpers/pwsh.ts';
import { PS_DIR, RESULT_MARK, psQuote, runForResult } from './ps-helpers.ts';

/** How long a test holder may take to start and take the lock. */
const HOLDER_READY_MS = 30_000;

/** PowerShell that opens the desktop's clipboard lock as $m (the name from ps/xiadan-ui.psd1), not taking it yet. */
const OPEN_LOCK = String.raw`$facts = Import-PowerShellDataFile -Path (Join-Path ${psQuote(PS_DIR)} 'xiadan-ui.psd1')
$m = New-Object System.Threading.Mutex($false, $facts.CLIPBOARD_LOCK_NAME)`;

/** Waits (bounded) until a child's stdout prints `mark`, counting from this call on. */
function printed(stdout: Readable, mark: string): Promise<void> {
  let seen = '';
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the process did not print ${mark} in time: ${seen}`)), HOLDER_READY_MS);
    const onData = (d: Buffer): void => {
      seen += d.toString();
      if (seen.includes(mark)) {
        clearTimeout(timer);
        stdout.off('data', onData);
        resolve();
      }
    };
    stdout.on('data', onData);
  });
}

/** A pwsh that takes the lock, prints `held` and keeps it until killed (or its stdin closes). Wrapped: the child is
 * a thenable, which an async function's result would wait for. */
async function startHolder(): Promise<{ child: ResultPromise }> {
  const code = `${OPEN_LOCK}
try { [void]$m.WaitOne() } catch [System.Threading.AbandonedMutexException] { }
[Console]::Out.WriteLine('held')
[void][Console]::In.ReadLine()`;
  const child = execa(pwshPath(), ['-NoProfile', '-NonInteractive', '-Command', code], { stdin: 'pipe', stdout: 'pipe', reject: false, buffer: false });
  await printed(child.stdout, 'held');
  return { child };
}

/** Reads the positions through the simulated worker with the lock's wait cut to `waitMs`: the error code or the rows. */
async function readPositions(waitMs: number, state: string): Promise<{ code: string | null; message: string; rows: number; ms: number; free: boolean }> {
  const { result } = await runForResult<{ code: string | null; message: string; rows: number; ms: number; free: boolean }>(String.raw`
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path ${psQuote(PS_DIR)} 'ThsWorker/ThsWorker.psd1')
Initialize-ThsWorker -Backend Sim -SimState ${psQuote(state)}
$out = & (Get-Module ThsWorker) {
    param($WaitMs)
    $script:CLIPBOARD_LOCK_TIMEOUT_MS = $WaitMs
    $sw = [Diagnostics.Stopwatch]::StartNew()
    $r = @{ code = $null; message = ''; rows = 0 }
    try { $r.rows = @((Get-ThsPosition).Rows).Count } catch { $info = ConvertTo-ThsErrorInfo -ErrorRecord $_; $r.code = $info.code; $r.message = $info.message }
    $r.ms = [int]$sw.ElapsedMilliseconds
    # Released after the read: another taker gets it at once.
    $m = New-Object System.Threading.Mutex($false, (Import-PowerShellDataFile -Path (Join-Path ${psQuote(PS_DIR)} 'xiadan-ui.psd1')).CLIPBOARD_LOCK_NAME)
    $r.free = $false
    try { $r.free = $m.WaitOne(0) } catch [System.Threading.AbandonedMutexException] { $r.free = $true }
    if ($r.free) { $m.ReleaseMutex() }
    $m.Dispose()
    $r
} ${waitMs}
[Console]::Error.WriteLine('${RESULT_MARK}' + (ConvertTo-Json -InputObject $out -Compress))`);
  return result;
}

/** Whether another process can take the lock at once (it then releases it): 'free' or 'busy'. */
async function probeFromAnotherProcess(): Promise<string> {
  const code = `${OPEN_LOCK}
$free = $false
try { $free = $m.WaitOne(0) } catch [System.Threading.AbandonedMutexException] { $free = $true }
if ($free) { $m.ReleaseMutex(); [Console]::Out.WriteLine('free') } else { [Console]::Out.WriteLine('busy') }`;
  const r = await execa(pwshPath(), ['-NoProfile', '-NonInteractive', '-Command', code], { reject: false, timeout: HOLDER_READY_MS });
  return r.stdout.trim();
}

describe('ps/clipboard-lock: one clipboard lock for every worker of the machine (real processes)', function () {
  this.timeout(120_000);
  const state = path.join(mkdtempSync(path.join(os.tmpdir(), 'ths-lock-')), 'state.json');
  let holder: ResultPromise | undefined;
  afterEach(async () => {
    holder?.kill('SIGKILL');
    await holder;
    holder = undefined;
  });

  it('reads a grid and leaves the lock free when nobody else holds it', async () => {
    const r = await readPositions(2000, state);
    expect(r.code, r.message).to.equal(null);
    expect(r.rows).to.be.greaterThan(0);
    expect(r.free, 'the lock is free after the read').to.equal(true);
  });

  it('answers clipboard_failed without copying once another process held the lock past the wait', async () => {
    holder = (await startHolder()).child;
    const r = await readPositions(400, state);
    expect(r.code).to.equal('clipboard_failed');
    expect(r.message).to.include('占用').and.include('400 ms');
    expect(r.ms).to.be.at.least(400);
  });

  it('leaves the lock free to another process after each read while the worker lives on, and takes it again', async () => {
    // The worker keeps its mutex open between reads: each read must still release it.
    const code = String.raw`$ErrorActionPreference = 'Stop'
Import-Module (Join-Path ${psQuote(PS_DIR)} 'ThsWorker/ThsWorker.psd1')
Initialize-ThsWorker -Backend Sim -SimState ${psQuote(state)}
while ($null -ne ($line = [Console]::In.ReadLine())) {
    $n = @((Get-ThsPosition).Rows).Count
    [Console]::Out.WriteLine('read ' + $n)
}`;
    const worker = execa(pwshPath(), ['-NoProfile', '-NonInteractive', '-Command', code], { stdin: 'pipe', stdout: 'pipe', reject: false, buffer: false });
    holder = worker; // killed after the test whatever happens
    for (let i = 1; i <= 2; i++) {
      const done = printed(worker.stdout, 'read ');
      worker.stdin.write('read\n');
      await done;
      expect(await probeFromAnotherProcess(), `after read ${String(i)}, with the worker still running`).to.equal('free');
    }
  });

  it('takes the lock at once when its holder was killed holding it (an abandoned mutex)', async () => {
    const killed = (await startHolder()).child;
    killed.kill('SIGKILL');
    await killed;
    const r = await readPositions(2000, state);
    expect(r.code, r.message).to.equal(null);
    expect(r.rows).to.be.greaterThan(0);
  });
});
