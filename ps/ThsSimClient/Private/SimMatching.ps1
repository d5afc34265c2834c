# SimMatching.ps1 - the simulated exchange: fills (whole or partial, limited by a quote's liquidity), market-order
# types and what happens to their rest, cancels, and the market moving (Set-SimQuote). Dot-sourced by ../ThsSimClient.psm1;
# changes $script:SimState; callers save it (Set-SimQuote saves itself).
#
# Rules, kept simple on purpose:
# - Everything trades at the quote's last price. quotes.<code>.liquidity (optional, shares) is how many shares trade
#   at that price per move of the quote: each Set-SimQuote is a move and restores it; the instant an order is placed
#   shares what is left of the current move. Absent or 0 = unlimited. Orders are served in placing order.
# - A limit order (or the rest of a market order that rests) fills while its limit reaches the last price (buy:
#   limit >= last; sell: limit <= last); a fill of part of it leaves it 部成 (partial) and still cancellable.
# - Market orders fill what the liquidity allows at once; the rest, by type: 即时成交剩余撤销, 最优五档即时成交剩余撤销,
#   最优五档成交剩余撤销 cancel it; 全额成交或撤销 fills all or cancels all; 对手方最优价格, 本方最优价格,
#   最优五档成交剩余转限价 leave it resting as a limit order at the last price. STAR (688/689) market orders carry a
#   protection price: they trade only where it allows and rest at it.
# - A market buy freezes amount x limit-up (the protection price on STAR) + fees; each fill releases its share.

# Market-order types: which exchange has each one, and what happens to the part that does not fill at once.
$script:SimMarketTypes = [ordered]@{
    '对手方最优价格'        = @{ Exchanges = @('SZ'); Rest = 'rest' }
    '本方最优价格'          = @{ Exchanges = @('SZ'); Rest = 'rest' }
    '即时成交剩余撤销'      = @{ Exchanges = @('SZ'); Rest = 'cancel' }
    '最优五档即时成交剩余撤销' = @{ Exchanges = @('SZ'); Rest = 'cancel' }
    '全额成交或撤销'        = @{ Exchanges = @('SZ'); Rest = 'all-or-none' }
    '最优五档成交剩余撤销'   = @{ Exchanges = @('SH'); Rest = 'cancel' }
    '最优五档成交剩余转限价' = @{ Exchanges = @('SH'); Rest = 'rest' }
}
$script:SimLimitTypeName = '限价委托'
# Invented texts (no real client's wording is known for these).
$script:SimMarketTexts = @{
    WrongType       = '委托失败：{0}不支持“{1}”委托方式。'
    NeedProtection  = '科创板股票市价委托须填写保护限价。'
}

function Get-SimMarketRule {
    <#
    .SYNOPSIS
    The market-order rule of an order form: $null for a limit order (combo 1541 empty or 限价委托 and label 1400 in
    limit mode), else
    @{ Type; Rest; Star; Error } (Error: the client's refusal when the exchange lacks the type or a STAR order has no
    protection price).
    #>
    param([Parameter(Mandatory = $true)]$Form, [Parameter(Mandatory = $true)][string]$Code, [Parameter(Mandatory = $true)]$Quote)
    $type = ''
    if ($Form.ContainsKey('PriceTypeText') -and $null -ne $Form.PriceTypeText) { $type = ([string]$Form.PriceTypeText).Trim() }
    if ((-not $type -or $type -eq $script:SimLimitTypeName) -and $Form.ContainsKey('Side')) {
        # Label 1400 in market mode (SimFields.ps1): a market order of the exchange's first type, whatever the combo shows.
        $pageId = $script:PAGE_SELL
        if ($Form.Side -eq 'buy') { $pageId = $script:PAGE_BUY }
        if ($Form.ContainsKey('PageId')) { $pageId = [int]$Form.PageId }   # the page the form was submitted on
        if ((Get-SimPriceMode -PageId $pageId) -eq 'market') {
            foreach ($name in $script:SimMarketTypes.Keys) {
                if ($script:SimMarketTypes[$name].Exchanges -contains [string]$Quote.exchange) { $type = $name; break }
            }
        }
    }
    if (-not $type -or $type -eq $script:SimLimitTypeName) { return $null }
    $rule = @{ Type = $type; Rest = 'cancel'; Star = [bool]($Code -match '^68[89]'); Error = $null }
    $exchange = [string]$Quote.exchange
    if (-not $script:SimMarketTypes.Contains($type) -or $script:SimMarketTypes[$type].Exchanges -notcontains $exchange) {
        $rule.Error = ($script:SimMarketTexts.WrongType -f $script:SimExchangeNames[$exchange], $type)
        return $rule
    }
    $rule.Rest = $script:SimMarketTypes[$type].Rest
    if ($rule.Star -and $null -eq (ConvertTo-SimPrice -Text $Form.PriceText)) { $rule.Error = $script:SimMarketTexts.NeedProtection }
    return $rule
}

function Get-SimFreezePrice {
    <#
    .SYNOPSIS
    The price a buy freezes cash at: its limit, or limit-up for a market order (the protection price on STAR).
    #>
    param([Parameter(Mandatory = $true)][decimal]$Price, $Market, [Parameter(Mandatory = $true)]$Quote)
    if ($null -eq $Market -or $Market.Star) { return $Price }
    return [SimFast]::Decimal($Quote.limitUp)
}

function Get-SimLiquidityLeft {
    <#
    .SYNOPSIS
    Shares still tradable at the last price in this move of the quote; -1 = unlimited.
    #>
    param([Parameter(Mandatory = $true)]$Quote)
    $liquidity = [int64]([SimFast]::Decimal((Get-SimValue -Map $Quote -Key 'liquidity' -Default 0)))
    if ($liquidity -le 0) { return [int64]-1 }
    if (-not $Quote.Contains('liquidityLeft')) { $Quote['liquidityLeft'] = $liquidity }
    return [int64]$Quote.liquidityLeft
}

# The states of an order that can still fill or be cancelled (已报 / 部成). Loops over the whole day's orders test
# membership here directly (a function call per order cost most of a cancel's time in the model).
$script:SimOpenStatuses = @{ reported = $true; partial = $true }

function Test-SimOrderOpen {
    <#
    .SYNOPSIS
    True for an order that can still fill or be cancelled (已报 / 部成: $script:SimOpenStatuses).
    #>
    param([Parameter(Mandatory = $true)]$Order)
    return $script:SimOpenStatuses.ContainsKey([string]$Order.status)
}

function Add-SimFill {
    <#
    .SYNOPSIS
    Fills Shares of an order at Price: releases that share of the freeze, moves cash and shares (bought shares are not
    available until the next day), records the trade, updates filled / average price / status. The caller saves.
    #>
    param([Parameter(Mandatory = $true)]$Order, [Parameter(Mandatory = $true)][int64]$Shares, [Parameter(Mandatory = $true)][decimal]$Price)
    $a = $script:SimState.account
    $positions = $script:SimState.positions
    $isBuy = ($Order.side -eq 'buy')
    $isRepo = Test-SimRepo -Code ([string]$Order.code)   # SimInstruments.ps1
    $remaining = [int64]$Order.amount - [int64]$Order.filled
    $value = $Price * $Shares
    $fees = Get-SimFees -Side $Order.side -Price $Price -Amount $Shares -Code ([string]$Order.code)
    $decimals = Get-SimPriceDecimals -Code ([string]$Order.code)   # SimInstruments.ps1
    $kind = [string](Get-SimValue -Map $Order -Key 'credit' -Default '')
    if (-not $positions.Contains($Order.code) -and @('shortSell', 'buyToCover') -notcontains $kind) {
        $positions[$Order.code] = [ordered]@{ name = $Order.name; total = 0; available = 0; frozen = 0; cost = '0.000'; boughtToday = 0 }
    }
    $p = $null
    $total = [int64]0
    $cost = [decimal]0
    if ($positions.Contains($Order.code)) {
        $p = $positions[$Order.code]
        $total = [int64]$p.total
        $cost = [SimFast]::Decimal($p.cost)
    }
    if ($kind -ne '' -and (Add-SimCreditFill -Order $Order -Shares $Shares -Price $Price -Value $value -Fees $fees -Remaining $remaining)) {
        # SimCredit.ps1: 融资买入, 融券卖出, 买券还券 move money their own way
    } elseif ($isRepo) {
        # Cash lent: its freeze is released and it leaves the balance; the repo is held at what was lent.
        $frozenCash = [SimFast]::Decimal($Order.frozenCash)
        $release = $frozenCash
        if ($Shares -lt $remaining) { $release = [decimal]::Round($frozenCash * $Shares / $remaining, 2, [System.MidpointRounding]::AwayFromZero) }
        $a.frozen = Format-SimDecimal ([SimFast]::Decimal($a.frozen) - $release) 2
        $a.balance = Format-SimDecimal ([SimFast]::Decimal($a.balance) - $release) 2
        $Order.frozenCash = Format-SimDecimal ($frozenCash - $release) 2
        $p.cost = Format-SimDecimal (Get-SimRepoUnit) 3
        $p.total = $total + $Shares
        $value = $Shares * (Get-SimRepoUnit)   # the trade's 成交金额: the cash lent
    } elseif ($isBuy) {
        $frozenCash = [SimFast]::Decimal($Order.frozenCash)
        $release = $frozenCash
        if ($Shares -lt $remaining) { $release = [decimal]::Round($frozenCash * $Shares / $remaining, 2, [System.MidpointRounding]::AwayFromZero) }
        $a.frozen = Format-SimDecimal ([SimFast]::Decimal($a.frozen) - $release) 2
        $a.available = Format-SimDecimal ([SimFast]::Decimal($a.available) + $release - $value - $fees) 2
        $a.balance = Format-SimDecimal ([SimFast]::Decimal($a.balance) - $value - $fees) 2
        $Order.frozenCash = Format-SimDecimal ($frozenCash - $release) 2
        $p.cost = Format-SimDecimal (($cost * $total + $value + $fees) / ($total + $Shares)) 3
        $p.total = $total + $Shares
        $p.boughtToday = [int64](Get-SimValue -Map $p -Key 'boughtToday' -Default 0) + $Shares
    } else {
        $proceeds = $value - $fees
        $toCash = $proceeds
        if ($kind -eq 'sellToRepay') { $toCash = Invoke-SimRepayFinance -Code ([string]$Order.code) -Shares $Shares -Proceeds $proceeds }   # SimCredit.ps1
        $a.available = Format-SimDecimal ([SimFast]::Decimal($a.available) + $toCash) 2
        $a.balance = Format-SimDecimal ([SimFast]::Decimal($a.balance) + $toCash) 2
        $p.frozen = [int64]$p.frozen - $Shares
        $p.total = $total - $Shares
        if ($p.total -gt 0) { $p.cost = Format-SimDecimal (($cost * $total - $proceeds) / $p.total) 3 } else { $p.cost = '0.000' }
    }
    $filledBefore = [int64]$Order.filled
    $filled = $filledBefore + $Shares
    $Order.avgPrice = Format-SimDecimal ((([SimFast]::Decimal($Order.avgPrice) * $filledBefore) + $Price * $Shares) / $filled) $decimals
    $Order.filled = $filled
    if ($filled -ge [int64]$Order.amount) { $Order.status = 'filled'; $Order.frozenCash = '0.00' } else { $Order.status = 'partial' }
    $inv = [System.Globalization.CultureInfo]::InvariantCulture
    $tradeNo = [string]$a.nextTradeNo
    $a.nextTradeNo = [string]([int64]$tradeNo + 1)
    $trade = [ordered]@{
        contractNo = $Order.contractNo; tradeNo = $tradeNo; orderTime = $Order.time; time = (Get-Date).ToString('HH:mm:ss', $inv)
        code = $Order.code; name = $Order.name; side = $Order.side; price = (Format-SimDecimal $Price $decimals); amount = $Shares
        value = (Format-SimDecimal $value 2)
    }
    if ($kind -ne '') { $trade.credit = $kind }
    [void]$script:SimState.trades.Add($trade)
}

function Update-SimOrderFill {
    <#
    .SYNOPSIS
    Fills an open order at the last price as far as its limit and the quote's liquidity allow (all of it, part of it
    -> 部成, or nothing). Returns the shares filled. The caller saves the state.
    #>
    param([Parameter(Mandatory = $true)]$Order)
    if (-not (Test-SimOrderOpen -Order $Order)) { return [int64]0 }
    $q = Get-SimQuote -Code $Order.code
    if ($null -eq $q) { return [int64]0 }
    $last = [SimFast]::Decimal($q.last)
    $limit = [SimFast]::Decimal($Order.price)
    if (($Order.side -eq 'buy' -and $limit -lt $last) -or ($Order.side -ne 'buy' -and $limit -gt $last)) { return [int64]0 }
    $shares = [int64]$Order.amount - [int64]$Order.filled
    $left = Get-SimLiquidityLeft -Quote $q
    if ($left -ge 0 -and $left -lt $shares) { $shares = $left }
    if ($shares -le 0) { return [int64]0 }
    if ($left -ge 0) { $q.liquidityLeft = $left - $shares }
    Add-SimFill -Order $Order -Shares $shares -Price $last
    return $shares
}

function Stop-SimOrder {
    <#
    .SYNOPSIS
    Cancels the unfilled rest of an open order: releases its frozen cash or shares; 已撤 when nothing filled, else 部撤.
    Returns $true when it cancelled something. The caller saves.
    #>
    param([Parameter(Mandatory = $true)]$Order)
    if (-not (Test-SimOrderOpen -Order $Order)) { return $false }
    $a = $script:SimState.account
    $rest = [int64]$Order.amount - [int64]$Order.filled
    if ($Order.Contains('credit') -and (Stop-SimCreditOrder -Order $Order)) {
        # SimCredit.ps1: 融资买入, 融券卖出, 买券还券 release their own holds
    } elseif ($Order.side -eq 'buy' -or (Test-SimRepo -Code ([string]$Order.code))) {
        $frozenCash = [SimFast]::Decimal($Order.frozenCash)
        $a.frozen = Format-SimDecimal ([SimFast]::Decimal($a.frozen) - $frozenCash) 2
        $a.available = Format-SimDecimal ([SimFast]::Decimal($a.available) + $frozenCash) 2
        $Order.frozenCash = '0.00'
    } else {
        $p = Get-SimPosition -Code $Order.code
        if ($null -ne $p) {
            $p.frozen = [int64]$p.frozen - $rest
            $p.available = [int64]$p.available + $rest
        }
    }
    if ([int64]$Order.filled -gt 0) { $Order.status = 'partlyCancelled' } else { $Order.status = 'cancelled' }
    return $true
}

function Invoke-SimPlacementMatch {
    <#
    .SYNOPSIS
    What happens at the instant an order is placed: a limit order fills as far as it can; a market order fills what
    the liquidity allows and its rest is cancelled or left resting as its type says. The caller saves.
    #>
    param([Parameter(Mandatory = $true)]$Order, $Market)
    $mode = 'limit'
    if ($null -ne $Market) { $mode = 'market' }
    Save-SimRememberedPriceMode -Code ([string]$Order.code) -Mode $mode   # SimFields.ps1: rememberPriceMode only
    if ($null -ne $Market -and $Market.Rest -eq 'all-or-none') {
        $q = Get-SimQuote -Code $Order.code
        $left = Get-SimLiquidityLeft -Quote $q
        if ($left -ge 0 -and $left -lt [int64]$Order.amount) { [void](Stop-SimOrder -Order $Order); return }
    }
    [void](Update-SimOrderFill -Order $Order)
    if ($null -ne $Market -and $Market.Rest -ne 'rest') { [void](Stop-SimOrder -Order $Order) }
}

function Set-SimQuote {
    <#
    .SYNOPSIS
    Moves a quote (last price, optionally the limits and the liquidity per move), restores its liquidity for this move
    and fills the open orders whose limit it reaches, in placing order. Saves.
    For tests and the sim-only control: the market moving.
    #>
    param(
        [Parameter(Mandatory = $true)][string]$Code,
        [Parameter(Mandatory = $true)][string]$Last,
        [string]$LimitUp = '',
        [string]$LimitDown = '',
        [string]$Liquidity = ''
    )
    $q = Get-SimQuote -Code $Code
    if ($null -eq $q) { throw ('Set-SimQuote: no quote for ' + $Code + ' in the state; add it under "quotes" first.') }
    $decimals = Get-SimPriceDecimals -Code $Code   # SimInstruments.ps1
    $q.last = Format-SimDecimal $Last $decimals
    if ($LimitUp) { $q.limitUp = Format-SimDecimal $LimitUp $decimals }
    if ($LimitDown) { $q.limitDown = Format-SimDecimal $LimitDown $decimals }
    if ($Liquidity -ne '') { $q['liquidity'] = [int64]([SimFast]::Decimal($Liquidity)) }
    if ($q.Contains('liquidityLeft')) { $q.Remove('liquidityLeft') }
    foreach ($o in @($script:SimState.orders)) { if ($o.code -eq $Code) { [void](Update-SimOrderFill -Order $o) } }
    Update-SimWithdrawable
    Save-SimState
}
