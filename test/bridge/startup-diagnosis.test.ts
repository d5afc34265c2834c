// startup-diagnosis.test.ts - a worker the execution policy refuses is reported as that, in words to act on: in the
// bridge's last error, in /health and in the reply to a request (worker_failed), not as a bare "exit 1".
import { expect } from 'chai';
import { BridgeError } from '../../src/bridge/bridge-error.ts';
import { DIAGNOSIS, diagnoseStderr } from '../../src/bridge/startup-diagnosis.ts';
import type { WorkerSupervisor } from '../../src/bridge/supervisor.ts';
import { fakeSupervisor, rejectionOf } from './fake-worker.ts';

/** A crash loop of the fixture: three exits within milliseconds. */
const FAILED_WITHIN_MS = 5_000;

describe('bridge/startup-diagnosis', () => {
  it('recognizes Windows PowerShell 5.1\'s refusal in English and in Chinese, and an AllSigned refusal', () => {
    const en = 'File C:\\tools\\app\\ps\\ThsAutomation.ps1 cannot be loaded because running scripts is disabled on this system. For more information, see about_Execution_Policies at https:/go.microsoft.com/fwlink/?LinkID=135170.';
    const zh = '无法加载文件 C:\\交易 工具\\app\\ps\\ThsAutomation.ps1，因为在此系统上禁止运行脚本。';
    const signed = '    + FullyQualifiedErrorId : UnauthorizedAccess';
    for (const line of [en, zh, signed]) expect(diagnoseStderr(line), line).to.equal(DIAGNOSIS.executionPolicy);
    expect(diagnoseStderr('WARNING: something else')).to.equal(undefined);
  });

  describe('a worker refused by the execution policy', () => {
    let sup: WorkerSupervisor | undefined;
    afterEach(async () => { await sup?.stop(500); });

    it('fails with the execution-policy diagnosis in /health and in the reply to a request', async () => {
      sup = fakeSupervisor('policy-blocked', { crashLoopCount: 3, failedRetryMs: 60_000 }).sup;
      await sup.start();
      const end = Date.now() + FAILED_WITHIN_MS;
      while (sup.status !== 'failed' && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(sup.status).to.equal('failed');
      expect(sup.health().lastError?.message).to.include(DIAGNOSIS.executionPolicy);
      const err = await rejectionOf(sup.request('balance'));
      expect(err).to.be.instanceOf(BridgeError);
      expect((err as BridgeError).code).to.equal('worker_failed');
      expect((err as BridgeError).message).to.include('组策略设定的执行策略优先于');
    });
  });
});
