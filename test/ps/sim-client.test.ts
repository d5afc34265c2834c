// sim-client.test.ts - the simulated xiadan (ps/ThsSimClient) driven through the simulated window port (ps/ThsPort.Sim)
// only, as the automation drives it: pages by WM_COMMAND, fields by WM_SETTEXT, a posted BM_CLICK on submit, popups
// read from Static 1365 / 0x3EC, grids copied to the clipboard. Here: the seed's examples, the order form and the client
// itself (hung, elevated, delays, its state file); orders and popups: sim-orders.test.ts (helpers: sim-driver.ts).
import { createHash } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { SAMPLE, createSimWorkDir, parseGrid, runSim } from './sim-driver.ts';

const PRICE_LIMIT = '提交失败：[600160:14.590]超过涨跌限制。25.93-21.21。';
const BUY_OK = '您的买入委托已成功提交，合同编号：4025982646。';
const NO_SHARES = '委托失败，可交易股数为0';

const SEED_BALANCE = { 资金余额: '108328.65', 可用金额: '78919.91', 可取金额: '0.00', 股票市值: '90113.00', 总资产: '171154.59' };
const SEED_POSITIONS: Record<string, { 证券名称: string; 冻结数量: number; 可用余额: number; 股票余额: number; 成本价: number }> = {
  '002555': { 证券名称: '三七互娱', 冻结数量: 0, 可用余额: 200, 股票余额: 200, 成本价: 16.147 },
  '301236': { 证券名称: '软通动力', 冻结数量: 100, 可用余额: 0, 股票余额: 100, 成本价: 44.784 },
  '600078': { 证券名称: 'ST澄星', 冻结数量: 3800, 可用余额: 3700, 股票余额: 7500, 成本价: 6.381 },
  '600988': { 证券名称: '赤峰黄金', 冻结数量: 0, 可用余额: 400, 股票余额: 400, 成本价: 17.243 },
  '601212': { 证券名称: '白银有色', 冻结数量: 0, 可用余额: 2400, 股票余额: 2400, 成本价: 2.991 },
  '601390': { 证券名称: '中国中铁', 冻结数量: 0, 可用余额: 0, 股票余额: 0, 成本价: 0.0 },
  '688089': { 证券名称: '嘉必优', 冻结数量: 0, 可用余额: 100, 股票余额: 100, 成本价: 3.263 },
  '688182': { 证券名称: '灿勤科技', 冻结数量: 0, 可用余额: 400, 股票余额: 400, 成本价: 17.866 },
  '688685': { 证券名称: '迈信林', 冻结数量: 0, 可用余额: 200, 股票余额: 200, 成本价: 48.536 },
};
const POSITION_HEADER = '证券代码\t证券名称\t股票余额\t可用余额\t冻结数量\t盈亏\t成本价\t盈亏比例(%)\t市价\t市值\t交易市场\t股东帐户\t实际数量';

interface OrderReply { title: string; text: string; name: string | null; max: string | null; price: string }

async function sha256(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

describe('ps/SimClient: the simulated xiadan through the simulated window port', function () {
  this.timeout(30_000);
  let sampleHash = '';
  let workDir = '';

  before(async () => {
    workDir = await createSimWorkDir();
    sampleHash = await sha256(SAMPLE);
  });
  after(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  describe('the seed examples', () => {
    it('refuses a buy below the limit-down price with the exact seed text', async () => {
      const { result } = await runSim<{ r: OrderReply; orders: number }>(String.raw`
        $r = Submit-Order buy 600160 14.59 100
        Write-Result @{ r = $r; orders = @((Read-StateFile).orders).Count }`);
      expect(result.r.title).to.equal('提示');
      expect(result.r.text).to.equal(PRICE_LIMIT);
      expect(result.r.name).to.equal('巨化股份');
      expect(result.orders).to.equal(0);
    });

    it('accepts a buy at 21.21 with the exact seed text and contract number', async () => {
      const { result } = await runSim<{ r: OrderReply }>(String.raw`Write-Result @{ r = (Submit-Order buy 600160 21.21 100) }`);
      expect(result.r.text).to.equal(BUY_OK);
      expect(result.r.title).to.equal('提示');
    });

    it('refuses a sell of a stock not held with the exact seed text', async () => {
      const { result } = await runSim<{ r: OrderReply }>(String.raw`Write-Result @{ r = (Submit-Order sell 600160 21.21 100) }`);
      expect(result.r.text).to.equal(NO_SHARES);
    });

    it('shows the seed balance in the funds labels', async () => {
      const { result } = await runSim<Record<string, string>>(String.raw`Write-Result (Read-Funds)`);
      expect({
        资金余额: result['1012'], 可用金额: result['1016'], 可取金额: result['1017'], 股票市值: result['1014'], 总资产: result['1015'],
      }).to.deep.equal(SEED_BALANCE);
      expect(result['1013']).to.equal('2121.68');
      expect(result['1026']).to.match(/^-?\d+\.\d\d$/);
      expect(result['1027']).to.match(/^-?\d+\.\d\d$/);
    });

    it('reads the funds labels in one batched call (Get-PortTexts) as one by one, null for a handle no window has', async () => {
      const { result } = await runSim<{ single: string[]; batch: Array<string | null> }>(String.raw`
        $page = Show-Page 165
        $handles = [int64[]]@(foreach ($id in @(1012, 1013, 1014, 1015, 1016, 1017, 1026, 1027)) { Find-Control $page $id })
        $single = @(foreach ($h in $handles) { Wait-Label $h })
        $batch = Get-PortTexts -Handles ([int64[]]($handles + @([int64]987654)))
        Write-Result @{ single = $single; batch = $batch }`);
      expect(result.batch).to.deep.equal([...result.single, null]);
      expect(result.batch[0]).to.equal(SEED_BALANCE.资金余额);
    });

    it('copies the seed positions from the funds page grid, in code order', async () => {
      const { result } = await runSim<{ text: string }>(String.raw`Write-Result @{ text = (Read-Grid 165) }`);
      const grid = parseGrid(result.text);
      expect(grid.header).to.equal(POSITION_HEADER);
      // (Object.keys would put integer-like keys such as '301236' before '002555')
      expect(grid.rows.map((r) => r['证券代码'])).to.deep.equal(['002555', '301236', '600078', '600988', '601212', '601390', '688089', '688182', '688685']);
      for (const row of grid.rows) {
        const seed = SEED_POSITIONS[row['证券代码'] ?? ''];
        expect({
          证券名称: row['证券名称'], 冻结数量: Number(row['冻结数量']), 可用余额: Number(row['可用余额']),
          股票余额: Number(row['股票余额']), 成本价: Number(row['成本价']),
        }).to.deep.equal(seed);
        expect(row['股票余额']).to.match(/^\d+$/);
        expect(row['成本价']).to.match(/^\d+\.\d{3}$/);
        expect(row['实际数量']).to.equal(row['股票余额']);
      }
      const marketValue = grid.rows.reduce((s, r) => s + Number(r['市值']), 0);
      expect(marketValue.toFixed(2)).to.equal('90113.00');
    });
  });

  describe('the order form', () => {
    it('fills name, quote, exchange, default price and max quantity after the code is set', async () => {
      const { result } = await runSim<Record<string, string>>(String.raw`
        $page = Show-Page 161
        [void](Set-PortText -Handle (Find-Control $page $ID_CODE) -Text '600160')
        $name = Wait-Label (Find-Control $page $ID_NAME)
        Write-Result ([ordered]@{
            name = $name; last = Get-PortText (Find-Control $page $ID_LAST); up = Get-PortText (Find-Control $page $ID_LIMIT_UP)
            down = Get-PortText (Find-Control $page $ID_LIMIT_DOWN); exchange = Get-PortText (Find-Control $page $ID_EXCHANGE)
            price = Get-PortText (Find-Control $page $ID_PRICE); max = Wait-Label (Find-Control $page $ID_MAX_BUY)
            button = Get-PortText (Find-Control $page $ID_SUBMIT)
        })`);
      expect(result).to.deep.equal({
        name: '巨化股份', last: '23.57', up: '25.93', down: '21.21', exchange: '上海Ａ股', price: '23.57', max: '3300', button: '买入[B]',
      });
    });

    it('recomputes the buy max quantity after the price is set, and shows available shares on the sell page', async () => {
      const { result } = await runSim<{ buy: string; sell: string }>(String.raw`
        $b = Set-OrderForm buy 600160 21.21 ''
        $s = Set-OrderForm sell 600078 5.90 ''
        Write-Result @{ buy = $b.max; sell = $s.max }`);
      // floor(78919.91 / (21.21 x 1.00025) / 100) x 100
      expect(result).to.deep.equal({ buy: '3700', sell: '3700' });
    });

    it('leaves the name empty and the quote at - for an unknown code, and refuses the order', async () => {
      const { result } = await runSim<{ name: string; last: string; r: OrderReply }>(String.raw`
        $page = Show-Page 161
        [void](Set-PortText -Handle (Find-Control $page $ID_CODE) -Text '123456')
        Start-Sleep -Milliseconds 100
        $name = Get-PortText (Find-Control $page $ID_NAME)
        $last = Get-PortText (Find-Control $page $ID_LAST)
        $r = Submit-Order buy 123456 10.00 100
        Write-Result @{ name = $name; last = $last; r = $r }`);
      expect(result.name).to.equal('');
      expect(result.last).to.equal('-');
      expect(result.r.text).to.equal('证券代码[123456]不存在，请重新输入。');
    });

    it('keeps the price edit empty when the client has no default price', async () => {
      const { result } = await runSim<{ price: string }>(String.raw`
        $f = Set-OrderForm buy 600160 '' 100
        Write-Result @{ price = $f.price }`, { client: { defaultPrice: 'none' } });
      expect(result.price).to.equal('');
    });

    it('ignores WM_SETTEXT on the ids a build ignores, so the read-back differs', async () => {
      const { result } = await runSim<{ delivered: boolean; code: string; price: string }>(String.raw`
        $page = Show-Page 161
        $ok = Set-PortText -Handle (Find-Control $page $ID_CODE) -Text '600160'
        [void](Set-PortText -Handle (Find-Control $page $ID_PRICE) -Text '21.21')
        Write-Result @{ delivered = $ok; code = Get-PortText (Find-Control $page $ID_CODE); price = Get-PortText (Find-Control $page $ID_PRICE) }`,
      { client: { ignoreSetTextIds: [1032] } });
      expect(result).to.deep.equal({ delivered: true, code: '', price: '21.21' });
    });

    it('selects an exchange combo item by its text prefix', async () => {
      const { result } = await runSim<{ index: number; text: string; missing: number }>(String.raw`
        $page = Show-Page 161
        $combo = Find-Control $page $ID_EXCHANGE
        $i = Select-PortComboItem -Handle $combo -Text '深圳'
        Write-Result @{ index = $i; text = Get-PortText $combo; missing = Select-PortComboItem -Handle $combo -Text '香港' }`);
      expect(result).to.deep.equal({ index: 1, text: '深圳Ａ股', missing: -1 });
    });
  });

  describe('the client itself', () => {
    it('refuses a warnPriceDeviationPct that is not a non-negative number, naming the setting', async () => {
      const { result } = await runSim<{ err: string }>(String.raw`
        $err = ''
        try { [void](Submit-Order buy 600160 21.21 100) } catch { $err = $_.Exception.Message }
        Write-Result @{ err = $err }`,
      { client: { warnPriceDeviationPct: 'ten' } });
      expect(result.err).to.contain('client.warnPriceDeviationPct = "ten" must be a non-negative number (0 = off)');
    });

    it('answers a hung client like SendMessageTimeout does: at once, timed out, no text (one by one or batched)', async () => {
      const { result } = await runSim<{ send: unknown; textIsNull: boolean; textsAreNull: boolean; set: boolean; combo: number; ms: number; found: number }>(String.raw`
        $main = Get-Main
        $sw = [Diagnostics.Stopwatch]::StartNew()
        $send = Send-PortMessage -Handle $main -Message $WM_COMMAND -WParam 161
        $text = Get-PortText -Handle $main
        $texts = Get-PortTexts -Handles @([int64]$main, [int64]$main)
        $set = Set-PortText -Handle $main -Text 'x'
        $combo = Select-PortComboItem -Handle $main -Text 'x'
        $ms = $sw.ElapsedMilliseconds
        Write-Result @{ send = $send; textIsNull = ($null -eq $text); textsAreNull = @($texts | Where-Object { $null -ne $_ }).Count -eq 0 -and $texts.Count -eq 2; set = $set; combo = $combo; ms = $ms; found = @(Find-PortTopWindows).Count }`,
      { client: { hung: true } });
      expect(result.send).to.deep.equal({ Ok: false, Result: 0, TimedOut: true });
      expect(result.textIsNull).to.equal(true);
      expect(result.textsAreNull, 'a batched read of a hung client: a null per handle').to.equal(true);
      expect(result.set).to.equal(false);
      expect(result.combo).to.equal(-1);
      expect(result.ms).to.be.below(500);
      expect(result.found).to.equal(1);
    });

    it('reports the client elevated when the state says so, and itself not', async () => {
      const { result } = await runSim<{ client: boolean; self: boolean; other: boolean }>(String.raw`
        Write-Result @{ client = Test-PortProcessElevated -ProcessId $PID; self = Test-PortSelfElevated; other = Test-PortProcessElevated -ProcessId 1 }`,
      { client: { elevated: true } });
      expect(result).to.deep.equal({ client: true, self: false, other: false });
    });

    it('honours its delays: a page, a label and the clipboard are not there before their time and are after', async () => {
      const { result } = await runSim<Record<string, number | string>>(String.raw`
        $main = Get-Main
        $sw = [Diagnostics.Stopwatch]::StartNew()
        [void](Send-PortMessage -Handle $main -Message $WM_COMMAND -WParam 161)
        $pageEarly = Get-ActivePage $main
        $page = Show-Page 161
        $pageMs = $sw.ElapsedMilliseconds
        $name = Find-Control $page $ID_NAME
        $sw.Restart()
        [void](Set-PortText -Handle (Find-Control $page $ID_CODE) -Text '600160')
        $early = Get-PortText $name
        $filled = Wait-Label $name
        $labelMs = $sw.ElapsedMilliseconds
        $grid = Find-Control (Show-Page 165) $ID_GRID $GRID_CLASS
        $seq = Get-PortClipboardSequence
        $sw.Restart()
        [void](Push-PortMessage -Handle $grid -Message $WM_COMMAND -WParam $CMD_COPY)
        $seqEarly = Get-PortClipboardSequence
        [void](Wait-Condition { (Get-PortClipboardSequence) -ne $seq })
        $clipMs = $sw.ElapsedMilliseconds
        Write-Result ([ordered]@{ pageEarly = $pageEarly; pageMs = $pageMs; early = $early; filled = $filled; labelMs = $labelMs; seqSame = [int]($seqEarly -eq $seq); clipMs = $clipMs })`,
      { client: { delays: { pageMs: 250, labelFillMs: 300, popupMs: 30, clipboardMs: 200 } } });
      expect(result['pageEarly']).to.equal(0);
      expect(result['pageMs']).to.be.at.least(250);
      expect(result['early']).to.equal('');
      expect(result['filled']).to.equal('巨化股份');
      expect(result['labelMs']).to.be.at.least(300);
      expect(result['seqSame']).to.equal(1);
      expect(result['clipMs']).to.be.at.least(200);
    });

    it('creates its state file from the sample when it is missing', async () => {
      const { result } = await runSim<{ created: boolean; title: string; available: string }>(String.raw`
        $s = Read-StateFile
        Write-Result @{ created = [IO.File]::Exists($StatePath); title = $s.client.title; available = $s.account.available }`, null);
      expect(result).to.deep.equal({ created: true, title: '网上股票交易系统5.0', available: '78919.91' });
    });

    it('saves atomically after every change and continues from the saved state after a restart', async () => {
      const { result } = await runSim<{ r1: OrderReply; r2: OrderReply; files: string[]; orders: number; available: string }>(String.raw`
        $r1 = Submit-Order buy 600160 21.21 100
        $init = Initialize-Port -SimState $StatePath -SimSample $SamplePath
        $r2 = Submit-Order buy 600160 21.21 100
        $s = Get-SimState
        Write-Result @{ r1 = $r1; r2 = $r2; orders = @($s.orders).Count; available = $s.account.available
            files = @(Get-ChildItem -LiteralPath (Split-Path $StatePath) | ForEach-Object { $_.Name }) }`, null);
      expect(result.r1.text).to.equal(BUY_OK);
      expect(result.r2.text).to.equal('您的买入委托已成功提交，合同编号：4025982647。');
      expect(result.orders).to.equal(2);
      expect(result.available).to.equal('74667.87');
      expect(result.files).to.deep.equal(['state.json']);
    });

    it('never writes the sample', async () => {
      expect(await sha256(SAMPLE)).to.equal(sampleHash);
      const files = await readdir(path.dirname(SAMPLE));
      expect(files.filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);
    });
  });
});
