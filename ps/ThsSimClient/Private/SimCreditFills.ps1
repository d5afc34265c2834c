# SimCreditFills.ps1 - a credit account's orders once placed (their rules: SimCredit.ps1): what placing holds, what a
# fill moves (financed debt, borrowed shares, 融券卖出资金, repayments), what a cancel releases.

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
    $price = [SimFast]::Decimal($Order.price)
    if ($Kind -eq 'marginBuy') {
        $Order.frozenMargin = Format-SimDecimal ($Cost * [SimFast]::Decimal($c.marginRatio)) 2
        return $true
    }
    if ($Kind -eq 'shortSell') {
        $Order.frozenMargin = Format-SimDecimal ($price * [int64]$Order.amount * [SimFast]::Decimal($c.shortMarginRatio)) 2
        $c.shortable[[string]$Order.code] = (Get-SimLendable -Code ([string]$Order.code)) - [int64]$Order.amount
        $Order.frozenLend = [int64]$Order.amount
        return $true
    }
    if ($Kind -eq 'buyToCover') {
        $proceeds = [SimFast]::Decimal($c.shortProceeds)
        $fromProceeds = [Math]::Min($proceeds, $Cost)
        $fromCash = $Cost - $fromProceeds
        $c.shortProceeds = Format-SimDecimal ($proceeds - $fromProceeds) 2
        $Order.frozenProceeds = Format-SimDecimal $fromProceeds 2
        $Order.frozenCash = Format-SimDecimal $fromCash 2
        $a.available = Format-SimDecimal ([SimFast]::Decimal($a.available) - $fromCash) 2
        $a.frozen = Format-SimDecimal ([SimFast]::Decimal($a.frozen) + $fromCash) 2
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
    $h = [SimFast]::Decimal($Held)
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
        $Order.frozenMargin = Format-SimDecimal ([SimFast]::Decimal($Order.frozenMargin) - (Get-SimShare -Held $Order.frozenMargin -Shares $Shares -Remaining $Remaining)) 2
        if (-not $c.finance.Contains($code)) { $c.finance[$code] = [ordered]@{ amount = '0.00'; shares = 0 } }
        $c.finance[$code].amount = Format-SimDecimal ([SimFast]::Decimal($c.finance[$code].amount) + $Value + $Fees) 2
        $c.finance[$code].shares = [int64]$c.finance[$code].shares + $Shares
        $p = $script:SimState.positions[$code]
        $total = [int64]$p.total
        $p.cost = Format-SimDecimal (([SimFast]::Decimal($p.cost) * $total + $Value + $Fees) / ($total + $Shares)) 3
        $p.total = $total + $Shares
        $p.boughtToday = [int64](Get-SimValue -Map $p -Key 'boughtToday' -Default 0) + $Shares
        return $true
    }
    if ($kind -eq 'shortSell') {
        $Order.frozenMargin = Format-SimDecimal ([SimFast]::Decimal($Order.frozenMargin) - (Get-SimShare -Held $Order.frozenMargin -Shares $Shares -Remaining $Remaining)) 2
        $Order.frozenLend = [int64]$Order.frozenLend - $Shares
        $c.shortProceeds = Format-SimDecimal ([SimFast]::Decimal($c.shortProceeds) + $Value - $Fees) 2
        if (-not $c.shorts.Contains($code)) { $c.shorts[$code] = [ordered]@{ amount = '0.00'; shares = 0 } }
        $c.shorts[$code].amount = Format-SimDecimal ([SimFast]::Decimal($c.shorts[$code].amount) + $Value) 2
        $c.shorts[$code].shares = [int64]$c.shorts[$code].shares + $Shares
        return $true
    }
    if ($kind -eq 'buyToCover') {
        $proceedsRelease = Get-SimShare -Held $Order.frozenProceeds -Shares $Shares -Remaining $Remaining
        $cashRelease = Get-SimShare -Held $Order.frozenCash -Shares $Shares -Remaining $Remaining
        $Order.frozenProceeds = Format-SimDecimal ([SimFast]::Decimal($Order.frozenProceeds) - $proceedsRelease) 2
        $Order.frozenCash = Format-SimDecimal ([SimFast]::Decimal($Order.frozenCash) - $cashRelease) 2
        $cost = $Value + $Fees
        $fromProceeds = [Math]::Min($cost, $proceedsRelease)
        $fromCash = $cost - $fromProceeds
        $c.shortProceeds = Format-SimDecimal ([SimFast]::Decimal($c.shortProceeds) + $proceedsRelease - $fromProceeds) 2
        $a.frozen = Format-SimDecimal ([SimFast]::Decimal($a.frozen) - $cashRelease) 2
        $a.available = Format-SimDecimal ([SimFast]::Decimal($a.available) + $cashRelease - $fromCash) 2
        $a.balance = Format-SimDecimal ([SimFast]::Decimal($a.balance) - $fromCash) 2
        $owed = Get-SimDebtShares -Map $c.shorts -Code $code
        $returned = [Math]::Min($owed, $Shares)   # the placement check keeps covers within the debt
        if ($owed -gt 0) {
            $c.shorts[$code].amount = Format-SimDecimal ([SimFast]::Decimal($c.shorts[$code].amount) * ($owed - $returned) / $owed) 2
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
    $left = [SimFast]::Decimal($c.shortProceeds)
    if ($left -le 0) { return }
    $a = $script:SimState.account
    $a.available = Format-SimDecimal ([SimFast]::Decimal($a.available) + $left) 2
    $a.balance = Format-SimDecimal ([SimFast]::Decimal($a.balance) + $left) 2
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
    $codes = [System.Collections.Generic.List[string]]::new()
    if ($f.Contains($Code)) { $codes.Add($Code) }
    foreach ($k in @($f.Keys)) { if ([string]$k -ne $Code) { $codes.Add([string]$k) } }
    foreach ($k in $codes) {
        if ($rest -le 0) { break }
        $owed = [SimFast]::Decimal($f[$k].amount)
        $paid = [Math]::Min($owed, $rest)
        $f[$k].amount = Format-SimDecimal ($owed - $paid) 2
        $rest -= $paid
        if ($k -eq $Code) { $f[$k].shares = [Math]::Max([int64]0, [int64]$f[$k].shares - $Shares) }
        if ([SimFast]::Decimal($f[$k].amount) -le 0) { $f.Remove($k) }
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
        $c.shortProceeds = Format-SimDecimal ([SimFast]::Decimal($c.shortProceeds) + [SimFast]::Decimal($Order.frozenProceeds)) 2
        $cash = [SimFast]::Decimal($Order.frozenCash)
        $a.frozen = Format-SimDecimal ([SimFast]::Decimal($a.frozen) - $cash) 2
        $a.available = Format-SimDecimal ([SimFast]::Decimal($a.available) + $cash) 2
        $Order.frozenProceeds = '0.00'
        $Order.frozenCash = '0.00'
        return $true
    }
    return $false
}
