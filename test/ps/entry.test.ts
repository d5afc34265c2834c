// ps/ThsAutomation.ps1 as ops use it: dot-sourced functions, the request loop run by hand, stdout kept for protocol
// lines only, and the failed line of a Constrained Language mode session.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { PS_DIR, ROOT, pwshPath, runPwshScript } from '../helpers/pwsh.ts';
import { WorkerSupervisor } from '../../src/bridge/supervisor.ts';
import { workerArgs } from '../../src/app/server.ts';
import { until } from '../helpers/until.ts';

const ENTRY = path.join(PS_DIR, 'ThsAutomation.ps1');
const tempState = (): string => path.join(mkdtempSync(path.join(os.tmpdir(), 'ths-entry-')), 'state.json');
const psq = (s: string): string => `'${s.replace(/'/g, "''")}'`;

describe('ps/entry: the worker script for people and for the bridge', function () {
  this.timeout(60_000);

  it('finds a PowerShell to test with (under CI=true its absence fails, with how to install it)', async () => {
    const r = await runPwshScript('$PSVersionTable.PSVersion.ToString()').catch((err: unknown) => ({ stdout: '', stderr: err instanceof Error ? err.message : String(err), exitCode: -1 }));
    const how = 'no pwsh: run `npm test` (it installs PowerShell 7 into .tools/ with the .NET SDK) or install PowerShell 7 and put pwsh on PATH';
    expect(r.exitCode, how).to.equal(0);
    expect(r.stdout.trim()).to.match(/^\d+\.\d+/);
  });

  it('defines the functions when dot-sourced, without starting the loop or printing anything', async () => {
    const state = tempState();
    const r = await runPwshScript(`
$before = @(Get-ChildItem function:).Count
. ${psq(ENTRY)} -Backend Sim -SimState ${psq(state)}
$names = @('Get-ThsBalance', 'Get-ThsPosition', 'Invoke-ThsOrder', 'Get-ThsStatus', 'Start-ThsWorker')
$missing = @($names | Where-Object { -not (Get-Command $_ -CommandType Function -ErrorAction SilentlyContinue) })
[Console]::Error.WriteLine('MISSING=' + ($missing -join ','))
`, { input: '{"id":1,"cmd":"ping"}\n' });
    expect(r.exitCode, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.contain('MISSING=\n');
    expect(existsSync(state), 'no client was started: the state file is created lazily').to.equal(false);
  });

  it('lets an operator call Get-ThsBalance, Get-ThsPosition and Invoke-ThsOrder directly after dot-sourcing', async () => {
    const state = tempState();
    const r = await runPwshScript(`
. ${psq(ENTRY)} -Backend Sim -SimState ${psq(state)}
$b = Get-ThsBalance
$p = Get-ThsPosition
$o = Invoke-ThsOrder -Side Buy -Code 600160 -Price 21.21 -Amount 100
$bad = $null
try { Invoke-ThsOrder -Side Buy -Code 60016 -Amount 100 } catch { $bad = $_.Exception.Message }
$out = [ordered]@{ balance = $b['资金余额']; rows = @($p.Rows).Count; first = @($p.Rows)[0]['证券名称']; message = $o.message; entrustNo = $o.entrustNo; bad = $bad }
[Console]::Out.WriteLine(($out | ConvertTo-Json -Compress))
`);
    expect(r.exitCode, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out).to.include({ balance: '108328.65', rows: 9, first: '三七互娱', message: '您的买入委托已成功提交，合同编号：4025982646。', entrustNo: '4025982646' });
    expect(String(out['bad'])).to.match(/Code/);
  });

  it('lets an operator Import-Module the worker, initialize it once and call it by hand; options are parameters', async () => {
    const state = tempState();
    const r = await runPwshScript(`
Import-Module ${psq(path.join(PS_DIR, 'ThsWorker', 'ThsWorker.psd1'))}
$before = $null
try { Get-ThsBalance } catch { $before = $_.Exception.Message }
Initialize-ThsWorker -Backend Sim -SimState ${psq(state)}
$b = Get-ThsBalance
$reply = Invoke-ThsRequest -Line '{"id":9,"cmd":"orders"}'
$out = [ordered]@{ before = $before; balance = $b['资金余额']; ok = $reply.ok; id = $reply.id
    portVisible = [bool](Get-Command Get-PortText -ErrorAction SilentlyContinue) }
[Console]::Out.WriteLine(($out | ConvertTo-Json -Compress))
`);
    expect(r.exitCode, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(String(out['before'])).to.match(/Initialize-ThsWorker/);
    expect(out).to.include({ balance: '108328.65', ok: true, id: 9, portVisible: false });
    expect(existsSync(state)).to.equal(true);
  });

  it('announces its commands (sorted, the dispatcher\'s table) and the module version (= package.json) on the ready line', async () => {
    const { execa } = await import('execa');
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await execa(pwshPath(), ['-NoProfile', '-NonInteractive', '-File', ENTRY, '-Backend', 'Sim', '-SimState', tempState()], { input: '', reject: false, timeout: 60_000 });
    const ready = JSON.parse(r.stdout.split('\n')[0] ?? '') as { scriptVersion: string; commands: string[] };
    expect(ready.scriptVersion).to.equal(pkg.version);
    expect(ready.commands).to.deep.equal([...ready.commands].sort());
    expect(ready.commands).to.include.members(['ping', 'balance', 'order', 'cancel', 'ipo_subscribe', 'sim']);
    const names = await runPwshScript(`Import-Module ${psq(path.join(PS_DIR, 'ThsWorker', 'ThsWorker.psd1'))}; [Console]::Out.WriteLine((ConvertTo-Json -InputObject @(Get-ThsCommandNames) -Compress))`);
    expect(JSON.parse(names.stdout)).to.deep.equal(ready.commands);
  });

  it('takes -ExportDir and -TestPauseAt as parameters only: THS_* variables set around it are not read', async () => {
    const r = await runPwshScript(`
$env:THS_EXPORT_DIR = '/from/env'
$env:THS_TEST_PAUSE_AT = 'answered'
. ${psq(ENTRY)} -Backend Sim -SimState ${psq(tempState())}
$a = & (Get-Module ThsWorker) { [ordered]@{ ExportDir = $script:ThsOptions.ExportDir; TestPauseAt = $script:ThsOptions.TestPauseAt } }
Initialize-ThsWorker -Backend Sim -ExportDir '/from/param' -TestPauseAt submitted
$b = & (Get-Module ThsWorker) { [ordered]@{ ExportDir = $script:ThsOptions.ExportDir; TestPauseAt = $script:ThsOptions.TestPauseAt } }
$files = @(Get-ChildItem -Recurse -File -Include *.ps1, *.psm1 -LiteralPath ${psq(path.join(PS_DIR, 'ThsWorker'))}, ${psq(ENTRY)} | Select-String -Pattern 'GetEnvironmentVariable|\\$env:' | ForEach-Object { $_.Path })
[Console]::Out.WriteLine((ConvertTo-Json -InputObject ([ordered]@{ a = $a; b = $b; envReaders = $files }) -Compress))
`);
    expect(r.exitCode, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout) as { a: Record<string, string>; b: Record<string, string>; envReaders: string[] | null };
    // Not the variables' values: the export folder defaults to the temp folder, the pause hook to none.
    expect(out.a.ExportDir, 'THS_EXPORT_DIR is not read').not.to.equal('/from/env');
    expect(out.a.TestPauseAt, 'THS_TEST_PAUSE_AT is not read').to.equal('');
    expect(out.b).to.deep.equal({ ExportDir: '/from/param', TestPauseAt: 'submitted' });
    expect(out.envReaders ?? []).to.deep.equal([]);
  });

  it('-Standby: waits without reading the state file, refuses commands until activated, then starts on the file as it is then', async () => {
    const { execa } = await import('execa');
    const state = tempState();
    const child = execa(pwshPath(), ['-NoProfile', '-NonInteractive', '-File', ENTRY, '-Backend', 'Sim', '-SimState', state, '-Standby'], { reject: false, timeout: 60_000, buffer: false });
    const lines: Array<Record<string, unknown>> = [];
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      buf += d;
      for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
        lines.push(JSON.parse(buf.slice(0, nl)) as Record<string, unknown>);
        buf = buf.slice(nl + 1);
      }
    });
    const line = (n: number): Promise<Record<string, unknown>> => until(`stdout line ${n + 1}`, () => lines[n], 40_000);
    expect(await line(0)).to.include({ type: 'standby', backend: 'sim', scriptVersion: '0.1.0' });
    expect(lines[0]!['warmupMs'], 'it warmed up on a scratch account').to.be.a('number').above(0);
    expect(existsSync(state), 'the standby did not read or create the state file').to.equal(false);
    // The account changes while the spare waits (the active worker trades): written now, read at activation.
    const sample = JSON.parse(readFileSync(path.join(PS_DIR, 'sim', 'sample-state.json'), 'utf8').replace(/^\uFEFF/, '')) as { account: Record<string, string> };
    sample.account['balance'] = '4242.42';
    writeFileSync(state, JSON.stringify(sample));
    child.stdin.write('{"id":1,"cmd":"balance"}\n');
    expect(await line(1)).to.deep.include({ id: 1, ok: false, error: { code: 'bad_request', message: 'this worker is a standby: send {"type":"activate"} first', submitted: false } });
    child.stdin.write('{"type":"activate"}\n{"id":2,"cmd":"balance"}\n');
    expect(await line(2)).to.include({ type: 'ready', backend: 'sim' });
    const reply = await line(3);
    expect(reply).to.include({ id: 2, ok: true });
    expect((reply['result'] as { entries: string[][] }).entries[0]).to.deep.equal(['资金余额', '4242.42']);
    child.stdin.end();
    expect((await child).exitCode).to.equal(0);
    // End of input before activation: the spare leaves at once, the state file untouched.
    const idle = tempState();
    const r = await execa(pwshPath(), ['-NoProfile', '-NonInteractive', '-File', ENTRY, '-Backend', 'Sim', '-SimState', idle, '-Standby'], { input: '', reject: false, timeout: 60_000 });
    expect(r.exitCode).to.equal(0);
    expect(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type)).to.deep.equal(['standby']);
    expect(existsSync(idle)).to.equal(false);
  });

  it('runs the loop for an operator typing JSON lines, with Chinese escaped to ASCII on stdout', async () => {
    const state = tempState();
    const { execa } = await import('execa');
    const r = await execa(pwshPath(), ['-NoProfile', '-NonInteractive', '-File', ENTRY, '-Backend', 'Sim', '-SimState', state], {
      input: '{"id":1,"cmd":"balance"}\n\nnot json\n{"id":2,"cmd":"nope"}\n', reject: false, timeout: 60_000,
    });
    expect(r.exitCode).to.equal(0);
    const lines = r.stdout.trim().split('\n');
    for (const l of lines) expect(l, 'ASCII only').to.match(/^[\x20-\x7e]+$/);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed[0]).to.include({ type: 'ready', backend: 'sim', languageMode: 'FullLanguage', scriptVersion: '0.1.0' });
    expect(parsed[1]).to.deep.include({ id: 1, ok: true });
    expect(parsed[1], 'no debug field without -ProfilePort').to.not.have.property('debug');
    expect((parsed[1]!['result'] as { entries: string[][] }).entries[0]).to.deep.equal(['资金余额', '108328.65']);
    expect(parsed[2]).to.deep.include({ id: null, ok: false });
    expect(parsed[3]).to.deep.include({ id: 2, ok: false });
    expect((parsed[3]!['error'] as Record<string, string>)['code']).to.equal('bad_request');
    expect(parsed).to.have.length(4);
  });

  it('starts, warms up as a standby, activates and answers reads, a buy and a cancel without loading Microsoft.PowerShell.Management', async () => {
    // PowerShell loads that module at the first use of one of its cmdlets (Join-Path, Remove-Item, Set-Item, ...): ~55 ms
    // of every worker's start, for path joins. Start-ThsWorker runs the real loop over stdin; the modules are listed after.
    const state = tempState();
    const commands = ['balance', 'position', 'orders', 'trades'].map((cmd, i) => `{"id":${i + 1},"cmd":"${cmd}"}`);
    commands.push('{"id":5,"cmd":"order","args":{"side":"buy","code":"600160","price":"21.21","amount":100}}', '{"id":6,"cmd":"cancel","args":{"scope":"all"}}');
    const r = await runPwshScript(`
. ${psq(ENTRY)} -Backend Sim -SimState ${psq(state)} -Standby -ProfilePort
$code = Start-ThsWorker
[Console]::Error.WriteLine('EXIT=' + $code + ' MODULES=' + (@(Get-Module | ForEach-Object { $_.Name }) -join ','))
`, { input: ['{"type":"activate"}', ...commands, ''].join('\n') });
    expect(r.exitCode, r.stderr).to.equal(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['type'] !== 'event'); // the buy's events
    expect(lines.map((l) => l['type'] ?? l['id'])).to.deep.equal(['standby', 'ready', 1, 2, 3, 4, 5, 6]);
    expect(lines[0]!['warmupMs'], 'the standby warmed up on a scratch account').to.be.a('number').above(0);
    for (const reply of lines.slice(2)) expect(reply, JSON.stringify(reply)).to.include({ ok: true });
    const modules = /EXIT=0 MODULES=(.*)/.exec(r.stderr)?.[1]?.split(',');
    expect(modules, r.stderr).to.include('ThsWorker').and.not.include('Microsoft.PowerShell.Management');
  });

  it('-ProfilePort: every reply carries its port calls (per function), the time inside them, its waits and its own time', async () => {
    const { execa } = await import('execa');
    const order = '{"id":2,"cmd":"order","args":{"side":"buy","code":"600160","exchange":"SH","price":"21.30","amount":"100"}}';
    const r = await execa(pwshPath(), ['-NoProfile', '-NonInteractive', '-File', ENTRY, '-Backend', 'Sim', '-SimState', tempState(), '-ProfilePort'], {
      input: `{"id":1,"cmd":"balance"}\n${order}\n{"id":3,"cmd":"ping"}\n`, reject: false, timeout: 60_000,
    });
    expect(r.exitCode, r.stderr).to.equal(0);
    interface Debug { workerMs: number; portCalls: number; portMs: number; waitMs: number; ticks: number; ownMs: number; calls: Record<string, number>; callMs: Record<string, number> }
    const replies = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: number; ok?: boolean; debug: Debug }).filter((x) => 'ok' in x);
    expect(replies.map((x) => [x.id, x.ok])).to.deep.equal([[1, true], [2, true], [3, true]]);
    const [balance, buy, ping] = replies.map((x) => x.debug);
    for (const d of [balance!, buy!]) {
      expect(d.portCalls, JSON.stringify(d)).to.be.greaterThan(0);
      expect(Object.values(d.calls).reduce((a, b) => a + b, 0), 'the per-function counts add up').to.equal(d.portCalls);
      expect(d.portMs + d.waitMs + d.ownMs, 'port + waits + own = the whole').to.be.closeTo(d.workerMs, 0.01);
      expect(d.portMs).to.be.greaterThan(0);
    }
    expect(balance!.calls, 'the funds labels are read through the port, in batched reads (one per look)').to.have.property('Get-PortTexts').that.is.at.least(1);
    expect(balance!.calls, 'no label read one by one').to.not.have.property('Get-PortText');
    expect(Object.keys(balance!.callMs), 'a time for every function counted').to.deep.equal(Object.keys(balance!.calls));
    expect(buy!.calls, 'the order form is filled through the port').to.have.property('Set-PortText').that.is.greaterThan(0);
    expect(buy!.portCalls, 'an order drives more of the client than a balance').to.be.greaterThan(balance!.portCalls);
    expect(ping, 'ping touches no window').to.include({ portCalls: 0, portMs: 0 });
  });

  it('passes --profile-port to the worker, and the bridge logs each reply\'s profile at debug level', async () => {
    const args = workerArgs({ backend: 'sim', simState: tempState(), profilePort: true });
    expect(args).to.include('-ProfilePort');
    expect(workerArgs({ backend: 'sim', simState: tempState() })).to.not.include('-ProfilePort');
    const records: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => { records.push(JSON.parse(line) as Record<string, unknown>); } });
    const sup = new WorkerSupervisor({ powershell: pwshPath(), args, cwd: ROOT, logger });
    try {
      await sup.start();
      expect(await sup.request('balance')).to.have.property('entries');
      const logged = records.find((x) => typeof x['msg'] === 'string' && x['msg'].startsWith('worker profile'));
      expect(logged, 'a worker profile line').to.include({ cmd: 'balance', level: 20 });
      expect(logged!['portCalls']).to.be.a('number').that.is.greaterThan(0);
    } finally {
      await sup.stop(500);
    }
  });

  it('keeps warnings, verbose, information, host and progress output off stdout (it goes to stderr)', async () => {
    const state = tempState();
    // The command is replaced inside the worker module (the dispatcher calls it there), not in the caller's scope.
    const r = await runPwshScript(`
. ${psq(ENTRY)} -Backend Sim -SimState ${psq(state)}
& (Get-Module ThsWorker) {
    function script:Get-ThsBalance {
        Write-Warning 'a warning'
        Write-Verbose 'some verbose' -Verbose
        Write-Information 'some information' -InformationAction Continue
        Write-Host 'host text'
        Write-Progress -Activity 'busy' -Status 'half' -PercentComplete 50
        Write-Debug 'debug text' -Debug
        return [ordered]@{ a = '1' }
    }
}
exit (Start-ThsWorker)
`, { input: '{"id":1,"cmd":"balance"}\n' });
    expect(r.exitCode, r.stderr).to.equal(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).to.have.length(2);
    for (const l of lines) expect(() => JSON.parse(l) as unknown, l).to.not.throw();
    expect(JSON.parse(lines[1]!)).to.deep.equal({ id: 1, ok: true, result: { entries: [['a', '1']] } });
    for (const text of ['a warning', 'some verbose', 'some information', 'host text']) expect(r.stderr).to.contain(text);
  });

  it('reports Constrained Language mode as a failed first line, which puts the bridge in failed with the reason', async function () {
    if (process.platform === 'win32') this.skip();
    const sup = new WorkerSupervisor({
      powershell: path.join(ROOT, 'test', 'fixtures', 'pwsh-clm.sh'),
      args: workerArgs({ backend: 'sim', simState: tempState() }),
      cwd: ROOT,
      env: { THS_REAL_PWSH: pwshPath() },
      logger: pino({ level: 'silent' }),
      failedRetryMs: 60_000,
    });
    try {
      await sup.start();
      expect(sup.status).to.equal('failed');
      expect(sup.health().lastError?.message).to.contain('ConstrainedLanguage');
      const err = await sup.request('ping').then(() => null, (e: unknown) => e);
      expect(err).to.have.property('code', 'worker_failed');
    } finally {
      await sup.stop(500);
    }
  });
});
