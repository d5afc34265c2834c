// A worker left from a crashed server is ended before a new one drives the client: the pid file names it, the next
// supervisor kills it (only when its command line shows it is a worker) and waits for it before spawning its own.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkerSupervisor } from '../../src/bridge/supervisor.ts';
import { WorkerPidFile, isOurWorker, processAlive } from '../../src/bridge/worker-pidfile.ts';
import { pwshPath } from '../helpers/pwsh.ts';
import { FIXTURE, fakeSupervisor, recordingLogger, silent } from './fake-worker.ts';

const MARK = path.basename(FIXTURE);

function pidFilePath(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), 'ths-pid-')), 'worker.pid');
}

/** A live process in its own group, like a worker whose server was SIGKILLed (stdin kept open so it stays). */
function orphan(args: string[]): ChildProcess {
  return spawn(process.execPath, args, { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
}

async function gone(pid: number, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (processAlive(pid)) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

describe('bridge/worker pid file: a worker left from a crashed server', function () {
  before(function () {
    if (process.platform === 'win32') this.skip(); // the orphan fixtures below are POSIX process groups
  });
  const leftovers: ChildProcess[] = [];
  let sup: WorkerSupervisor | undefined;
  afterEach(async () => {
    await sup?.stop(500);
    sup = undefined;
    for (const c of leftovers.splice(0)) c.kill('SIGKILL');
  });

  it('ends the worker the pid file names before its own worker starts, then records the new one', async () => {
    const old = orphan([FIXTURE, '']);
    leftovers.push(old);
    const file = pidFilePath();
    writeFileSync(file, JSON.stringify({ pid: old.pid, serverPid: 1, startedAt: '2026-01-01T00:00:00Z' }));
    const { logger, records } = recordingLogger();
    sup = fakeSupervisor('', { logger, pidFile: { file, mark: MARK } }).sup;
    await sup.start();
    expect(sup.status).to.equal('ready');
    expect(processAlive(old.pid!), 'the orphan is gone once the new worker is ready').to.equal(false);
    const msgs = records.map((r) => r['msg']);
    const ended = msgs.indexOf('orphaned worker ended');
    expect(ended, 'the orphan was ended and logged').to.be.at.least(0);
    expect(ended, 'before the new worker was spawned').to.be.below(msgs.indexOf('worker spawned'));
    expect((JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid).to.equal(sup.health().pid);
  });

  it('leaves alone a live process the pid file names that is not a worker (a reused pid)', async () => {
    const other = orphan(['-e', 'setTimeout(() => {}, 600000)']);
    leftovers.push(other);
    const file = pidFilePath();
    writeFileSync(file, JSON.stringify({ pid: other.pid, serverPid: 1, startedAt: '' }));
    expect(await new WorkerPidFile({ file, mark: MARK }).endOrphan(silent)).to.equal(null);
    expect(processAlive(other.pid!)).to.equal(true);
    expect(existsSync(file), 'the stale record is removed').to.equal(false);
  });

  it('removes a pid file whose process has already exited, and ends nothing', async () => {
    const done = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => done.once('exit', r));
    const file = pidFilePath();
    writeFileSync(file, JSON.stringify({ pid: done.pid, serverPid: 1, startedAt: '' }));
    expect(await new WorkerPidFile({ file, mark: MARK }).endOrphan(silent)).to.equal(null);
    expect(existsSync(file)).to.equal(false);
  });

  it('removes its own worker\'s pid file when that worker exits on a graceful stop', async () => {
    const file = pidFilePath();
    sup = fakeSupervisor('', { pidFile: { file, mark: MARK } }).sup;
    await sup.start();
    const pid = sup.health().pid!;
    expect((JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid).to.equal(pid);
    await sup.stop(2000);
    expect(await gone(pid)).to.equal(true);
    expect(existsSync(file)).to.equal(false);
  });
});

describe('bridge/worker pid file: on Windows a worker is told by its command line, read through PowerShell', function () {
  before(function () {
    if (process.platform === 'win32') this.skip(); // a POSIX shell script stands in for powershell.exe below
  });
  const leftovers: ChildProcess[] = [];
  after(() => {
    for (const c of leftovers.splice(0)) c.kill('SIGKILL');
  });

  /** A stand-in for powershell.exe that answers the CIM query with the given command line and exit code. */
  function fakePowerShell(commandLine: string, exitCode = 0): string {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ths-fakeps-')), 'powershell');
    writeFileSync(file, `#!/bin/sh\nprintf '%s' '${commandLine}'\nexit ${String(exitCode)}\n`);
    chmodSync(file, 0o755);
    return file;
  }

  it('kills a PowerShell whose command line runs our script, and leaves one that runs something else', async () => {
    const other = orphan(['-e', 'setTimeout(() => {}, 600000)']);
    leftovers.push(other);
    const file = pidFilePath();
    writeFileSync(file, JSON.stringify({ pid: other.pid, serverPid: 1, startedAt: '' }));
    const notOurs = fakePowerShell('"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe" -File C:\\ops\\backup.ps1');
    expect(await new WorkerPidFile({ file, mark: MARK, powershell: notOurs }, { platform: 'win32' }).endOrphan(silent), 'another PowerShell script').to.equal(null);
    expect(processAlive(other.pid!)).to.equal(true);
    writeFileSync(file, JSON.stringify({ pid: other.pid, serverPid: 1, startedAt: '' }));
    const ours = fakePowerShell(`powershell.exe -NoProfile -File C:\\ths\\ps\\${MARK}`);
    expect(await new WorkerPidFile({ file, mark: MARK, powershell: ours }, { platform: 'win32' }).endOrphan(silent)).to.equal(other.pid);
    expect(await gone(other.pid!)).to.equal(true);
  });

  it('never calls a process a worker when its command line cannot be read (the query fails or PowerShell is missing)', async () => {
    expect(await isOurWorker(process.pid, MARK, { platform: 'win32', powershell: fakePowerShell(MARK, 1) }), 'the query failed').to.equal(false);
    expect(await isOurWorker(process.pid, MARK, { platform: 'win32', powershell: '/nonexistent/powershell.exe' }), 'no PowerShell').to.equal(false);
    // The real query in a real PowerShell that has no CIM (pwsh on Linux): an error, so not ours.
    expect(await isOurWorker(process.pid, 'node', { platform: 'win32', powershell: pwshPath() })).to.equal(false);
  });
});
