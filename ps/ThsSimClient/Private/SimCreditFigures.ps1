# SimCreditFigures.ps1 - a credit account's figures: the available margin (保证金可用余额) by the exchanges' formula, the
# maintenance ratio (维持担保比例) and the other 查询资产 values, and what a code is (融资 / 融券标的, 折算率, what can be
# borrowed, the debts' shares). Its orders' rules: SimCredit.ps1. Dot-sourced by ../ThsSimClient.psm1.

function Get-SimCollateralRate {
    <#
    .SYNOPSIS
    A code's 折算率 (credit.collateralRates[code], else credit.collateralRate).
    #>
    param([Parameter(Mandatory = $true)][string]$Code)
    $c = $script:SimState.credit
    return [SimFast]::Decimal((Get-SimValue -Map $c.collateralRates -Key $Code -Default $c.collateralRate))
}

function Get-SimDebtShares {
    <#
    .SYNOPSIS
    The shares of a debt entry (credit.finance or credit.shorts) for a code; 0 when none.
    #>
    param([Parameter(Mandatory = $true)]$Map, [Parameter(Mandatory = $true)][string]$Code)
    if (-not $Map.Contains($Code)) { return [int64]0 }
    return [int64]$Map[$Code].shares
}

function Get-SimFinancedHeld {
    <#
    .SYNOPSIS
    The financed shares of a code still held: the debt's shares, at most the position's total.
    #>
    param([Parameter(Mandatory = $true)][string]$Code)
    $held = [int64]0
    if ($script:SimState.positions.Contains($Code)) { $held = [int64]$script:SimState.positions[$Code].total }
    return [Math]::Min((Get-SimDebtShares -Map $script:SimState.credit.finance -Code $Code), $held)
}

function Get-SimOpenCredit {
    <#
    .SYNOPSIS
    What the open orders of a credit kind on a code still hold: @{ Shares (unfilled); Proceeds (frozenProceeds) };
    Code '' sums every code.
    #>
    param([Parameter(Mandatory = $true)][string]$Kind, [AllowEmptyString()][string]$Code = '')
    $shares = [int64]0
    $proceeds = [decimal]0
    foreach ($o in $script:SimState.orders) {
        if ([string](Get-SimValue -Map $o -Key 'credit' -Default '') -ne $Kind -or -not (Test-SimOrderOpen -Order $o)) { continue }
        if ($Code -ne '' -and [string]$o.code -ne $Code) { continue }
        $shares += [int64]$o.amount - [int64]$o.filled
        if ($o.Contains('frozenProceeds')) { $proceeds += [SimFast]::Decimal($o.frozenProceeds) }
    }
    return @{ Shares = $shares; Proceeds = $proceeds }
}

function Get-SimAvailableMargin {
    <#
    .SYNOPSIS
    保证金可用余额, by the exchanges' formula (SSE / SZSE 融资融券交易实施细则) with this account's figures:
      cash (可用金额 + 融券卖出资金)
      + collateral shares (held, not financed) x last x 折算率
      + (financed shares' value - financed amount) x 折算率 (a loss counts in full)
      + (short amount - shorted shares' value) x 折算率 (a loss counts in full)
      - short amount - financed amount x 融资保证金比例 - shorted shares' value x 融券保证金比例
      - the margin held by resting 融资买入 / 融券卖出 orders.
    Interest and fees are not simulated.
    #>
    $c = $script:SimState.credit
    $avail = [SimFast]::Decimal($script:SimState.account.available) + [SimFast]::Decimal($c.shortProceeds)
    foreach ($code in (Get-SimSortedCodes)) {
        $collateral = [int64]$script:SimState.positions[$code].total - (Get-SimFinancedHeld -Code $code)
        if ($collateral -gt 0) { $avail += $collateral * (Get-SimLastPrice -Code $code) * (Get-SimCollateralRate -Code $code) }
    }
    foreach ($code in @($c.finance.Keys)) {
        $gain = (Get-SimFinancedHeld -Code $code) * (Get-SimLastPrice -Code $code) - [SimFast]::Decimal($c.finance[$code].amount)
        if ($gain -gt 0) { $gain = $gain * (Get-SimCollateralRate -Code $code) }
        $avail += $gain - [SimFast]::Decimal($c.finance[$code].amount) * [SimFast]::Decimal($c.marginRatio)
    }
    foreach ($code in @($c.shorts.Keys)) {
        $value = (Get-SimDebtShares -Map $c.shorts -Code $code) * (Get-SimLastPrice -Code $code)
        $amount = [SimFast]::Decimal($c.shorts[$code].amount)
        $gain = $amount - $value
        if ($gain -gt 0) { $gain = $gain * (Get-SimCollateralRate -Code $code) }
        $avail += $gain - $amount - $value * [SimFast]::Decimal($c.shortMarginRatio)
    }
    foreach ($o in $script:SimState.orders) {
        if ((Test-SimOrderOpen -Order $o) -and $o.Contains('frozenMargin')) { $avail -= [SimFast]::Decimal($o.frozenMargin) }
    }
    return $avail
}

function Get-SimCreditFigures {
    <#
    .SYNOPSIS
    查询资产's values by caption, as the page shows them (2 decimals; 维持担保比例 in percent with a %, '-' without
    debt): 维持担保比例 = (资金余额 + 融券卖出资金 + 总市值) / (融资负债 + 融券负债).
    #>
    $a = $script:SimState.account
    $c = $script:SimState.credit
    $marketValue = [decimal]0
    foreach ($code in (Get-SimSortedCodes)) { $marketValue += [int64]$script:SimState.positions[$code].total * (Get-SimLastPrice -Code $code) }
    $finance = [decimal]0
    foreach ($code in @($c.finance.Keys)) { $finance += [SimFast]::Decimal($c.finance[$code].amount) }
    $shortValue = [decimal]0
    foreach ($code in @($c.shorts.Keys)) { $shortValue += (Get-SimDebtShares -Map $c.shorts -Code $code) * (Get-SimLastPrice -Code $code) }
    $proceeds = [SimFast]::Decimal($c.shortProceeds) + (Get-SimOpenCredit -Kind 'buyToCover').Proceeds   # held by resting covers too
    $assets = [SimFast]::Decimal($a.balance) + $proceeds + $marketValue
    $debt = $finance + $shortValue
    $ratio = '无负债'   # invented: what the real page shows without debt is not known
    if ($debt -gt 0) { $ratio = (Format-SimDecimal ($assets / $debt * 100) 2) + '%' }
    return @{
        '资金余额' = Format-SimDecimal $a.balance 2; '可用资金' = Format-SimDecimal $a.available 2; '融券卖出资金' = Format-SimDecimal $proceeds 2
        '总市值' = Format-SimDecimal $marketValue 2; '总资产' = Format-SimDecimal $assets 2; '融资负债' = Format-SimDecimal $finance 2
        '融券负债' = Format-SimDecimal $shortValue 2; '总负债' = Format-SimDecimal $debt 2; '净资产' = Format-SimDecimal ($assets - $debt) 2
        '可用保证金' = Format-SimDecimal (Get-SimAvailableMargin) 2; '维持担保比例' = $ratio
    }
}

function Test-SimMarginable {
    <#
    .SYNOPSIS
    True when a code is a 融资标的 (credit.marginable).
    #>
    param([Parameter(Mandatory = $true)][string]$Code)
    return (@($script:SimState.credit.marginable) -contains $Code)
}

function Get-SimLendable {
    <#
    .SYNOPSIS
    Shares of a code that can be borrowed for a short sale (credit.shortable[code]); -1 when the code is no 融券标的.
    #>
    param([Parameter(Mandatory = $true)][string]$Code)
    $s = $script:SimState.credit.shortable
    if (-not $s.Contains($Code)) { return [int64]-1 }
    return [int64]$s[$Code]
}
