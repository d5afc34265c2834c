# SimCredit.ps1 - a credit (融资融券) account (state account.type "credit"): its orders' rules — the checks, the max
# labels, what placing holds, what a fill moves and a cancel releases (its figures: SimCreditFigures.ps1; its windows
# and pages: SimCreditPages.ps1). Dot-sourced by ../ThsSimClient.psm1 after SimAccount.ps1 (docs/simulated-client.md,
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
    if (-not $c.Contains('marginable') -or $null -eq $c.marginable) { $c.marginable = New-Object System.Collections.ArrayList }
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
    $rate = ConvertTo-SimDecimal $script:SimState.fees.commissionRate
    if ($Price -le 0) { return [int64]0 }
    if ($Kind -eq 'marginBuy') {
        if (-not (Test-SimMarginable -Code $Code)) { return [int64]0 }
        $margin = Get-SimAvailableMargin
        if ($margin -le 0) { return [int64]0 }
        $n = [int64][decimal]::Floor($margin / ($Price * (1 + $rate) * (ConvertTo-SimDecimal $c.marginRatio)) / $rule.Step) * $rule.Step
        while ($n -gt 0 -and ($Price * $n + (Get-SimFees -Side buy -Price $Price -Amount $n -Code $Code)) * (ConvertTo-SimDecimal $c.marginRatio) -gt $margin) { $n -= $rule.Step }
        return $n
    }
    if ($Kind -eq 'shortSell') {
        $lendable = Get-SimLendable -Code $Code
        if ($lendable -le 0) { return [int64]0 }
        $margin = Get-SimAvailableMargin
        if ($margin -le 0) { return [int64]0 }
        $n = [int64][decimal]::Floor($margin / ($Price * (ConvertTo-SimDecimal $c.shortMarginRatio)) / $rule.Step) * $rule.Step
        $cap = [int64][decimal]::Floor([decimal]$lendable / $rule.Step) * $rule.Step
        if ($n -gt $cap) { $n = $cap }
        return $n
    }
    if ($Kind -eq 'buyToCover') {
        # The shorted shares not yet being covered, as far as the proceeds and the cash pay: whole lots, or the whole
        # (odd) rest of the debt.
        $owed = (Get-SimDebtShares -Map $c.shorts -Code $Code) - (Get-SimOpenCredit -Kind 'buyToCover' -Code $Code).Shares
        if ($owed -le 0) { return [int64]0 }
        $cash = (ConvertTo-SimDecimal $script:SimState.account.available) + (ConvertTo-SimDecimal $c.shortProceeds)
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
        if ($Cost * (ConvertTo-SimDecimal $c.marginRatio) -gt (Get-SimAvailableMargin)) { return $t.NoMargin }
    } elseif ($Kind -eq 'shortSell') {
        $lendable = Get-SimLendable -Code $Code
        if ($lendable -lt 0) { return ($t.NotShortable -f $Code) }
        if ($Amount % (Get-SimLotRule -Code $Code).Step -ne 0) { return $t.ShortLot }
        if ($Amount -gt $lendable) { return ($t.NoLendable -f $lendable) }
        if ($Price * $Amount * (ConvertTo-SimDecimal $c.shortMarginRatio) -gt (Get-SimAvailableMargin)) { return $t.NoMargin }
    } elseif ($Kind -eq 'buyToCover') {
        if ((Get-SimDebtShares -Map $c.shorts -Code $Code) -eq 0) { return ($t.NoShortDebt -f $Code) }
        $owed = (Get-SimDebtShares -Map $c.shorts -Code $Code) - (Get-SimOpenCredit -Kind 'buyToCover' -Code $Code).Shares   # not already being covered
        if ($Amount -gt $owed) { return ($t.CoverTooMany -f $owed) }
        if ($Cost -gt (ConvertTo-SimDecimal $script:SimState.account.available) + (ConvertTo-SimDecimal $c.shortProceeds)) { return $script:SimTexts.NoFunds }
    }
    return $null
}

function Add-SimCreditFreeze {
    <#
    .SYNOPSIS
    What placing a credit order holds: 融资买入 and 融券卖出 hold margin (the order's frozenMargin; no cash), 融券卖出
    also takes the shares from what can be borrowed (frozenLend); 买券还券 holds 融券卖出资金 first (frozenProceeds) and
    cash for the rest (frozenCash). Returns $true when it handled the order's freeze (the plain rules otherwise).
    #>
    param([Parameter(Mandatory = $true)]$Order, [Parameter(Mandatory = $true)][string]$Kind, [decimal]$Cost)
    $c = $script:SimState.credit
    $a = $script:SimState.account
    $price = ConvertTo-SimDecimal $Order.price
    if ($Kind -eq 'marginBuy') {
        $Order.frozenMargin = Format-SimDecimal ($Cost * (ConvertTo-SimDecimal $c.marginRatio)) 2
        return $true
    }
    if ($Kind -eq 'shortSell') {
        $Order.frozenMargin = Format-SimDecimal ($price * [int64]$Order.amount * (ConvertTo-SimDecimal $c.shortMarginRatio)) 2
        $c.shortable[[string]$Order.code] = (Get-SimLendable -Code ([string]$Order.code)) - [int64]$Order.amount
        $Order.frozenLend = [int64]$Order.amount
        return $true
    }
    if ($Kind -eq 'buyToCover') {
        $proceeds = ConvertTo-SimDecimal $c.shortProceeds
        $fromProceeds = [Math]::Min($proceeds, $Cost)
        $fromCash = $Cost - $fromProceeds
        $c.shortProceeds = Format-SimDecimal ($proceeds - $fromProceeds) 2
        $Order.frozenProceeds = Format-SimDecimal $fromProceeds 2
        $Order.frozenCash = Format-SimDecimal $fromCash 2
        $a.available = Format-SimDecimal ((ConvertTo-SimDecimal $a.available) - $fromCash) 2
        $a.frozen = Format-SimDecimal ((ConvertTo-SimDecimal $a.frozen) + $fromCash) 2
        return $true
    }
    return $false
}

function Get-SimShare {
    <#
    .SYNOPSIS
    The part of a held amount (text) that Shares of Remaining release: all of it for the last shares.
    #>
    param($Held, [int64]$Shares, [int64]$Remaining)
    $h = ConvertTo-SimDecimal $Held
    if ($Shares -ge $Remaining) { return $h }
    return [decimal]::Round($h * $Shares / $Remaining, 2, [System.MidpointRounding]::AwayFromZero)
}

function Add-SimCreditFill {
    <#
    .SYNOPSIS
    A fill of a credit order, for the kinds with their own money moves; returns $false for the others (the plain
    rules). 融资买入: the broker pays (the financed amount grows by value + fees), the shares are held. 融券卖出: the
    proceeds go to 融券卖出资金, the short debt grows. 买券还券: paid from what it held, the bought shares go back to
    the lender (the short debt shrinks pro rata). 卖券还款 is a plain sell whose proceeds repay the financed amounts
    first (Invoke-SimRepayFinance). The caller records the trade and the order's fill.
    #>
    param([Parameter(Mandatory = $true)]$Order, [int64]$Shares, [decimal]$Price, [decimal]$Value, [decimal]$Fees, [int64]$Remaining)
    $kind = [string](Get-SimValue -Map $Order -Key 'credit' -Default '')
    $c = $script:SimState.credit
    $a = $script:SimState.account
    $code = [string]$Order.code
    if ($kind -eq 'marginBuy') {
        $Order.frozenMargin = Format-SimDecimal ((ConvertTo-SimDecimal $Order.frozenMargin) - (Get-SimShare -Held $Order.frozenMargin -Shares $Shares -Remaining $Remaining)) 2
        if (-not $c.finance.Contains($code)) { $c.finance[$code] = [ordered]@{ amount = '0.00'; shares = 0 } }
        $c.finance[$code].amount = Format-SimDecimal ((ConvertTo-SimDecimal $c.finance[$code].amount) + $Value + $Fees) 2
        $c.finance[$code].shares = [int64]$c.finance[$code].shares + $Shares
        $p = $script:SimState.positions[$code]
        $total = [int64]$p.total
        $p.cost = Format-SimDecimal (((ConvertTo-SimDecimal $p.cost) * $total + $Value + $Fees) / ($total + $Shares)) 3
        $p.total = $total + $Shares
        $p.boughtToday = [int64](Get-SimValue -Map $p -Key 'boughtToday' -Default 0) + $Shares
        return $true
    }
    if ($kind -eq 'shortSell') {
        $Order.frozenMargin = Format-SimDecimal ((ConvertTo-SimDecimal $Order.frozenMargin) - (Get-SimShare -Held $Order.frozenMargin -Shares $Shares -Remaining $Remaining)) 2
        $Order.frozenLend = [int64]$Order.frozenLend - $Shares
        $c.shortProceeds = Format-SimDecimal ((ConvertTo-SimDecimal $c.shortProceeds) + $Value - $Fees) 2
        if (-not $c.shorts.Contains($code)) { $c.shorts[$code] = [ordered]@{ amount = '0.00'; shares = 0 } }
        $c.shorts[$code].amount = Format-SimDecimal ((ConvertTo-SimDecimal $c.shorts[$code].amount) + $Value) 2
        $c.shorts[$code].shares = [int64]$c.shorts[$code].shares + $Shares
        return $true
    }
    if ($kind -eq 'buyToCover') {
        $proceedsRelease = Get-SimShare -Held $Order.frozenProceeds -Shares $Shares -Remaining $Remaining
        $cashRelease = Get-SimShare -Held $Order.frozenCash -Shares $Shares -Remaining $Remaining
        $Order.frozenProceeds = Format-SimDecimal ((ConvertTo-SimDecimal $Order.frozenProceeds) - $proceedsRelease) 2
        $Order.frozenCash = Format-SimDecimal ((ConvertTo-SimDecimal $Order.frozenCash) - $cashRelease) 2
        $cost = $Value + $Fees
        $fromProceeds = [Math]::Min($cost, $proceedsRelease)
        $fromCash = $cost - $fromProceeds
        $c.shortProceeds = Format-SimDecimal ((ConvertTo-SimDecimal $c.shortProceeds) + $proceedsRelease - $fromProceeds) 2
        $a.frozen = Format-SimDecimal ((ConvertTo-SimDecimal $a.frozen) - $cashRelease) 2
        $a.available = Format-SimDecimal ((ConvertTo-SimDecimal $a.available) + $cashRelease - $fromCash) 2
        $a.balance = Format-SimDecimal ((ConvertTo-SimDecimal $a.balance) - $fromCash) 2
        $owed = Get-SimDebtShares -Map $c.shorts -Code $code
        $returned = [Math]::Min($owed, $Shares)   # the placement check keeps covers within the debt
        if ($owed -gt 0) {
            $c.shorts[$code].amount = Format-SimDecimal ((ConvertTo-SimDecimal $c.shorts[$code].amount) * ($owed - $returned) / $owed) 2
            $c.shorts[$code].shares = $owed - $returned
            if ([int64]$c.shorts[$code].shares -le 0) { $c.shorts.Remove($code) }
            $c.shortable[$code] = (Get-SimLendable -Code $code) + $returned
        }
        Complete-SimShortsCovered
        return $true
    }
    return $false
}

function Complete-SimShortsCovered {
    <#
    .SYNOPSIS
    Once no short is left and no cover rests, what is left of 融券卖出资金 is the account's cash again.
    #>
    $c = $script:SimState.credit
    if ($c.shorts.Count -gt 0 -or (Get-SimOpenCredit -Kind 'buyToCover').Shares -gt 0) { return }
    $left = ConvertTo-SimDecimal $c.shortProceeds
    if ($left -le 0) { return }
    $a = $script:SimState.account
    $a.available = Format-SimDecimal ((ConvertTo-SimDecimal $a.available) + $left) 2
    $a.balance = Format-SimDecimal ((ConvertTo-SimDecimal $a.balance) + $left) 2
    $c.shortProceeds = '0.00'
}

function Invoke-SimRepayFinance {
    <#
    .SYNOPSIS
    卖券还款: a sell's proceeds repay the financed amounts, the code's own first, then the others in code order; the
    financed shares of the code sold shrink by the shares sold. Returns what is left of the proceeds (to the cash).
    #>
    param([Parameter(Mandatory = $true)][string]$Code, [int64]$Shares, [decimal]$Proceeds)
    $f = $script:SimState.credit.finance
    $rest = $Proceeds
    $codes = New-Object System.Collections.Generic.List[string]
    if ($f.Contains($Code)) { $codes.Add($Code) }
    foreach ($k in @($f.Keys)) { if ([string]$k -ne $Code) { $codes.Add([string]$k) } }
    foreach ($k in $codes) {
        if ($rest -le 0) { break }
        $owed = ConvertTo-SimDecimal $f[$k].amount
        $paid = [Math]::Min($owed, $rest)
        $f[$k].amount = Format-SimDecimal ($owed - $paid) 2
        $rest -= $paid
        if ($k -eq $Code) { $f[$k].shares = [Math]::Max([int64]0, [int64]$f[$k].shares - $Shares) }
        if ((ConvertTo-SimDecimal $f[$k].amount) -le 0) { $f.Remove($k) }
    }
    return $rest
}

function Stop-SimCreditOrder {
    <#
    .SYNOPSIS
    A cancel's release for the kinds with their own holds; $false for the others (the plain rules).
    #>
    param([Parameter(Mandatory = $true)]$Order)
    $kind = [string](Get-SimValue -Map $Order -Key 'credit' -Default '')
    $c = $script:SimState.credit
    $a = $script:SimState.account
    if ($kind -eq 'marginBuy') { $Order.frozenMargin = '0.00'; return $true }
    if ($kind -eq 'shortSell') {
        $c.shortable[[string]$Order.code] = (Get-SimLendable -Code ([string]$Order.code)) + [int64]$Order.frozenLend
        $Order.frozenLend = 0
        $Order.frozenMargin = '0.00'
        return $true
    }
    if ($kind -eq 'buyToCover') {
        $c.shortProceeds = Format-SimDecimal ((ConvertTo-SimDecimal $c.shortProceeds) + (ConvertTo-SimDecimal $Order.frozenProceeds)) 2
        $cash = ConvertTo-SimDecimal $Order.frozenCash
        $a.frozen = Format-SimDecimal ((ConvertTo-SimDecimal $a.frozen) - $cash) 2
        $a.available = Format-SimDecimal ((ConvertTo-SimDecimal $a.available) + $cash) 2
        $Order.frozenProceeds = '0.00'
        $Order.frozenCash = '0.00'
        return $true
    }
    return $false
}
