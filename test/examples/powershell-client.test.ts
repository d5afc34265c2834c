// examples/powershell_client.ps1 run by the project's PowerShell against the real server on the simulated client
// (quick-trade mode with inline refusals, so an order can end unknown): it reads the balance and the positions, places
// an order with its key, shows the Chinese answer, and on a 504 outcome_unknown says to check instead of placing again.
import { expect } from 'chai';
import path from 'node:path';
import { execa } from 'execa';
import { ROOT, pwshPath } from '../helpers/pwsh.ts';
import { freshState, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

const SCRIPT = path.join(ROOT, 'examples', 'powershell_client.ps1');
/** Longest one run of the example may take: two reads and one order on the simulated client, with pwsh's start. */
const RUN_TIMEOUT_MS = 60_000;

async function runExample(s: ServerProcess, args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const r = await execa(pwshPath(), ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', SCRIPT, '-BaseUrl', s.url, ...args], {
    cwd: ROOT, reject: false, timeout: RUN_TIMEOUT_MS, encoding: 'utf8', env: { THS_TOKEN: '' },
  });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

async function journalRows(s: ServerProcess): Promise<Array<Record<string, unknown>>> {
  return (await s.get('/journal')).body['message'] as Array<Record<string, unknown>>;
}

describe('examples/powershell_client.ps1 against the simulated client', function () {
  this.timeout(180_000);
  let s: ServerProcess;
  before(async () => {
    const statePath = freshState((st) => {
      st.client['resultDisplay'] = 'toast';
      st.client['inlineReject'] = true;
    });
    s = await startServerProcess({ statePath, args: ['--result-display', 'toast'] });
  });
  after(async () => {
    await s.stop();
  });

  it('reads the balance and the positions, places a buy with its idempotency key and shows the Chinese answer (exit 0)', async () => {
    const r = await runExample(s, ['-StockCode', '600160', '-Price', '21.21', '-Amount', '100', '-ClientOrderId', 'ps-example-1']);
    expect(r.exitCode, r.stdout + r.stderr).to.equal(0);
    expect(r.stdout).to.contain('资金余额: 108328.65').and.contain('可用金额: 78919.91');
    expect(r.stdout).to.contain('  600988:\n    证券名称: 赤峰黄金\n    冻结数量: 0\n    可用余额: 400');
    expect(r.stdout, r.stdout.slice(-300)).to.contain('已受理 placed：委托已提交：客户端没有弹出结果窗口（快速交易模式），在当日委托里找到了这笔委托，合同编号：4025982646。').and.contain('合同编号 entrust_no: 4025982646');
    const rows = (await journalRows(s)).filter((row) => row['client_order_id'] === 'ps-example-1');
    expect(rows.map((row) => [row['state'], row['entrust_no'], row['price'], row['amount']])).to.deep.equal([['accepted', '4025982646', '21.21', '100']]);
  });

  it('answers a 504 outcome_unknown by telling to check the client and the journal, placing nothing more, also when run again with its key (exit 3)', async () => {
    const args = ['-StockCode', '600160', '-Price', '21.21', '-Amount', '900000', '-ClientOrderId', 'ps-example-unknown'];
    const first = await runExample(s, args);
    expect(first.exitCode, first.stdout + first.stderr).to.equal(3);
    const row = (await journalRows(s)).find((j) => j['client_order_id'] === 'ps-example-unknown')!;
    expect(row).to.include({ state: 'unknown' });
    expect(first.stdout).to.contain('结果未知 outcome unknown (HTTP 504)').and.contain('不要换新键重下').and.contain(`/journal/${String(row['id'])}`);
    expect(first.stdout).not.to.contain('重试 retrying');
    const again = await runExample(s, args);
    expect(again.exitCode, again.stdout + again.stderr).to.equal(3);
    expect(again.stdout).to.contain('重放');
    const keyed = (await journalRows(s)).filter((j) => j['client_order_id'] === 'ps-example-unknown');
    expect(keyed, 'one journal row for the key').to.have.length(1);
    expect(s.state().orders, 'only the first example\'s order is in the client').to.have.length(1);
  });

  it('says what to check when the server does not answer at all (exit 2), without placing anything', async () => {
    const r = await execa(pwshPath(), ['-NoProfile', '-NonInteractive', '-File', SCRIPT, '-BaseUrl', 'http://127.0.0.1:9', '-TimeoutSec', '5'], { cwd: ROOT, reject: false, timeout: RUN_TIMEOUT_MS, encoding: 'utf8' });
    expect(r.exitCode, r.stdout + r.stderr).to.equal(2);
    expect(r.stdout).to.contain('出错 error').and.contain('检查服务是否在运行');
  });
});
