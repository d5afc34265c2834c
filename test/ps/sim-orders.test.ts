// sim-orders.test.ts - the simulated xiadan's orders, account and popups (ps/ThsSimClient), driven through the simulated
// window port only (ps/ThsPort.Sim): checks, freezes, fills, lots, market phases, 委托确认, the client's warnings and
// leftover popups (helpers: sim-driver.ts; the form, the seed and the client itself: sim-client.test.ts); then the
// worker (ps/ThsWorker) on it: a confirmation that differs and the warnings are answered 否 and nothing is placed.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { PS_DIR, runPwshScript } from '../helpers/pwsh.ts';
import { SAMPLE, createSimWorkDir, parseGrid, runSim } from './sim-driver.ts';

const BUY_OK = '您的买入委托已成功提交，合同编号：4025982646。';
const NO_SHARES = '委托失败，可交易股数为0';

interface OrderReply { title: string; text: string; name: string | null; max: string | null; price: string }
/** A popup as the driver's Read-Popup / Wait-Popup report it. */
interface Popup { handle: number; title: string; text: string; buttons: number[] }
/** The parts of the simulated client's state file (ps/sim/sample-state.json) read here. */
interface SimPosition { name: string; total: number; available: number; frozen: number; cost: string; boughtToday: number }
interface SimState {
  account: { balance: string; available: string; frozen: string; withdrawable: string; nextContractNo: string };
  positions: Record<string, SimPosition>;
  orders: Array<Record<string, unknown>>;
  trades: Array<Record<string, unknown>>;
}

describe('ps/SimClient: orders, the account and popups through the simulated window port', function () {
  this.timeout(30_000);
  let workDir = '';

  before(async () => {
    workDir = await createSimWorkDir();
  });
  after(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  describe('orders and the account', () => {
    it('freezes cash for a buy below the last price and leaves it reported', async () => {
      const { result } = await runSim<{ funds: Record<string, string>; orders: Array<Record<string, unknown>>; next: string }>(String.raw`
        [void](Submit-Order buy 600160 21.21 100)
        $s = Read-StateFile
        Write-Result @{ funds = (Read-Funds); orders = @($s.orders); next = $s.account.nextContractNo }`);
      // 2121.00 + commission 5 (minimum) + transfer fee 0.02
      expect(result.funds['1016']).to.equal('76793.89');
      expect(result.funds['1013']).to.equal('4247.70');
      expect(result.funds['1012']).to.equal('108328.65');
      expect(result.funds['1015']).to.equal('171154.59');
      expect(result.orders).to.have.length(1);
      expect(result.orders[0]).to.include({ contractNo: '4025982646', code: '600160', side: 'buy', price: '21.21', amount: 100, status: 'reported', frozenCash: '2126.02' });
      expect(result.next).to.equal('4025982647');
    });

    it('fills a buy whose limit reaches the last price at once, at the last price, and keeps the shares T+1', async () => {
      const { result } = await runSim<{ r: OrderReply; sell: OrderReply; s: SimState; orders: string; trades: string }>(String.raw`
        $r = Submit-Order buy 000001 11.50 100
        $sell = Submit-Order sell 000001 11.50 100
        Write-Result @{ r = $r; sell = $sell; s = (Read-StateFile); orders = (Read-Grid 168); trades = (Read-Grid 167) }`);
      expect(result.r.text).to.equal(BUY_OK);
      expect(result.sell.text).to.equal(NO_SHARES);
      const s = result.s;
      expect(s.positions['000001']).to.deep.equal({ name: '平安银行', total: 100, available: 0, frozen: 0, cost: '11.370', boughtToday: 100 });
      // 1132.00 + 5 + 0.01 transfer fee
      expect(s.account).to.include({ available: '77782.90', balance: '107191.64', frozen: '2121.68' });
      expect(s.orders[0]).to.include({ status: 'filled', filled: 100, avgPrice: '11.32' });
      expect(s.trades).to.have.length(1);
      const orders = parseGrid(result.orders);
      expect(orders.header).to.equal('委托日期\t证券代码\t证券名称\t操作\t委托价格\t委托数量\t委托时间\t成交数量\t成交均价\t合同编号\t交易市场\t股东帐户\t备注');
      expect(orders.rows[0]).to.include({ 证券代码: '000001', 操作: '买入', 委托价格: '11.500', 委托数量: '100', 成交数量: '100', 成交均价: '11.320', 合同编号: '4025982646', 备注: '已成', 交易市场: '深圳Ａ股' });
      const trades = parseGrid(result.trades);
      expect(trades.header).to.equal('合同编号\t委托时间\t成交均价\t成交数量\t成交时间\t成交编号\t成交金额\t操作\t证券代码\t证券名称');
      expect(trades.rows[0]).to.include({ 合同编号: '4025982646', 成交均价: '11.320', 成交数量: '100', 成交金额: '1132.00', 操作: '证券买入', 证券代码: '000001' });
    });

    it('fills a reported buy when the last price comes down to its limit', async () => {
      const { result } = await runSim<{ before: string; after: SimState }>(String.raw`
        [void](Submit-Order buy 600160 21.21 100)
        $before = @((Read-StateFile).orders)[0].status
        Set-SimQuote -Code 600160 -Last 21.20
        Write-Result @{ before = $before; after = (Read-StateFile) }`);
      expect(result.before).to.equal('reported');
      expect(result.after.orders[0]).to.include({ status: 'filled', avgPrice: '21.20' });
      // the 2126.02 freeze is released; 2120.00 + 5 + 0.02 is paid
      expect(result.after.account).to.include({ frozen: '2121.68', available: '76794.89', balance: '106203.63' });
      expect(result.after.positions['600160']).to.include({ total: 100, available: 0, boughtToday: 100 });
    });

    it('fills a sell whose limit is at or below the last price, paying stamp duty', async () => {
      const { result } = await runSim<{ r: OrderReply; s: SimState }>(String.raw`
        $r = Submit-Order sell 601212 3.00 2400
        Write-Result @{ r = $r; s = (Read-StateFile) }`);
      expect(result.r.text).to.equal('您的卖出委托已成功提交，合同编号：4025982646。');
      // 7488.00 - (5 commission + 3.74 stamp duty + 0.07 transfer fee)
      expect(result.s.account).to.include({ available: '86399.10', balance: '115807.84' });
      expect(result.s.positions['601212']).to.include({ total: 0, available: 0, frozen: 0, cost: '0.000' });
    });

    it('freezes shares for a sell above the last price', async () => {
      const { result } = await runSim<{ r: OrderReply; p: Record<string, unknown> }>(String.raw`
        $r = Submit-Order sell 600078 6.00 1000
        Write-Result @{ r = $r; p = (Read-StateFile).positions.'600078' }`);
      expect(result.r.text).to.equal('您的卖出委托已成功提交，合同编号：4025982646。');
      expect(result.p).to.include({ total: 7500, available: 2700, frozen: 4800 });
    });

    it('refuses odd lots on buys and on partial sells, and sells a whole odd remainder', async () => {
      const { result } = await runSim<{ buy: OrderReply; sell: OrderReply; all: OrderReply; more: OrderReply }>(String.raw`
        Write-Result @{
            buy = (Submit-Order buy 600160 23.00 150); sell = (Submit-Order sell 600078 5.90 150)
            all = (Submit-Order sell 688089 32.00 100); more = (Submit-Order sell 600988 18.00 500)
        }`);
      expect(result.buy.text).to.equal('买入数量必须为100股的整数倍。');
      expect(result.sell.text).to.equal('卖出数量必须为100股的整数倍，零股须一次性卖出。');
      expect(result.all.text).to.equal('您的卖出委托已成功提交，合同编号：4025982646。');
      expect(result.more.text).to.equal('委托失败，委托数量超过可交易股数，可交易股数为400');
    });

    it('requires at least 200 shares for a STAR (688) buy and allows any integer above', async () => {
      const { result } = await runSim<{ small: OrderReply; odd: OrderReply }>(String.raw`
        Write-Result @{ small = (Submit-Order buy 688981 88.00 100); odd = (Submit-Order buy 688981 88.00 201) }`);
      expect(result.small.text).to.equal('科创板股票买入数量不能少于200股。');
      expect(result.odd.text).to.equal(BUY_OK);
    });

    it('refuses a buy the available cash cannot pay for', async () => {
      const { result } = await runSim<{ r: OrderReply }>(String.raw`Write-Result @{ r = (Submit-Order buy 600519 1500.00 100) }`);
      expect(result.r.text).to.equal('委托失败，可用资金不足。');
      expect(result.r.max).to.equal('0');
    });

    it('refuses prices with more than two decimals and amounts that are not positive integers', async () => {
      const { result } = await runSim<{ dec: OrderReply; amt: OrderReply }>(String.raw`
        Write-Result @{ dec = (Submit-Order buy 600160 23.001 100); amt = (Submit-Order buy 600160 23.00 '1e2') }`);
      expect(result.dec.text).to.equal('委托价格的小数位数不能超过2位，请重新输入。');
      expect(result.amt.text).to.equal('委托数量不正确，请重新输入。');
    });

    it('refuses orders when the market is closed or clearing', async () => {
      const closed = await runSim<{ r: OrderReply }>(String.raw`Write-Result @{ r = (Submit-Order buy 600160 21.21 100) }`, { client: { marketPhase: 'closed' } });
      expect(closed.result.r.text).to.equal('当前时间不允许委托');
      const clearing = await runSim<{ r: OrderReply }>(String.raw`Write-Result @{ r = (Submit-Order buy 600160 21.21 100) }`, { client: { marketPhase: 'clearing' } });
      expect(clearing.result.r.text).to.equal('系统正在清算中，请稍后重试！');
    });
  });

  describe('popups', () => {
    it('asks 委托确认 first when confirmation is on: 否 places nothing, 是 places the order', async () => {
      const { result } = await runSim<{ c1: Popup; after1: number; popups: number; c2: Popup; r: Popup; orders: number }>(String.raw`
        $f = Set-OrderForm buy 600160 21.21 100
        [void](Push-PortMessage -Handle (Find-Control $f.page $ID_SUBMIT) -Message $BM_CLICK)
        $c1 = Wait-Popup
        Close-Popup $c1.handle $ID_BTN_NO
        Start-Sleep -Milliseconds 150
        $popups = (Get-Popups).Count
        $after1 = @((Read-StateFile).orders).Count
        [void](Push-PortMessage -Handle (Find-Control $f.page $ID_SUBMIT) -Message $BM_CLICK)
        $c2 = Wait-Popup
        Close-Popup $c2.handle $ID_BTN_YES
        $r = Wait-Popup
        Close-Popup $r.handle $ID_BTN_OK
        Write-Result @{ c1 = $c1; after1 = $after1; popups = $popups; c2 = $c2; r = $r; orders = @((Read-StateFile).orders).Count }`,
      { client: { orderConfirm: true } });
      expect(result.c1.title).to.equal('委托确认');
      expect(result.c1.buttons).to.deep.equal([6, 7]);
      expect(result.c1.text).to.contain('600160').and.contain('巨化股份').and.contain('21.21').and.contain('是否');
      expect(result.after1).to.equal(0);
      expect(result.popups).to.equal(0);
      expect(result.c2.title).to.equal('委托确认');
      expect(result.r.title).to.equal('提示');
      expect(result.r.text).to.equal(BUY_OK);
      expect(result.r.buttons).to.deep.equal([1]);
      expect(result.orders).to.equal(1);
    });

    it('shows a leftover popup at start, blocks submit while it is open, and forgets it in the state file', async () => {
      const { result } = await runSim<{ p: Popup; owner: boolean; inFile: number; blocked: number; r: OrderReply }>(String.raw`
        $top = @(Get-Popups)
        $p = Read-Popup ([int64]$top[0].Handle)
        $owner = ([int64]$top[0].Owner -eq (Get-Main))
        $inFile = @((Read-StateFile).client.leftoverPopups).Count
        $f = Set-OrderForm buy 600160 21.21 100
        [void](Push-PortMessage -Handle (Find-Control $f.page $ID_SUBMIT) -Message $BM_CLICK)
        Start-Sleep -Milliseconds 150
        $blocked = @(Get-Popups).Count
        Close-Popup $p.handle $ID_BTN_OK
        $r = Submit-Order buy 600160 21.21 100
        Write-Result @{ p = $p; owner = $owner; inFile = $inFile; blocked = $blocked; r = $r }`,
      { client: { leftoverPopups: [{ title: '提示', text: '您的买入委托已成功提交，合同编号：4025900001。' }] } });
      expect(result.p.title).to.equal('提示');
      expect(result.p.text).to.equal('您的买入委托已成功提交，合同编号：4025900001。');
      expect(result.owner).to.equal(true);
      expect(result.inFile).to.equal(0);
      expect(result.blocked).to.equal(1);
      expect(result.r.text).to.equal(BUY_OK);
    });

    it('asks its warnings before 委托确认 when they are on: a price far from the last, then an ST buy; 否 places nothing', async () => {
      const { result } = await runSim<{ w1: Popup; w2: Popup; c: Popup; r: Popup; no: Popup; none: number; orders: Array<Record<string, unknown>> }>(String.raw`
        $f = Set-OrderForm buy 600078 5.58 100
        [void](Push-PortMessage -Handle (Find-Control $f.page $ID_SUBMIT) -Message $BM_CLICK)
        $w1 = Wait-Popup; Close-Popup $w1.handle $ID_BTN_YES
        $w2 = Wait-Popup; Close-Popup $w2.handle $ID_BTN_YES
        $c = Wait-Popup; Close-Popup $c.handle $ID_BTN_YES
        $r = Wait-Popup; Close-Popup $r.handle $ID_BTN_OK
        [void](Push-PortMessage -Handle (Find-Control $f.page $ID_SUBMIT) -Message $BM_CLICK)
        $no = Wait-Popup; Close-Popup $no.handle $ID_BTN_NO
        Start-Sleep -Milliseconds 150
        Write-Result @{ w1 = $w1; w2 = $w2; c = $c; r = $r; no = $no; none = (Get-Popups).Count; orders = @((Read-StateFile).orders) }`,
      { client: { orderConfirm: true, warnPriceDeviationPct: 3, riskWarnings: true } });
      expect(result.w1).to.include({ title: '提示信息', text: '委托价格5.58偏离最新价5.87达4.94%，超过3.00%的提示幅度，是否继续委托？' });
      expect(result.w1.buttons).to.deep.equal([6, 7]);
      expect(result.w2).to.include({ title: '提示信息', text: 'ST澄星(600078)为风险警示股票，买入前请了解相关风险。是否继续买入？' });
      expect(result.c.title).to.equal('委托确认');
      expect(result.r.text).to.equal(BUY_OK);
      expect(result.no.title).to.equal('提示信息');
      expect(result.none).to.equal(0);
      expect(result.orders).to.have.length(1);
    });

    it('warns of nothing by default, nor of a sell of an ST name, nor of a price within the deviation', async () => {
      const { result } = await runSim<{ buy: OrderReply; sell: OrderReply; near: OrderReply }>(String.raw`
        Write-Result @{ buy = (Submit-Order buy 600078 5.58 100); sell = (Submit-Order sell 600078 5.87 100) }`);
      expect(result.buy.text).to.equal(BUY_OK);
      expect(result.sell.text).to.equal('您的卖出委托已成功提交，合同编号：4025982647。');
      const near = await runSim<{ near: OrderReply }>(String.raw`Write-Result @{ near = (Submit-Order buy 600160 23.00 100) }`, { client: { warnPriceDeviationPct: 3, riskWarnings: true } });
      expect(near.result.near.text).to.equal(BUY_OK);
    });

    it('shows and places the changed values of client.confirmShows (a late overwrite of the form)', async () => {
      const { result } = await runSim<{ c: Popup; r: Popup; orders: Array<Record<string, unknown>> }>(String.raw`
        $f = Set-OrderForm buy 600160 21.21 100
        [void](Push-PortMessage -Handle (Find-Control $f.page $ID_SUBMIT) -Message $BM_CLICK)
        $c = Wait-Popup; Close-Popup $c.handle $ID_BTN_YES
        $r = Wait-Popup; Close-Popup $r.handle $ID_BTN_OK
        Write-Result @{ c = $c; r = $r; orders = @((Read-StateFile).orders) }`,
      { client: { orderConfirm: true, confirmShows: { amount: '1000', price: '21.50' } } });
      expect(result.c.text).to.contain('委托价格：21.50').and.contain('委托数量：1000');
      expect(result.r.text).to.equal(BUY_OK);
      expect(result.orders[0]).to.include({ amount: 1000, price: '21.50' });
    });

    it('refuses a confirmShows key it does not know, naming the keys', async () => {
      const { result } = await runSim<{ err: string }>(String.raw`
        $f = Set-OrderForm buy 600160 21.21 100
        $err = ''
        try { [void](Push-PortMessage -Handle (Find-Control $f.page $ID_SUBMIT) -Message $BM_CLICK); [void](Get-PortWindowInfo -Handle $f.page) } catch { $err = $_.Exception.Message }
        Write-Result @{ err = $err }`,
      { client: { confirmShows: { quantity: '1000' } } });
      expect(result.err).to.match(/client\.confirmShows has the key "quantity": the keys are code, side, price, amount/);
    });

    it('shows client.resultText instead of its own result text, and still places the order', async () => {
      const { result } = await runSim<{ r: OrderReply; orders: number }>(String.raw`
        $r = Submit-Order buy 600160 21.21 100
        Write-Result @{ r = $r; orders = @((Read-StateFile).orders).Count }`,
      { client: { resultText: '委托已受理' } });
      expect(result.r.text).to.equal('委托已受理');
      expect(result.orders).to.equal(1);
    });

    it('closes a popup on WM_CLOSE', async () => {
      const { result } = await runSim<{ before: number; after: number }>(String.raw`
        $before = @(Get-Popups).Count
        [void](Push-PortMessage -Handle ([int64]@(Get-Popups)[0].Handle) -Message $WM_CLOSE)
        [void](Wait-Condition { if ((Get-Popups).Count -eq 0) { 'gone' } } 1000)
        Write-Result @{ before = $before; after = (Get-Popups).Count }`,
      { client: { leftoverPopups: [{ title: '提示', text: 'x' }] } });
      expect(result).to.deep.equal({ before: 1, after: 0 });
    });
  });

  describe('the worker on it: confirmations checked, warnings answered 否 (issue: "any 是否 / 确认 popup gets 是")', () => {
    interface WorkerReply { id: number; ok: boolean; result?: Record<string, unknown>; error?: { code: string; message: string; submitted: boolean } }
    interface WorkerRun { replies: WorkerReply[]; orders: number[]; state: { orders: Array<Record<string, unknown>> } }

    /** Runs request lines through Invoke-ThsRequest on a fresh sample account (edited), counting the orders after each. */
    async function runWorker(edit: (s: Record<string, Record<string, unknown>>) => void, requests: Array<Record<string, unknown>>): Promise<WorkerRun> {
      const dir = await mkdtemp(path.join(workDir, 'worker-'));
      const statePath = path.join(dir, 'state.json');
      const state = JSON.parse(await readFile(SAMPLE, 'utf8')) as Record<string, Record<string, unknown>>;
      edit(state);
      await writeFile(statePath, JSON.stringify(state, null, 2), 'utf8');
      const q = (t: string): string => `'${t.replace(/'/g, "''")}'`;
      const lines = requests.map((r, i) => q(JSON.stringify({ id: i + 1, ...r }))).join(', ');
      const r = await runPwshScript(String.raw`
$ErrorActionPreference = 'Stop'
Import-Module ${q(path.join(PS_DIR, 'ThsWorker', 'ThsWorker.psd1'))}
Initialize-ThsWorker -Backend Sim -SimState ${q(statePath)}
$replies = New-Object System.Collections.ArrayList
$orders = New-Object System.Collections.ArrayList
foreach ($line in @(${lines})) {
    [void]$replies.Add((Invoke-ThsRequest -Line $line))
    [void]$orders.Add(@((ConvertFrom-Json ([IO.File]::ReadAllText(${q(statePath)}))).orders).Count)
}
$json = ConvertTo-Json -Depth 8 -Compress -InputObject ([ordered]@{ replies = $replies.ToArray(); orders = $orders.ToArray() })
[Console]::Out.WriteLine('@@W@@' + [regex]::Replace($json, '[^\x00-\x7F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value }))
`, { timeoutMs: 90_000 });
      const line = r.stdout.split(/\r?\n/).find((l) => l.startsWith('@@W@@'));
      if (line === undefined) throw new Error(`no result (exit ${r.exitCode}):\n${r.stdout}\n${r.stderr}`);
      const out = JSON.parse(line.slice(5)) as Omit<WorkerRun, 'state'>;
      return { ...out, state: JSON.parse((await readFile(statePath, 'utf8')).replace(/^\uFEFF/, '')) as WorkerRun['state'] };
    }
    const order = (args: Record<string, unknown>): Record<string, unknown> => ({ cmd: 'order', args: { exchange: 'SH', ...args } });

    it('answers a price-deviation and an ST warning 否 (client_warning, nothing placed), and 是 to an accepted kind', async () => {
      const run = await runWorker((s) => Object.assign(s['client']!, { orderConfirm: true, warnPriceDeviationPct: 3, riskWarnings: true }), [
        order({ side: 'buy', code: '600160', price: '21.21', amount: 100 }),
        order({ side: 'buy', code: '600078', price: '5.87', amount: 100 }),
        order({ side: 'buy', code: '600078', price: '5.87', amount: 100, acceptWarnings: ['risk_warning_stock'] }),
      ]);
      const [dev, st, ok] = run.replies;
      expect(dev?.result).to.include({ success: false, refusal: 'client_warning', warning: 'price_deviation', message: '委托价格21.21偏离最新价23.57达10.01%，超过3.00%的提示幅度，是否继续委托？' });
      expect(st?.result).to.include({ success: false, refusal: 'client_warning', warning: 'risk_warning_stock' });
      expect(run.orders.slice(0, 2)).to.deep.equal([0, 0]);
      expect(ok?.result).to.include({ success: true, entrustNo: '4025982646' });
      expect((ok?.result?.['warnings'] as Array<{ kind: string }>)[0]?.kind).to.equal('risk_warning_stock');
      expect(ok?.result?.['confirmations']).to.have.length(1);
      expect(run.orders[2]).to.equal(1);
    });

    it('answers a delisting-period buy 否 (client_warning delisting); an unknown acceptWarnings kind is a bad request', async () => {
      const run = await runWorker((s) => {
        Object.assign(s['client']!, { riskWarnings: true });
        s['quotes']!['600555'] = { name: '海润退', last: '1.00', limitUp: '1.10', limitDown: '0.90', exchange: 'SH' };
      }, [
        order({ side: 'buy', code: '600555', price: '1.00', amount: 100 }),
        order({ side: 'buy', code: '600555', price: '1.00', amount: 100, acceptWarnings: ['st'] }),
      ]);
      expect(run.replies[0]?.result).to.include({ success: false, refusal: 'client_warning', warning: 'delisting' });
      expect(run.replies[1]?.error).to.include({ code: 'bad_request', submitted: false });
      expect(run.replies[1]?.error?.message).to.match(/"st" is not a warning kind.*price_deviation/);
      expect(run.orders).to.deep.equal([0, 0]);
    });

    it('answers a 委托确认 showing another amount 否 (confirmation_mismatch naming it): nothing placed', async () => {
      const run = await runWorker((s) => Object.assign(s['client']!, { orderConfirm: true, confirmShows: { amount: '1000' } }), [
        order({ side: 'buy', code: '600160', price: '21.21', amount: 100 }),
      ]);
      expect(run.replies[0]?.ok).to.equal(true);
      expect(run.replies[0]?.result).to.include({ success: false, refusal: 'confirmation_mismatch', title: '委托确认' });
      expect(String(run.replies[0]?.result?.['message'])).to.contain('委托数量：确认框 1000，请求 100');
      expect(run.orders).to.deep.equal([0]);
      expect(run.state.orders).to.have.length(0);
    });

    it('confirms amount=max with the quantity it typed, and a price the confirmation shows as the order asked', async () => {
      const run = await runWorker((s) => Object.assign(s['client']!, { orderConfirm: true }), [
        order({ side: 'buy', code: '600160', price: '23.57', amount: 'max' }),
        order({ side: 'sell', code: '601212', price: '3.20', amount: 2400 }),
      ]);
      const [max, sell] = run.replies;
      expect(max?.result).to.include({ success: true });
      expect(String((max?.result?.['confirmations'] as string[])[0])).to.contain(`委托数量：${String(max?.result?.['amount'])}`);
      expect(sell?.result).to.include({ success: true, entrustNo: '4025982647' });
      expect(run.orders).to.deep.equal([1, 2]);
    });

    it('never calls 委托未成功 or a text the table does not know a success or a refusal: outcome_unknown, submitted', async () => {
      for (const text of ['委托未成功，请稍后重试', '委托已受理']) {
        const run = await runWorker((s) => Object.assign(s['client']!, { resultText: text }), [order({ side: 'buy', code: '600160', price: '21.21', amount: 100 })]);
        expect(run.replies[0]?.ok, text).to.equal(false);
        expect(run.replies[0]?.error).to.include({ code: 'outcome_unknown', submitted: true });
        expect(run.replies[0]?.error?.message).to.contain(text);
      }
    });

    it('answers a 撤单确认 naming another order 否 (confirmation_mismatch): the order stays open; the right one is 是', async () => {
      const open = { contractNo: '4025982600', date: '20261202', time: '09:31:00', code: '600160', name: '巨化股份', side: 'buy', price: '21.21', amount: 100, filled: 0, avgPrice: '0.00', status: 'reported', exchange: 'SH', shareholder: 'A123456789', frozenCash: '2126.02', priceType: 'limit' };
      const wrong = await runWorker((s) => {
        Object.assign(s['client']!, { cancelConfirm: true, cancelConfirmShows: { entrustNos: ['4025982601'] } });
        (s as Record<string, unknown>)['orders'] = [open];
      }, [{ cmd: 'cancel', args: { entrustNo: '4025982600' } }]);
      expect(wrong.replies[0]?.result).to.include({ success: false, refusal: 'confirmation_mismatch' });
      expect(String(wrong.replies[0]?.result?.['message'])).to.contain('合同编号：确认框 4025982601，要撤的是 4025982600');
      expect(wrong.state.orders[0]).to.include({ status: 'reported' });
      const right = await runWorker((s) => {
        Object.assign(s['client']!, { cancelConfirm: true });
        (s as Record<string, unknown>)['orders'] = [open];
      }, [{ cmd: 'cancel', args: { scope: 'all' } }]);
      expect(right.replies[0]?.result).to.include({ success: true });
      expect(right.replies[0]?.result?.['cancelled']).to.deep.equal(['4025982600']);
      expect(right.state.orders[0]).to.include({ status: 'cancelled' });
    });
  });
});
