// Several THS clients on one PC (issue 18), through user32 under Wine: two copies of the Win32 double at two exe paths,
// each showing its own simulated account (gj a cash account, hx a credit one), and one server with `--client gj=<exe>
// --client hx=<exe>`. Each account's
// worker drives only the trading window of its exe; both share the desktop's one clipboard, so grid reads run under
// the clipboard lock and never return the other client's grid. The simulated backend's several accounts (one
// simulated client per --sim-state) are test/e2e/accounts.test.ts.
import { expect } from 'chai';
import { cleanupBackends, e2eBackends, freshState, startServerProcess, type ServerProcess } from '../helpers/server-process.ts';

type Row = Record<string, unknown>;

const HX_CASH = '500000.00';

async function message(s: ServerProcess, pathAndQuery: string): Promise<unknown> {
  const r = await s.get(pathAndQuery);
  expect(r.body['status'], `${pathAndQuery}: ${r.text}`).to.equal(1);
  return r.body['message'];
}

const codes = async (s: ServerProcess, account: string): Promise<string[]> => Object.keys(await message(s, `/position?account=${account}`) as Record<string, Row>).sort();

describe('e2e/clients [win32]: several clients on one PC, one worker each, told apart by their exe', function () {
  this.timeout(300_000);
  let s: ServerProcess;
  before(async function () {
    if (!e2eBackends().includes('win32')) this.skip();
    const gj = freshState();
    const hx = freshState((st) => {
      st.account['balance'] = HX_CASH;
      st.account['available'] = HX_CASH;
      st.positions = { '159915': { name: '创业板ETF', total: 1000, available: 1000, frozen: 0, cost: '2.011', boughtToday: 0 } };
      st.orders = [];
      st.trades = [];
      st.account['type'] = 'credit';
      (st as unknown as Row)['credit'] = { marginable: ['600160'], shortable: { '600160': 1000 } };
    });
    s = await startServerProcess({ backend: 'win32', clients: [{ name: 'gj', statePath: gj }, { name: 'hx', statePath: hx }] });
  });
  after(async () => {
    await (s as ServerProcess | undefined)?.stop(); // unset when before() failed or was skipped
  });
  after(cleanupBackends);

  it('lists both accounts, each with a worker of its own and its kind, and reads each client\'s own funds', async () => {
    const gj = await message(s, '/balance?account=gj') as Row;
    const hx = await message(s, '/balance?account=hx') as Row;
    expect(gj['可用金额']).to.equal('78919.91');
    expect(hx['可用金额']).to.equal(HX_CASH);
    const accounts = await message(s, '/accounts') as Array<{ account: string; name: string; type: string; worker: { state: string; pid: number; window_found: boolean } }>;
    expect(accounts.map((a) => a.name)).to.deep.equal(['gj', 'hx']);
    expect(accounts.map((a) => a.type), 'each kind as its worker found the client (hx has the credit tree 513)').to.deep.equal(['cash', 'credit']);
    expect(accounts.map((a) => [a.worker.state, a.worker.window_found])).to.deep.equal([['ready', true], ['ready', true]]);
    expect(accounts[0]!.worker.pid).to.not.equal(accounts[1]!.worker.pid);
  });

  it('reads both clients\' grids at once, round after round, and never gets the other client\'s grid (the clipboard lock)', async () => {
    const placed = await s.get('/buy?account=gj&stock_code=600160&price=21.21&amount=100'); // gj gets an order, hx none
    expect(placed.body, placed.text).to.include({ status: 1 });
    const gjCodes = await codes(s, 'gj');
    expect(gjCodes).to.include('600078').and.not.include('159915');
    expect(await codes(s, 'hx')).to.deep.equal(['159915']);
    for (let round = 0; round < 5; round++) {
      const [gj, hx, gjOrders, hxOrders] = await Promise.all([
        codes(s, 'gj'), codes(s, 'hx'), message(s, '/orders?account=gj') as Promise<Row[]>, message(s, '/orders?account=hx') as Promise<Row[]>,
      ]);
      expect(gj, `round ${round}: gj's positions`).to.deep.equal(gjCodes);
      expect(hx, `round ${round}: hx's positions`).to.deep.equal(['159915']);
      expect(hxOrders, `round ${round}: hx has no orders`).to.deep.equal([]);
      expect(gjOrders.map((o) => o['合同编号']), `round ${round}: gj's orders`).to.deep.equal([String(placed.body['entrust_no'])]);
    }
  });

  it('places a margin buy in the credit client, reads its credit balance, and refuses both on the cash client', async () => {
    const r = await s.get('/margin_buy?account=hx&stock_code=600160&price=23.57&amount=100');
    expect(r.body, r.text).to.include({ status: 1, credit: 'marginBuy' });
    const credit = await message(s, '/credit_balance?account=hx') as Row;
    expect(credit['融资负债']).to.equal('2362.02');   // 2,357 + the minimum commission 5 + transfer fee 0.02
    const refused = await s.get('/margin_buy?account=gj&stock_code=600160&price=23.57&amount=100');
    expect(refused.http).to.equal(409);
    expect(refused.body).to.include({ status: -1, error: 'not_credit_account' });
    expect((await s.get('/credit_balance?account=gj')).http).to.equal(409);
    const hxOrders = await message(s, '/orders?account=hx') as Row[];
    expect(hxOrders.map((o) => o['操作'])).to.deep.equal(['融资买入']);
  });

  it('places a buy in the client it names only', async () => {
    const gjBefore = (await message(s, '/orders?account=gj') as Row[]).length;
    expect(gjBefore).to.equal(1);
    const r = await s.get('/buy?account=hx&stock_code=510300&price=3.912&amount=100');
    expect(r.body, r.text).to.include({ status: 1 });
    expect(r.body['credit'], 'a plain buy on the credit client is its 担保品买入').to.equal('collateralBuy');
    const hx = await message(s, '/orders?account=hx') as Row[];
    expect(hx.map((o) => o['合同编号'])).to.include(String(r.body['entrust_no']));
    expect((await message(s, '/orders?account=gj') as Row[]).length).to.equal(gjBefore);
  });
});
