// worker-match.test.ts - the bridge refuses a worker whose ready line does not match it (its command catalog and
// script version), with real fixture processes; and the bridge's wording, word for word, with its causes.
import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { BridgeError, WORDING, clientError, exitedError, timeoutError } from '../../src/bridge/bridge-error.ts';
import { COMMAND_NAMES } from '../../src/bridge/commands.ts';
import { WorkerSupervisor } from '../../src/bridge/supervisor.ts';
import { ROOT } from '../helpers/pwsh.ts';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'fake-worker.mjs');
const EXPECT = { commands: COMMAND_NAMES, scriptVersion: '9.9.9' };

describe('bridge: a worker must match the server (commands, script version)', () => {
  const started: WorkerSupervisor[] = [];
  const make = (modes: string): { sup: WorkerSupervisor; log: string } => {
    const log = path.join(mkdtempSync(path.join(os.tmpdir(), 'ths-match-')), 'requests.log');
    const sup = new WorkerSupervisor({ powershell: process.execPath, args: [FIXTURE, modes], cwd: ROOT, env: { FAKE_LOG: log }, logger: pino({ level: 'silent' }), expect: EXPECT, failedRetryMs: 60_000 });
    started.push(sup);
    return { sup, log };
  };
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop(500);
  });
  const all = COMMAND_NAMES.join('+');

  it('accepts a worker that announces the catalog\'s commands and the server\'s script version', async () => {
    const { sup } = make(`version:9.9.9,commands:${all}`);
    await sup.start();
    expect(sup.status).to.equal('ready');
    expect(await sup.request('ping')).to.include({ pong: true });
  });

  it('refuses a worker of another script version: failed, named in lastError, and nothing is sent to it', async () => {
    const { sup, log } = make(`version:0.0.9,commands:${all}`);
    await sup.start();
    expect(sup.status).to.equal('failed');
    expect(sup.health().lastError?.message).to.contain('worker script version 0.0.9 does not match the server\'s 9.9.9');
    const err = await sup.request('balance').then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(BridgeError);
    expect((err as BridgeError).code).to.equal('worker_failed');
    expect(existsSync(log) ? readFileSync(log, 'utf8') : '').to.equal('');
  });

  it('refuses a worker whose commands differ from the catalog, naming the missing and the unknown ones', async () => {
    const commands = [...COMMAND_NAMES.filter((c) => c !== 'cancel'), 'launch_rockets'].join('+');
    const { sup } = make(`version:9.9.9,commands:${commands}`);
    await sup.start();
    expect(sup.status).to.equal('failed');
    expect(sup.health().lastError?.message).to.contain('missing: cancel; unknown: launch_rockets');
  });

  it('refuses a worker that announces no commands at all', async () => {
    const { sup } = make('version:9.9.9');
    await sup.start();
    expect(sup.status).to.equal('failed');
    expect(sup.health().lastError?.message).to.contain(`missing: ${COMMAND_NAMES.join(', ')}`);
  });
});

describe('bridge: the wording of its errors, word for word, and their causes', () => {
  it('a timed-out order that was submitted is outcome_unknown and says not to retry', () => {
    const e = timeoutError('order', 30000, true, true);
    expect(e.code).to.equal('outcome_unknown');
    expect(e.message).to.equal(`PowerShell 工作进程 30000 ms 内没有完成 order，已重启工作进程。${WORDING.sentUnknown}`);
    expect(WORDING.sentUnknown).to.equal('委托可能已经发出，结果未知：请在客户端的当日委托里核对，不要直接重试。(The order may have reached the client; check today\'s orders before retrying.)');
  });

  it('a crashed order that was not submitted says it is safe to retry, and carries the exit as its cause', () => {
    const e = exitedError('order', 1, null, true, false);
    expect(e.code).to.equal('worker_crashed');
    expect(e.message).to.equal('PowerShell 工作进程在执行 order 时退出（退出码 1），正在重启。委托没有发出，可以重试。(The order was not sent; it is safe to retry.)');
    expect(e.cause).to.deep.equal({ exitCode: 1, signal: null });
  });

  it('a worker refusal keeps the worker\'s own code and message, with the worker\'s error as its cause', () => {
    const info = { code: 'page_not_found', message: '客户端页面没有出现：买入' };
    const e = clientError('balance', info);
    expect(e.code).to.equal('page_not_found');
    expect(e.message).to.equal('客户端页面没有出现：买入');
    expect(e.cause).to.equal(info);
    expect(e.replyFields()).to.deep.equal({ reason: 'client' });
  });

  it('an unknown worker code becomes internal, never a code the registry lacks', () => {
    expect(clientError('balance', { code: 'no_such_code', message: 'x' }).code).to.equal('internal');
  });
});
