# SimCredit.ps1 - a credit (融资融券) account (state account.type "credit"): its orders' rules — the checks and the max
# labels (what placing holds, what a fill moves and a cancel releases: SimCreditFills.ps1; its figures:
# SimCreditFigures.ps1; its windows and pages: SimCreditPages.ps1). Dot-sourced by ../ThsSimClient.psm1 after SimAccount.ps1 (docs/simulated-client.md,
# "Credit accounts").

# The credit pages by key (ps/xiadan-ui.psd1 CREDIT_PAGES): @{ Kind (the order it places: the page's own key, or its
# Kind, as marginBuy for 市价委托 -> 融资买入); Market (the page has the market-type combo); Side; Grid; Form (repay /
# return: 直接还款 / 直接还券, SimCreditRepay.ps1; else ''); Path; Name (the item's text) }.
$script:SimCreditPages = @{}
foreach ($simKind in $script:CREDIT_PAGES.Keys) {
    $simPage = $script:CREDIT_PAGES[$simKind]
    $simOrderKind = $simKind
    if ($simPage.ContainsKey('Kind')) { $simOrderKind = [string]$simPage.Kind }
    $script:SimCreditPages[[int]$simPage.Key] = @{ Kind = $simOrderKind; Market = ($simPage.ContainsKey('Market') -and $simPage.Market); Side = [string]$simPage.Side; Grid = ($simPage.ContainsKey('Grid') -and $simPage.Grid); Form = [string]$simPage['Form']; Path = @($simPage.Path); Name = [string]@($simPage.Path)[-1] }
}
Remove-Variable -Name simKind, simPage, simOrderKind

# Invented texts (the real client's are not known), worded like its refusals.
$script:SimCreditTexts = @{
    NotMarginable = '证券代码[{0}]不是融资标的证券，不能融资买入。'
    NotShortable  = '证券代码[{0}]不是融券标的证券，不能融券卖出。'
    NoLendable    = '可融券数量不足，当前可融数量为{0}。'
    NoMargin      = '保证金可用余额不足，委托失败。'
    NoShortDebt   = '证券代码[{0}]没有融券负债，无需买券还券。'
    CoverTooMany  = '还券数量超过融券负债数量{0}。'
    ShortLot      = '融券卖出数量必须为100股的整数倍。'
}
function Test-SimCreditAccount {
    <#
    .SYNOPSIS
    True when the state's account.type is "credit".
    #>
    return ([string](Get-SimValue -Map $script:SimState.account -Key 'type' -Default 'cash') -eq 'credit')
}

function Get-SimCreditPage {
    <#
    .SYNOPSIS
    The credit page of a page key (@{ Kind; Side; Path; Name }), or $null for any other page.
    #>
    param([int]$PageId)
    if ($PageId -lt 70000) { return $null }
    return $script:SimCreditPages[$PageId]
}

function Get-SimCreditKindName {
    <#
    .SYNOPSIS
    The name of a credit order kind as the grids' 操作 column shows it (the tree item's text: 融资买入 ...).
    #>
    param([Parameter(Mandatory = $true)][string]$Kind)
    return [string]@($script:CREDIT_PAGES[$Kind].Path)[-1]
}

function Initialize-SimCreditDefaults {
    <#
    .SYNOPSIS
    Checks account.type and, for a credit account, adds the credit section's defaults: marginRatio (融资保证金比例),
    shortMarginRatio (融券保证金比例), collateralRate (折算率 of a code not in collateralRates), marginable (融资标的
    codes), shortable (融券标的: code -> shares that can be borrowed), finance / shorts (code -> { amount; shares }: the
    debts), shortProceeds (融券卖出资金: held for 买券还券, not available cash).
    #>
    param([Parameter(Mandatory = $true)]$State)
    $type = [string](Get-SimValue -Map $State.account -Key 'type' -Default 'cash')
    if (@('cash', 'credit') -notcontains $type) { throw ('The simulated client setting account.type = "' + $type + '" must be one of: cash, credit.') }
    if ($type -ne 'credit') { return }
    if (-not $State.Contains('credit') -or $null -eq $State.credit) { $State.credit = [ordered]@{} }
    $c = $State.credit
    $defaults = [ordered]@{ marginRatio = '1.0'; shortMarginRatio = '1.0'; collateralRate = '0.7'; shortProceeds = '0.00' }
    foreach ($key in $defaults.Keys) { if (-not $c.Contains($key)) { $c[$key] = $defaults[$key] } }
    foreach ($key in @('collateralRates', 'shortable', 'finance', 'shorts')) { if (-not $c.Contains($key) -or $null -eq $c[$key]) { $c[$key] = [ordered]@{} } }
    if (-not $c.Contains('marginable') -or $null -eq $c.marginable) { $c.marginable = [System.Collections.ArrayList]::new() }
}

function Get-SimCreditMax {
    <#
    .SYNOPSIS
    The max-quantity label of a credit order page for a code at Price: 融资买入 what the available margin finances
    (fees included, in lots); 融券卖出 what can be borrowed and the margin covers; 买券还券 the shorted shares, as far as
    融券卖出资金 and the cash pay; the others as the plain buy / sell pages.
    #>
    param([Parameter(Mandatory = $true)][string]$Kind, [Parameter(Mandatory = $true)][string]$Code, [Parameter(Mandatory = $true)][decimal]$Price)
    $c = $script:SimState.credit
    $rule = Get-SimLotRule -Code $Code
    $rate = [SimFast]::Decimal($script:SimState.fees.commissionRate)
    if ($Price -le 0) { return [int64]0 }
    if ($Kind -eq 'marginBuy') {
        if (-not (Test-SimMarginable -Code $Code)) { return [int64]0 }
        $margin = Get-SimAvailableMargin
        if ($margin -le 0) { return [int64]0 }
        $n = [int64][decimal]::Floor($margin / ($Price * (1 + $rate) * [SimFast]::Decimal($c.marginRatio)) / $rule.Step) * $rule.Step
        while ($n -gt 0 -and ($Price * $n + (Get-SimFees -Side buy -Price $Price -Amount $n -Code $Code)) * [SimFast]::Decimal($c.marginRatio) -gt $margin) { $n -= $rule.Step }
        return $n
    }
    if ($Kind -eq 'shortSell') {
        $lendable = Get-SimLendable -Code $Code
        if ($lendable -le 0) { return [int64]0 }
        $margin = Get-SimAvailableMargin
        if ($margin -le 0) { return [int64]0 }
        $n = [int64][decimal]::Floor($margin / ($Price * [SimFast]::Decimal($c.shortMarginRatio)) / $rule.Step) * $rule.Step
        $cap = [int64][decimal]::Floor([decimal]$lendable / $rule.Step) * $rule.Step
        if ($n -gt $cap) { $n = $cap }
        return $n
    }
    if ($Kind -eq 'buyToCover') {
        # The shorted shares not yet being covered, as far as the proceeds and the cash pay: whole lots, or the whole
        # (odd) rest of the debt.
        $owed = (Get-SimDebtShares -Map $c.shorts -Code $Code) - (Get-SimOpenCredit -Kind 'buyToCover' -Code $Code).Shares
        if ($owed -le 0) { return [int64]0 }
        $cash = [SimFast]::Decimal($script:SimState.account.available) + [SimFast]::Decimal($c.shortProceeds)
        if (($Price * $owed + (Get-SimFees -Side buy -Price $Price -Amount $owed -Code $Code)) -le $cash) { return $owed }
        $n = [int64][decimal]::Floor([Math]::Min([decimal]$owed, $cash / ($Price * (1 + $rate))) / $rule.Step) * $rule.Step
        while ($n -gt 0 -and ($Price * $n + (Get-SimFees -Side buy -Price $Price -Amount $n -Code $Code)) -gt $cash) { $n -= $rule.Step }
        return [Math]::Max([int64]0, $n)
    }
    return [int64]-1   # the plain rules
}

function Test-SimCreditOrder {
    <#
    .SYNOPSIS
    A credit order's own checks (after the quote, price and amount checks of Test-SimOrder): the client's refusal text,
    or $null. Cost: what the order would cost at its freeze price, fees included (buys).
    #>
    param([Parameter(Mandatory = $true)][string]$Kind, [Parameter(Mandatory = $true)][string]$Code, [int64]$Amount, [decimal]$Price, [decimal]$Cost)
    $t = $script:SimCreditTexts
    $c = $script:SimState.credit
    if ($Kind -eq 'marginBuy') {
        if (-not (Test-SimMarginable -Code $Code)) { return ($t.NotMarginable -f $Code) }
        if ($Cost * [SimFast]::Decimal($c.marginRatio) -gt (Get-SimAvailableMargin)) { return $t.NoMargin }
    } elseif ($Kind -eq 'shortSell') {
        $lendable = Get-SimLendable -Code $Code
        if ($lendable -lt 0) { return ($t.NotShortable -f $Code) }
        if ($Amount % (Get-SimLotRule -Code $Code).Step -ne 0) { return $t.ShortLot }
        if ($Amount -gt $lendable) { return ($t.NoLendable -f $lendable) }
        if ($Price * $Amount * [SimFast]::Decimal($c.shortMarginRatio) -gt (Get-SimAvailableMargin)) { return $t.NoMargin }
    } elseif ($Kind -eq 'buyToCover') {
        if ((Get-SimDebtShares -Map $c.shorts -Code $Code) -eq 0) { return ($t.NoShortDebt -f $Code) }
        $owed = (Get-SimDebtShares -Map $c.shorts -Code $Code) - (Get-SimOpenCredit -Kind 'buyToCover' -Code $Code).Shares   # not already being covered
        if ($Amount -gt $owed) { return ($t.CoverTooMany -f $owed) }
        if ($Cost -gt [SimFast]::Decimal($script:SimState.account.available) + [SimFast]::Decimal($c.shortProceeds)) { return $script:SimTexts.NoFunds }
    }
    return $null
}
