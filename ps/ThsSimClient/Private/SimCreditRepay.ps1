# SimCreditRepay.ps1 - a credit account's 直接还款 (cash repays the financed debt) and 直接还券 (held shares return
# the borrowed ones): their pages (tree 513: 还款还券 -> 直接还款 / 直接还券, CREDIT_PAGES directRepay / directReturn),
# the confirmation before them (client.orderConfirm) and their rules. Every text, control id and path here is invented
# (docs/credit.md "Known and assumed"). Dot-sourced by ../ThsSimClient.psm1 after SimCredit.ps1.

$script:SimRepayTexts = @{
    RepayTitle     = '还款确认'
    RepayBody      = "还款金额：{0}`r`n`r`n您是否确认直接还款？"
    ReturnTitle    = '还券确认'
    ReturnBody     = "证券代码：{0}`r`n证券名称：{1}`r`n还券数量：{2}`r`n`r`n您是否确认直接还券？"
    BadMoney       = '还款金额不正确，请重新输入。'
    NoDebt         = '没有需要归还的融资负债。'
    RepayTooMuch   = '还款金额超过应还融资负债{0}元。'
    RepayNoCash    = '可用资金不足，不能还款，可用资金为{0}元。'
    RepayOk        = '直接还款成功，还款金额：{0}元。'
    BadShares      = '还券数量不正确，请重新输入。'
    ReturnNoShares = '还券数量超过可用于还券的持仓{0}股。'
    ReturnOk       = '直接还券成功，证券代码：{0}，还券数量：{1}股。'
}

function New-SimRepayPage {
    <#
    .SYNOPSIS
    The controls of a 直接还款 page (Form repay: 还款金额 edit ID_REPAY_MONEY, button 还款) or a 直接还券 page (Form
    return: code edit, name label, 还券数量 edit, button 还券) under its dialog (the caption Static is New-SimCreditPage's).
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog, [Parameter(Mandatory = $true)][string]$Form)
    if ($Form -eq 'repay') {
        [void](New-SimWindow -Parent $Dialog -ClassName 'Static' -ControlId $script:ID_STATIC -Text '还款金额')
        [void](New-SimWindow -Parent $Dialog -ClassName 'Edit' -ControlId $script:ID_REPAY_MONEY)
        [void](New-SimWindow -Parent $Dialog -ClassName 'Button' -ControlId $script:ID_SUBMIT -Text '还款')
        return
    }
    [void](New-SimWindow -Parent $Dialog -ClassName 'Edit' -ControlId $script:ID_CODE)
    [void](New-SimWindow -Parent $Dialog -ClassName 'Static' -ControlId $script:ID_NAME)
    [void](New-SimWindow -Parent $Dialog -ClassName 'Edit' -ControlId $script:ID_AMOUNT)
    [void](New-SimWindow -Parent $Dialog -ClassName 'Button' -ControlId $script:ID_SUBMIT -Text '还券')
}

function Get-SimRepayForm {
    <#
    .SYNOPSIS
    The Form (repay / return) of a page key, or '' for a page that is neither.
    #>
    param([int]$PageId)
    $page = Get-SimCreditPage -PageId $PageId
    if ($null -eq $page) { return '' }
    return [string]$page.Form
}

function Update-SimReturnCode {
    <#
    .SYNOPSIS
    直接还券's code edit heard: the name label empties at once and shows the code's name after labelFillMs.
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog, [AllowEmptyString()][string]$Code)
    [SimFast]::SetControlText($Dialog, $script:ID_NAME, '')
    if ($Code -match '^\d{6}$') { Add-SimEvent -Kind 'fillReturnName' -DelayMs (Get-SimDelayMs 'labelFillMs') -Data @{ Dialog = $Dialog; Code = $Code } }
}

function Update-SimReturnName {
    <#
    .SYNOPSIS
    Fills 直接还券's name label for Code, when the edit still holds it and the code has a quote.
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog, [Parameter(Mandatory = $true)][string]$Code)
    if ([SimFast]::ControlHeardText($Dialog, $script:ID_CODE) -ne $Code) { return }
    $q = Get-SimQuote -Code $Code
    if ($null -ne $q) { [SimFast]::SetControlText($Dialog, $script:ID_NAME, ([string]$q.name)) }
}

function Submit-SimRepayForm {
    <#
    .SYNOPSIS
    A click on a 直接还款 / 直接还券 page's button: the form the client heard, asked with a 还款确认 / 还券确认 when
    client.orderConfirm is on (是 goes on: Submit-SimRepayWithReply), else done at once. client.confirmShows (fault
    injection) changes the form at the click (keys code, amount: 直接还款's amount is its money). Returns $true when the
    click was one of these pages' buttons.
    #>
    param([Parameter(Mandatory = $true)]$Window)
    $page = [SimFast]::PageOf($Window.Id)
    if ($null -eq $page) { return $false }
    $kind = Get-SimRepayForm -PageId $page.PageId
    if ($kind -eq '') { return $false }
    $form = @{ Repay = $kind; Code = ''; AmountText = '' }
    if ($kind -eq 'repay') { $form.AmountText = [SimFast]::ControlHeardText($page.Dialog, $script:ID_REPAY_MONEY) } else {
        $form.Code = [SimFast]::ControlHeardText($page.Dialog, $script:ID_CODE).Trim()
        $form.AmountText = [SimFast]::ControlHeardText($page.Dialog, $script:ID_AMOUNT)
    }
    $over = Get-SimOverrideSetting -Name 'confirmShows' -Keys @('code', 'side', 'price', 'amount')
    if ($over.ContainsKey('code')) { $form.Code = [string]$over['code'] }
    if ($over.ContainsKey('amount')) { $form.AmountText = [string]$over['amount'] }
    if ([bool][SimFast]::Setting('orderConfirm', $false)) {
        $t = $script:SimRepayTexts
        $title = $t.RepayTitle
        $body = $t.RepayBody -f $form.AmountText.Trim()
        if ($kind -eq 'return') {
            $name = ''
            $q = Get-SimQuote -Code $form.Code
            if ($null -ne $q) { $name = [string]$q.name }
            $title = $t.ReturnTitle
            $body = $t.ReturnBody -f $form.Code, $name, $form.AmountText.Trim()
        }
        Add-SimEvent -Kind 'popup' -DelayMs (Get-SimDelayMs 'popupMs') -Data @{ Title = $title; Text = $body; Kind = 'confirm'; Form = $form }
        return $true
    }
    Submit-SimRepayWithReply -Form $form
    return $true
}

function Submit-SimRepayWithReply {
    <#
    .SYNOPSIS
    Does a 直接还款 / 直接还券 form now; its 提示 popup opens after popupMs. A pending client.serverPopup comes instead
    (done only with client.serverPopupPlaces); client.resultText replaces the popup's text.
    #>
    param([Parameter(Mandatory = $true)]$Form)
    $server = Pop-SimServerPopup   # SimMessages.ps1
    if ($null -ne $server) {
        if ($server.Places) { [void](Invoke-SimRepayForm -Form $Form) }
        Add-SimInfoPopup -Text $server.Text
        return
    }
    $r = Invoke-SimRepayForm -Form $Form
    $text = $r.Text
    $override = [SimFast]::Setting('resultText', $null)
    if ($null -ne $override -and [string]$override -ne '') { $text = [string]$override }
    Add-SimInfoPopup -Text $text
}

function Invoke-SimRepayForm {
    <#
    .SYNOPSIS
    The market phase's refusals, then Invoke-SimDirectRepay or Invoke-SimDirectReturn. Returns @{ Ok; Text }.
    #>
    param([Parameter(Mandatory = $true)]$Form)
    $phase = [string][SimFast]::Setting('marketPhase', 'open')
    if ($phase -eq 'closed') { return @{ Ok = $false; Text = $script:SimTexts.MarketClosed } }
    if ($phase -eq 'clearing') { return @{ Ok = $false; Text = $script:SimTexts.Clearing } }
    if ($Form.Repay -eq 'repay') { return (Invoke-SimDirectRepay -MoneyText $Form.AmountText) }
    return (Invoke-SimDirectReturn -Code $Form.Code -AmountText $Form.AmountText)
}

function Get-SimFinanceDebt {
    <#
    .SYNOPSIS
    The financed debt owed (the sum of credit.finance's amounts).
    #>
    $sum = [decimal]0
    $f = $script:SimState.credit.finance
    foreach ($k in @($f.Keys)) { $sum += [SimFast]::Decimal($f[$k].amount) }
    return $sum
}

function Invoke-SimDirectRepay {
    <#
    .SYNOPSIS
    直接还款: cash repays the financed debt, the oldest first (credit.finance in the order its entries were opened; the
    model has no interest or fees, which a broker takes first). Refused: an amount that is not money, no debt, more
    than the debt, more than the available cash. Cash (available, balance) falls by the amount; a debt repaid in full
    is gone (its shares stay held, as collateral). Saves. Returns @{ Ok; Text }.
    #>
    param([AllowEmptyString()][string]$MoneyText)
    $t = $script:SimRepayTexts
    $a = $script:SimState.account
    $text = ([string]$MoneyText).Trim()
    if ($text -notmatch '^\d{1,12}(\.\d{1,2})?$' -or [decimal]::Parse($text, [System.Globalization.CultureInfo]::InvariantCulture) -le 0) { return @{ Ok = $false; Text = $t.BadMoney } }
    $money = [decimal]::Parse($text, [System.Globalization.CultureInfo]::InvariantCulture)
    $debt = Get-SimFinanceDebt
    if ($debt -le 0) { return @{ Ok = $false; Text = $t.NoDebt } }
    if ($money -gt $debt) { return @{ Ok = $false; Text = ($t.RepayTooMuch -f (Format-SimDecimal $debt 2)) } }
    $available = [SimFast]::Decimal($a.available)
    if ($money -gt $available) { return @{ Ok = $false; Text = ($t.RepayNoCash -f (Format-SimDecimal $available 2)) } }
    $f = $script:SimState.credit.finance
    $rest = $money
    foreach ($k in @($f.Keys)) {
        if ($rest -le 0) { break }
        $owed = [SimFast]::Decimal($f[$k].amount)
        $paid = [Math]::Min($owed, $rest)
        $f[$k].amount = Format-SimDecimal ($owed - $paid) 2
        $rest -= $paid
        if ($owed - $paid -le 0) { $f.Remove($k) }
    }
    $a.available = Format-SimDecimal ($available - $money) 2
    $a.balance = Format-SimDecimal ([SimFast]::Decimal($a.balance) - $money) 2
    Update-SimWithdrawable   # SimAccount.ps1
    Save-SimState
    return @{ Ok = $true; Text = ($t.RepayOk -f (Format-SimDecimal $money 2)) }
}

function Get-SimReturnable {
    <#
    .SYNOPSIS
    Shares of a code that 直接还券 can return: the position's shares not frozen by a sell, bought today ones included
    (assumed: a return settles with the lender, not on the exchange), less the financed ones.
    #>
    param([Parameter(Mandatory = $true)][string]$Code)
    $p = Get-SimPosition -Code $Code
    if ($null -eq $p) { return [int64]0 }
    $free = [int64]$p.available + [int64](Get-SimValue -Map $p -Key 'boughtToday' -Default 0)
    return [Math]::Max([int64]0, [Math]::Min($free, [int64]$p.total - (Get-SimFinancedHeld -Code $Code)))
}

function Invoke-SimDirectReturn {
    <#
    .SYNOPSIS
    直接还券: held shares of Code go back to the lender. Refused: no code, an unknown code, a quantity that is not a
    positive whole number, no short debt of the code, more than the shorted shares not already being covered (resting
    买券还券 count), more than the shares it can return (Get-SimReturnable). The position falls by the shares (bought
    today ones first), the
    short debt pro rata (gone when all are back), what can be borrowed grows by them. Saves. Returns @{ Ok; Text }.
    #>
    param([AllowEmptyString()][string]$Code, [AllowEmptyString()][string]$AmountText)
    $t = $script:SimRepayTexts
    $c = $script:SimState.credit
    $Code = ([string]$Code).Trim()
    if (-not $Code) { return @{ Ok = $false; Text = $script:SimTexts.NoCode } }
    if ($null -eq (Get-SimQuote -Code $Code)) { return @{ Ok = $false; Text = ($script:SimTexts.UnknownCode -f $Code) } }
    $text = ([string]$AmountText).Trim()
    if ($text -notmatch '^[1-9]\d{0,9}$') { return @{ Ok = $false; Text = $t.BadShares } }
    $shares = [int64]$text
    $owedAll = Get-SimDebtShares -Map $c.shorts -Code $Code
    if ($owedAll -eq 0) { return @{ Ok = $false; Text = ($script:SimCreditTexts.NoShortDebt -f $Code) } }
    $owed = $owedAll - (Get-SimOpenCredit -Kind 'buyToCover' -Code $Code).Shares
    if ($shares -gt $owed) { return @{ Ok = $false; Text = ($script:SimCreditTexts.CoverTooMany -f [Math]::Max([int64]0, $owed)) } }
    $held = Get-SimReturnable -Code $Code
    if ($shares -gt $held) { return @{ Ok = $false; Text = ($t.ReturnNoShares -f $held) } }
    $p = Get-SimPosition -Code $Code
    $today = [Math]::Min([int64](Get-SimValue -Map $p -Key 'boughtToday' -Default 0), $shares)   # today's shares first
    $p.total = [int64]$p.total - $shares
    $p.boughtToday = [int64](Get-SimValue -Map $p -Key 'boughtToday' -Default 0) - $today
    $p.available = [int64]$p.available - ($shares - $today)
    $c.shorts[$Code].amount = Format-SimDecimal ([SimFast]::Decimal($c.shorts[$Code].amount) * ($owedAll - $shares) / $owedAll) 2
    $c.shorts[$Code].shares = $owedAll - $shares
    if ([int64]$c.shorts[$Code].shares -le 0) { $c.shorts.Remove($Code) }
    $c.shortable[$Code] = (Get-SimLendable -Code $Code) + $shares
    Complete-SimShortsCovered   # SimCredit.ps1: the last short back, the proceeds are cash again
    Save-SimState
    return @{ Ok = $true; Text = ($t.ReturnOk -f $Code, $shares) }
}
