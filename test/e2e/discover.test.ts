// --discover (issue 18), through user32 under Wine: one server, no --client, and copies of the Win32 double opened and
// closed while it runs. Each trading window is found by the scout worker, told apart by the shareholder accounts
// (股东帐户) of its own grids and driven as that account; a window whose grids have no row is listed, not driven; a
// client that closes shows closed, and once it opens again (a new process) its account's worker moves there. The
// discovery's logic without Wine: test/app/discovery.test.ts; the worker's commands on the simulated port:
// test/ps/pester/Clients.Tests.ps1.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { LineProcess } from '../../rig/win32/bench.ts';
import { cleanupBackends, e2eBackends, freshState, startDouble, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';
import { until } from '../helpers/until.ts';

interface Listed {
  account: string | null;
  name: string | null;
  type: string | null;
  shareholders?: string[];
  worker: { state: string; pid: number } | null;
  client?: { pid: number; open: boolean; title?: string };
  unidentified?: string;
}

const GJ = '0123456789'; // the sample's SZ shareholder account: the first of its two, sorted
const HX = '0600000001';

describe('e2e/discover [win32]: every trading window found, told apart by its shareholder accounts, noticed as it comes and goes', function () {
  this.timeout(400_000);
  let s: ServerProcess;
  let dataDir: string;
  const extra: LineProcess[] = [];
  const gjState = freshState();
  const list = async (): Promise<Listed[]> => (await s.get('/accounts')).body['message'] as Listed[];
  const account = async (id: string): Promise<Listed | undefined> => (await list()).find((a) => a.account === id);

  before(async function () {
    if (!e2eBackends().includes('win32')) this.skip();
    const hx = freshState((st) => {
      st.account['shareholders'] = { SH: 'E900000001', SZ: HX };
      st.account['type'] = 'credit';
      st.positions = { '159915': { name: '创业板ETF', total: 1000, available: 1000, frozen: 0, cost: '2.011', boughtToday: 0 } };
      st.orders = [];
      st.trades = [];
      (st as unknown as Record<string, unknown>)['credit'] = { marginable: ['600160'], shortable: { '600160': 1000 } };
    });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ths-discover-'));
    s = await startServerProcess({ backend: 'win32', discover: true, clients: [{ name: 'gj', statePath: gjState }, { name: 'hx', statePath: hx }], args: ['--data-dir', dataDir], waitReady: false });
    try {
      await until('both clients found, told apart and their workers ready', async () => {
        const l = await list();
        return l.length === 2 && l.every((a) => a.worker?.state === 'ready') ? true : undefined;
      }, 180_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}; /accounts: ${JSON.stringify(await list())}\n${s.logs.filter((l) => l.includes('"account"')).slice(-30).join('\n')}`, { cause: err });
    }
  });
  after(async () => {
    for (const p of extra) await p.stop();
    await (s as ServerProcess | undefined)?.stop();
  });
  after(cleanupBackends);

  it('drives each window as the account its shareholder numbers name, reachable by any of them, with its own kind and journal folder', async () => {
    const l = await list();
    expect(l.map((a) => [a.account, a.type])).to.have.deep.members([[GJ, 'cash'], [HX, 'credit']]);
    expect((await account(GJ))!.shareholders).to.deep.equal([GJ, 'A123456789']);
    const gj = await s.get(`/balance?account=${GJ}`);
    expect((gj.body['message'] as Record<string, unknown>)['可用金额'], gj.text).to.equal('78919.91');
    const bySh = await s.get('/balance?account=A123456789');
    expect(bySh.body['status'], 'the SH shareholder account names the same account').to.equal(1);
    expect((await s.get(`/credit_balance?account=${HX}`)).body['status']).to.equal(1);
    const none = await s.get('/balance');
    expect([none.http, none.body['error']], 'two accounts and none named').to.deep.equal([400, 'account_required']);
    const mark = JSON.parse(readFileSync(path.join(dataDir, 'accounts', GJ, 'account.json'), 'utf8')) as Record<string, unknown>;
    expect(mark).to.deep.equal({ account: GJ, shareholders: [GJ, 'A123456789'] });
    expect(existsSync(path.join(dataDir, 'accounts', HX, 'account.json'))).to.equal(true);
  });

  it('lists a window opened later whose grids have no row as not driven, with why', async () => {
    const empty = freshState((st) => {
      st.account['shareholders'] = { SH: 'A555000001', SZ: '0555000001' };
      st.positions = {};
      st.orders = [];
      st.trades = [];
    });
    extra.push((await startDouble({ name: 'empty', statePath: empty })).proc);
    const listed = await until('the new window listed', async () => (await list()).find((a) => a.account === null), 60_000);
    expect(listed.unidentified).to.match(/股东帐户/);
    expect(listed.worker).to.equal(null);
    expect(listed.client?.open).to.equal(true);
    expect((await list()).filter((a) => a.account !== null)).to.have.length(2);
  });

  it('shows a closed client closed and refuses its requests; once it opens again its worker moves to the new process', async () => {
    const before = (await account(GJ))!;
    // The harness's first double is gj's: closing its controller closes that client.
    await s.stopClient('gj');
    await until('gj shown closed', async () => ((await account(GJ))?.client?.open === false ? true : undefined), 60_000);
    const refused = await s.get(`/balance?account=${GJ}`);
    expect([refused.http, refused.body['error']]).to.deep.equal([503, 'client_not_found']);
    extra.push((await startDouble({ name: 'gj2', statePath: gjState })).proc);
    const moved = await until('gj found again in a new process', async () => {
      const a = await account(GJ);
      return a?.client?.open === true && a.client.pid !== before.client!.pid ? a : undefined;
    }, 60_000);
    expect(moved.worker!.pid, 'the same worker, moved').to.equal(before.worker!.pid);
    const again = await s.get(`/balance?account=${GJ}`);
    expect((again.body['message'] as Record<string, unknown>)['可用金额'], again.text).to.equal('78919.91');
    expect((await list()).filter((a) => a.account !== null).map((a) => a.account)).to.have.members([GJ, HX]);
  });
});
