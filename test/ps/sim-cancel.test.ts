// sim-cancel.test.ts - the simulated client's 撤单 page (163) and partial fills, driven through the simulated window
// port only: the code filter and 查询代码, 全选 and 撤单, 全撤 with nothing open, 撤单确认 naming other orders (fault
// injection), and the money of a partly filled order.
import { rm } from 'node:fs/promises';
import { expect } from 'chai';
import { createSimWorkDir, parseGrid, runSim } from './sim-driver.ts';

// Test-side helpers over the port primitives: show the cancel page, click one of its buttons, read its grid.
const CANCEL = String.raw`
function Show-Cancel {
    $main = Get-Main
    [void](Send-PortMessage -Handle $main -Message $WM_COMMAND -WParam 163)
    $page = Wait-Condition { $p = Get-ActivePage $main; if ($p -ne 0 -and (Find-Control $p $ID_CANCEL_QUERY) -ne 0) { $p } }
    if (-not $page) { throw 'cancel page did not appear' }
    return [int64]$page
}
function Click-Button([int64]$Page, [int]$Id) { [void](Push-PortMessage -Handle (Find-Control $Page $Id) -Message $BM_CLICK) }
function Read-CancelGrid([int64]$Page) {
    $grid = Find-Control $Page $ID_GRID $GRID_CLASS
    $before = Get-PortClipboardSequence
    [void](Push-PortMessage -Handle $grid -Message $WM_COMMAND -WParam $CMD_COPY)
    if (-not (Wait-Condition { (Get-PortClipboardSequence) -ne $before })) { throw 'clipboard did not change' }
    return (Get-PortClipboardText)
}
function Answer-Popup {
    $p = Wait-Popup
    if ($null -eq $p) { throw 'no popup' }
    Close-Popup $p.handle $ID_BTN_OK
    return $p.text
}
`;

describe('ps/SimClient: the 撤单 page and partial fills', function () {
  this.timeout(30_000);
  let workDir = '';
  before(async () => {
    workDir = await createSimWorkDir();
  });
  after(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('narrows the grid to a code with 查询代码, and 全选 + 撤单 cancel exactly the rows shown', async () => {
    const { result } = await runSim<{ all: string; one: string; none: string; text: string; after: string; statuses: string[] }>(CANCEL + String.raw`
      [void](Submit-Order buy 600160 21.21 100)
      [void](Submit-Order buy 002555 16.00 100)
      $page = Show-Cancel
      $all = Read-CancelGrid $page
      [void](Set-PortText -Handle (Find-Control $page $ID_CANCEL_CODE) -Text '002555')
      Click-Button $page $ID_CANCEL_QUERY
      $one = Read-CancelGrid $page
      Click-Button $page $ID_CANCEL_SELECTED
      $none = Answer-Popup
      Click-Button $page $ID_CANCEL_SELECT_ALL
      Click-Button $page $ID_CANCEL_SELECTED
      $text = Answer-Popup
      [void](Set-PortText -Handle (Find-Control $page $ID_CANCEL_CODE) -Text '')
      Click-Button $page $ID_CANCEL_QUERY
      $after = Read-CancelGrid $page
      Write-Result @{ all = $all; one = $one; none = $none; text = $text; after = $after; statuses = @((Read-StateFile).orders | ForEach-Object { $_.status }) }`);
    expect(parseGrid(result.all).rows.map((r) => r['证券代码'])).to.deep.equal(['600160', '002555']);
    expect(parseGrid(result.one).rows.map((r) => [r['证券代码'], r['合同编号'], r['备注']])).to.deep.equal([['002555', '4025982647', '已报']]);
    expect(result.none).to.equal('请先选择要撤销的委托。');
    expect(result.text).to.equal('您的撤单委托已成功提交，合同编号：4025982647。');
    expect(parseGrid(result.after).rows.map((r) => r['合同编号'])).to.deep.equal(['4025982646']);
    expect(result.statuses).to.deep.equal(['reported', 'cancelled']);
  });

  it('answers 无可撤委托 to 全撤 when nothing is open, and 撤买 leaves the sells', async () => {
    const { result } = await runSim<{ empty: string; buys: string; statuses: string[] }>(CANCEL + String.raw`
      $page = Show-Cancel
      Click-Button $page $ID_CANCEL_ALL
      $empty = Answer-Popup
      [void](Submit-Order buy 600160 21.21 100)
      [void](Submit-Order sell 600988 19.00 100)
      $page = Show-Cancel
      Click-Button $page $ID_CANCEL_BUYS
      $buys = Answer-Popup
      Write-Result @{ empty = $empty; buys = $buys; statuses = @((Read-StateFile).orders | ForEach-Object { $_.status }) }`);
    expect(result.empty).to.equal('无可撤委托');
    expect(result.buys).to.equal('您的撤单委托已成功提交，合同编号：4025982646。');
    expect(result.statuses).to.deep.equal(['cancelled', 'reported']);
  });

  it('names the orders of client.cancelConfirmShows in 撤单确认 (fault injection) and cancels those on 是', async () => {
    const { result } = await runSim<{ confirm: string; text: string; statuses: string[] }>(CANCEL + String.raw`
      [void](Submit-Order buy 600160 21.21 100)
      [void](Submit-Order buy 002555 16.00 100)
      $page = Show-Cancel
      Click-Button $page $ID_CANCEL_BUYS
      $c = Wait-Popup
      Close-Popup $c.handle $ID_BTN_YES
      $text = Answer-Popup
      Write-Result @{ confirm = $c.text; text = $text; statuses = @((Read-StateFile).orders | ForEach-Object { $_.status }) }`,
    { client: { cancelConfirm: true, cancelConfirmShows: { entrustNos: ['4025982647'] } } });
    expect(result.confirm).to.equal('您是否确认撤销以下1笔委托？\r\n合同编号：4025982647');
    expect(result.text).to.equal('您的撤单委托已成功提交，合同编号：4025982647。');
    expect(result.statuses).to.deep.equal(['reported', 'cancelled']);
  });

  it('fills a resting buy in parts as liquidity allows, releasing the freeze share by share, and a cancel releases the rest', async () => {
    const { result } = await runSim<{ steps: Array<Record<string, string | number>> }>(String.raw`
      $steps = New-Object System.Collections.ArrayList
      function Add-Step {
          $s = Read-StateFile
          $o = @($s.orders)[0]
          $q = $s.quotes.'600160'
          $left = $null
          if ($null -ne $q.PSObject.Properties['liquidityLeft']) { $left = $q.liquidityLeft }
          [void]$steps.Add([ordered]@{ status = $o.status; filled = $o.filled; avg = $o.avgPrice; orderFrozen = $o.frozenCash; frozen = $s.account.frozen; available = $s.account.available; left = $left })
      }
      [void](Submit-Order buy 600160 21.21 300)
      Add-Step
      Set-SimQuote -Code 600160 -Last 21.20 -Liquidity 100
      Add-Step
      Set-SimQuote -Code 600160 -Last 21.10
      Add-Step
      [void](& (Get-Module ThsSimClient) { param($o) Stop-SimOrder -Order $o } @((Get-SimState).orders)[0])
      Save-SimState
      Add-Step
      Write-Result @{ steps = $steps }`);
    const [placed, first, second, cancelled] = result.steps;
    // 6363.00 + 5 commission (minimum) + 0.06 transfer fee = 6368.06 frozen; each fill of 100 releases a third of what is left.
    expect(placed).to.include({ status: 'reported', filled: 0, orderFrozen: '6368.06', frozen: '8489.74' });
    expect(first).to.include({ status: 'partial', filled: 100, avg: '21.20', orderFrozen: '4245.37', frozen: '6367.05', left: 0 });
    expect(second).to.include({ status: 'partial', filled: 200, avg: '21.15', orderFrozen: '2122.68', frozen: '4244.36', left: 0 });
    expect(cancelled).to.include({ status: 'partlyCancelled', filled: 200, orderFrozen: '0.00', frozen: '2121.68' });
    // The sample's 78919.91 less what the two fills cost (2120.00 + 5.02, 2110.00 + 5.02).
    expect(cancelled!['available']).to.equal('74679.87');
  });
});
