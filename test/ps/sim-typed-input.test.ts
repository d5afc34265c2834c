// sim-typed-input.test.ts - typed input in the simulated xiadan (2025–2026 builds, docs/simulated-client.md
// variants): client.unheardSetTextIds (WM_SETTEXT shows a text the client never hears), WM_CHAR (always heard),
// EM_SETSEL select-all, and client.nameLabelNeverFills. Driven through the simulated window port (sim-driver.ts).
import { rm } from 'node:fs/promises';
import { expect } from 'chai';
import { createSimWorkDir, runSim } from './sim-driver.ts';

// PowerShell helpers for these cases: type a text one WM_CHAR at a time, click submit and close the result popup.
const TYPING = String.raw`
$WM_CHAR = 0x0102; $EM_SETSEL = 0x00B1
function Send-Typed([int64]$Handle, [string]$Text) {
    foreach ($ch in $Text.ToCharArray()) { [void](Send-PortMessage -Handle $Handle -Message $WM_CHAR -WParam ([int64][int][char]$ch)) }
}
function Submit-Page([int64]$Page) {
    [void](Push-PortMessage -Handle (Find-Control $Page $ID_SUBMIT) -Message $BM_CLICK)
    $p = Wait-Popup
    if ($null -eq $p) { throw 'no popup after submit' }
    Close-Popup $p.handle $ID_BTN_OK
    return $p.text
}
`;

interface Placed { code: string; price: string; amount: number }

describe('ps/SimClient: typed input (unheard WM_SETTEXT, WM_CHAR)', function () {
  this.timeout(30_000);

  let workDir = '';
  before(async () => { workDir = await createSimWorkDir(); });
  after(async () => { await rm(workDir, { recursive: true, force: true }); });

  it('shows an unheard WM_SETTEXT amount but submits the amount the client heard (typed earlier)', async () => {
    const { result } = await runSim<{ shown: string; text: string; last: Placed }>(TYPING + String.raw`
        $page = Show-Page 161
        [void](Set-PortText -Handle (Find-Control $page $ID_CODE) -Text '600160')
        [void](Wait-Label (Find-Control $page $ID_NAME))
        [void](Set-PortText -Handle (Find-Control $page $ID_PRICE) -Text '21.21')
        $amountH = Find-Control $page $ID_AMOUNT
        Send-Typed $amountH '100'
        [void](Set-PortText -Handle $amountH -Text '200')
        $shown = Get-PortText -Handle $amountH
        $text = Submit-Page $page
        $o = @((Read-StateFile).orders)[-1]
        Write-Result @{ shown = $shown; text = $text; last = @{ code = $o.code; price = $o.price; amount = [int]$o.amount } }`,
    { client: { unheardSetTextIds: [1034] } });
    expect(result.shown).to.equal('200');
    expect(result.text).to.contain('已成功提交');
    expect(result.last).to.deep.equal({ code: '600160', price: '21.21', amount: 100 });
  });

  it('never fills the name for an unheard WM_SETTEXT code; the same code typed with WM_CHAR fills it', async () => {
    const { result } = await runSim<{ shown: string; nameAfterSetText: string | null; nameAfterTyping: string | null }>(TYPING + String.raw`
        $page = Show-Page 161
        $codeH = Find-Control $page $ID_CODE
        $nameH = Find-Control $page $ID_NAME
        [void](Set-PortText -Handle $codeH -Text '600160')
        $shown = Get-PortText -Handle $codeH
        $before = Wait-Label $nameH 400
        [void](Set-PortText -Handle $codeH -Text '')
        Send-Typed $codeH '600160'
        Write-Result @{ shown = $shown; nameAfterSetText = $before; nameAfterTyping = (Wait-Label $nameH) }`,
    { client: { unheardSetTextIds: [1032] } });
    expect(result).to.deep.equal({ shown: '600160', nameAfterSetText: null, nameAfterTyping: '巨化股份' });
  });

  it('takes WM_CHAR on an id that ignores WM_SETTEXT, and submits the typed price', async () => {
    const { result } = await runSim<{ afterSetText: string; afterTyping: string; last: Placed }>(TYPING + String.raw`
        $page = Show-Page 161
        [void](Set-PortText -Handle (Find-Control $page $ID_CODE) -Text '600160')
        [void](Wait-Label (Find-Control $page $ID_NAME))
        $priceH = Find-Control $page $ID_PRICE
        [void](Send-PortMessage -Handle $priceH -Message $EM_SETSEL -WParam 0 -LParam (-1))
        [void](Send-PortMessage -Handle $priceH -Message $WM_CHAR -WParam 8)
        [void](Set-PortText -Handle $priceH -Text '21.30')
        $afterSetText = Get-PortText -Handle $priceH
        Send-Typed $priceH '21.21'
        $afterTyping = Get-PortText -Handle $priceH
        [void](Set-PortText -Handle (Find-Control $page $ID_AMOUNT) -Text '100')
        [void](Submit-Page $page)
        $o = @((Read-StateFile).orders)[-1]
        Write-Result @{ afterSetText = $afterSetText; afterTyping = $afterTyping; last = @{ code = $o.code; price = $o.price; amount = [int]$o.amount } }`,
    { client: { ignoreSetTextIds: [1033] } });
    expect(result.afterSetText).to.equal('');
    expect(result.afterTyping).to.equal('21.21');
    expect(result.last).to.deep.equal({ code: '600160', price: '21.21', amount: 100 });
  });

  it('backspace deletes the last character, or the whole text after EM_SETSEL 0, -1 (heard: the form is empty)', async () => {
    const { result } = await runSim<{ one: string; all: string }>(TYPING + String.raw`
        $page = Show-Page 161
        $amountH = Find-Control $page $ID_AMOUNT
        Send-Typed $amountH '1234'
        [void](Send-PortMessage -Handle $amountH -Message $WM_CHAR -WParam 8)
        $one = Get-PortText -Handle $amountH
        [void](Send-PortMessage -Handle $amountH -Message $EM_SETSEL -WParam 0 -LParam (-1))
        [void](Send-PortMessage -Handle $amountH -Message $WM_CHAR -WParam 8)
        Write-Result @{ one = $one; all = Get-PortText -Handle $amountH }`);
    expect(result).to.deep.equal({ one: '123', all: '' });
  });

  it('client.nameLabelNeverFills: the quote labels fill but the name label stays empty', async () => {
    const { result } = await runSim<{ name: string | null; last: string | null }>(String.raw`
        $page = Show-Page 161
        [void](Set-PortText -Handle (Find-Control $page $ID_CODE) -Text '600160')
        $last = Wait-Label (Find-Control $page $ID_LAST)
        Write-Result @{ name = (Wait-Label (Find-Control $page $ID_NAME) 300); last = $last }`,
    { client: { nameLabelNeverFills: true } });
    expect(result.last).to.equal('23.57');
    expect(result.name).to.equal(null);
  });
});
