# SimReports.ps1 - what the simulated client displays from the account: funds labels and the grids' clipboard text.
# Dot-sourced by ../ThsSimClient.psm1; reads $script:SimState only.

# Grid columns as the client's copy command writes them (header row), per page.
$script:SimPositionColumns = @('证券代码', '证券名称', '股票余额', '可用余额', '冻结数量', '盈亏', '成本价', '盈亏比例(%)', '市价', '市值', '交易市场', '股东帐户', '实际数量')
$script:SimOrderColumns = @('委托日期', '证券代码', '证券名称', '操作', '委托价格', '委托数量', '委托时间', '成交数量', '成交均价', '合同编号', '交易市场', '股东帐户', '备注')
# client.ordersGrid = '2026' (THS-UI-FACTS "Orders grid": no status column, state from 备注 and the 撤消数量 / 成交数量
# columns): 撤消数量 after 成交数量, and 备注 keeps the note of the submission (已报) whatever happened since.
$script:SimOrderColumns2026 = @('委托日期', '证券代码', '证券名称', '操作', '委托价格', '委托数量', '委托时间', '成交数量', '撤消数量', '成交均价', '合同编号', '交易市场', '股东帐户', '备注')
$script:SimTradeColumns = @('合同编号', '委托时间', '成交均价', '成交数量', '成交时间', '成交编号', '成交金额', '操作', '证券代码', '证券名称')

function Get-SimSortedCodes {
    <#
    .SYNOPSIS
    The position codes in ordinal (code) order.
    #>
    $codes = [System.Collections.Generic.List[string]]::new()
    foreach ($k in $script:SimState.positions.Keys) { $codes.Add([string]$k) }
    $codes.Sort([System.StringComparer]::Ordinal)
    return , $codes.ToArray()
}

function Get-SimLastPrice {
    <#
    .SYNOPSIS
    A code's last price, or its cost price when the client has no quote for it; a reverse repo's unit (CNY).
    #>
    param([Parameter(Mandatory = $true)][string]$Code)
    if (Test-SimRepo -Code $Code) { return (Get-SimRepoUnit) }   # a repo is worth what was lent; its quote is a rate
    $q = Get-SimQuote -Code $Code
    if ($null -ne $q) { return [SimFast]::Decimal($q.last) }
    return [SimFast]::Decimal($script:SimState.positions[$Code].cost)
}

function Get-SimFunds {
    <#
    .SYNOPSIS
    The funds labels' texts by control id (1012-1017, 1026, 1027), two decimals. 股票市值 = sum of total x last,
    总资产 = 可用 + 冻结 + 市值.
    .DESCRIPTION
    Runs at every show and refresh of the funds page: Get-SimLastPrice's and Format-SimDecimal's work is inlined here
    (one function call instead of dozens per read).
    #>
    $a = $script:SimState.account
    $quotes = $script:SimState.quotes
    $marketValue = [decimal]0
    $positionPl = [decimal]0
    $todayPl = [decimal]0
    foreach ($code in @($script:SimState.positions.Keys)) {
        $p = $script:SimState.positions[$code]
        $total = [int64]$p.total
        $repo = ([string]$code -match $script:SimRepoPattern)
        $q = $null
        if ($quotes.Contains($code)) { $q = $quotes[$code] }
        if ($repo) { $last = Get-SimRepoUnit } elseif ($null -ne $q) { $last = [SimFast]::Decimal($q.last) } else { $last = [SimFast]::Decimal($p.cost) }   # as Get-SimLastPrice
        $marketValue += $total * $last
        $positionPl += $total * ($last - [SimFast]::Decimal($p.cost))
        if ($null -ne $q -and $q.Contains('prevClose') -and -not $repo) { $todayPl += $total * ($last - [SimFast]::Decimal($q.prevClose)) }
    }
    $available = [SimFast]::Decimal($a.available)
    $frozen = [SimFast]::Decimal($a.frozen)
    $inv = [System.Globalization.CultureInfo]::InvariantCulture
    $away = [System.MidpointRounding]::AwayFromZero
    $values = @{
        1012 = [SimFast]::Decimal($a.balance); 1013 = $frozen; 1014 = $marketValue; 1015 = ($available + $frozen + $marketValue)
        1016 = $available; 1017 = [SimFast]::Decimal($a.withdrawable); 1026 = $todayPl; 1027 = $positionPl
    }
    $texts = @{}
    foreach ($id in $values.Keys) { $texts[$id] = [decimal]::Round([decimal]$values[$id], 2, $away).ToString('F2', $inv) }   # as Format-SimDecimal 2
    return $texts
}

function Join-SimGridText {
    <#
    .SYNOPSIS
    Header and rows as the copy command writes them: tab-separated cells, every row ending with CR LF.
    #>
    param([Parameter(Mandatory = $true)][string[]]$Columns, [AllowEmptyCollection()][object[]]$Rows)
    $sb = [System.Text.StringBuilder]::new()
    [void]$sb.Append([string]::Join("`t", $Columns)).Append("`r`n")
    $cells = [string[]]::new($Columns.Length)
    foreach ($row in $Rows) {
        for ($i = 0; $i -lt $Columns.Length; $i++) { $cells[$i] = [string]$row[$Columns[$i]] }
        [void]$sb.Append([string]::Join("`t", $cells)).Append("`r`n")
    }
    return $sb.ToString()
}

function Get-SimPositionsText {
    <#
    .SYNOPSIS
    The positions grid (资金股票 page) as clipboard text, in code order.
    .DESCRIPTION
    Runs at every copy of the grid: Get-SimLastPrice's, Get-SimCodeExchange's and Format-SimDecimal's work is inlined
    here, as in Get-SimFunds (a PowerShell function call costs more than the row).
    #>
    $quotes = $script:SimState.quotes
    $shareholders = $script:SimState.account.shareholders
    $inv = [System.Globalization.CultureInfo]::InvariantCulture
    $away = [System.MidpointRounding]::AwayFromZero
    $repoUnit = $null
    $rows = [System.Collections.ArrayList]::new()
    foreach ($code in (Get-SimSortedCodes)) {
        $p = $script:SimState.positions[$code]
        $total = [int64]$p.total
        $q = $null
        if ($quotes.Contains($code)) { $q = $quotes[$code] }
        $cost = [SimFast]::Decimal($p.cost)
        # Get-SimLastPrice: a repo is worth what was lent (its quote is a rate); no quote: the cost price.
        if ([string]$code -match $script:SimRepoPattern) {
            if ($null -eq $repoUnit) { $repoUnit = Get-SimRepoUnit }
            $last = $repoUnit
        } elseif ($null -ne $q) { $last = [SimFast]::Decimal($q.last) } else { $last = $cost }
        $ratio = [decimal]0
        if ($cost -gt 0) { $ratio = ($last - $cost) / $cost * 100 }
        # Get-SimCodeExchange: the quote's exchange, else from the code's first digits.
        if ($null -ne $q -and $q.Contains('exchange')) { $exchange = [string]$q.exchange }
        elseif ($code -match '^(4|8|92)') { $exchange = 'BJ' }
        elseif ($code -match '^(5|6|9)') { $exchange = 'SH' }
        else { $exchange = 'SZ' }
        $holder = ''
        if ($null -ne $shareholders -and $shareholders.Contains($exchange)) { $holder = [string]$shareholders[$exchange] }
        [void]$rows.Add(@{
                '证券代码' = $code; '证券名称' = [string]$p.name; '股票余额' = $total; '可用余额' = [int64]$p.available
                '冻结数量' = [int64]$p.frozen; '盈亏' = [decimal]::Round($total * ($last - $cost), 2, $away).ToString('F2', $inv)
                '成本价' = [decimal]::Round($cost, 3, $away).ToString('F3', $inv)
                '盈亏比例(%)' = [decimal]::Round($ratio, 2, $away).ToString('F2', $inv); '市价' = [decimal]::Round($last, 3, $away).ToString('F3', $inv)
                '市值' = [decimal]::Round($total * $last, 2, $away).ToString('F2', $inv)
                '交易市场' = $script:SimExchangeNames[$exchange]; '实际数量' = $total; '股东帐户' = $holder
            })
    }
    return (Join-SimGridText -Columns $script:SimPositionColumns -Rows $rows.ToArray())
}

# A grid row's text (its cells joined by tabs), kept with a copy of the row's values and the grid's variant and
# reused while both are equal: today's orders are copied at every read of them (the journal reads them before every
# order) and a day's rows only grow: a copy of 160 orders 1.8 -> 0.9 ms (~11 us a row built, ~6 checked). Weakly keyed:
# a row the state lets go lets its text go. A row holding a list or a dictionary is built at every copy.
$script:SimGridLines = [System.Runtime.CompilerServices.ConditionalWeakTable[object,object[]]]::new()

function Join-SimRowsGridText {
    <#
    .SYNOPSIS
    Join-SimGridText of state rows (orders, trades), each row's text built by GetCells (row, Variant -> cells by
    column) only when the row or the variant changed since its last copy.
    #>
    param(
        [Parameter(Mandatory = $true)][string[]]$Columns,
        [AllowEmptyCollection()][object[]]$Rows,
        [Parameter(Mandatory = $true)][string]$Variant,
        [Parameter(Mandatory = $true)][scriptblock]$GetCells
    )
    $sb = [System.Text.StringBuilder]::new()
    [void]$sb.Append([string]::Join("`t", $Columns)).Append("`r`n")
    $cells = [string[]]::new($Columns.Length)
    foreach ($row in $Rows) {
        $values = [object[]]::new($row.Count)
        $row.Values.CopyTo($values, 0)
        $kept = $null
        if ($script:SimGridLines.TryGetValue($row, [ref]$kept) -and [string]::Equals($kept[1], $Variant) -and $script:SimRowValuesEqual.Equals($kept[0], $values)) {
            $line = $kept[2]
        } else {
            $map = & $GetCells $row $Variant
            for ($i = 0; $i -lt $Columns.Length; $i++) { $cells[$i] = [string]$map[$Columns[$i]] }
            $line = [string]::Join("`t", $cells)
            [void]$script:SimGridLines.Remove($row)
            if (Test-SimScalarValues -Values $values) { $script:SimGridLines.Add($row, [object[]]@($values, $Variant, $line)) }
        }
        [void]$sb.Append($line).Append("`r`n")
    }
    return $sb.ToString()
}

function Get-SimOrdersText {
    <#
    .SYNOPSIS
    Today's orders grid (当日委托 page) as clipboard text, in placing order.
    #>
    return (Get-SimOrderRowsText -Orders @($script:SimState.orders))
}

# One order's cells by column; the variant is client.ordersGrid ('classic' or '2026').
$script:SimOrderCells = {
    param($o, [string]$Variant)
    $side = '卖出'
    if ($o.side -eq 'buy') { $side = '买入' }
    if ($o.Contains('credit')) { $side = Get-SimCreditKindName -Kind ([string]$o.credit) }   # SimCredit.ps1
    $cells = @{
        '委托日期' = $o.date; '证券代码' = $o.code; '证券名称' = $o.name; '操作' = $side
        '委托价格' = Format-SimDecimal $o.price 3; '委托数量' = [int64]$o.amount; '委托时间' = $o.time
        '成交数量' = [int64]$o.filled; '成交均价' = Format-SimDecimal $o.avgPrice 3; '合同编号' = $o.contractNo
        '交易市场' = $script:SimExchangeNames[[string]$o.exchange]; '股东帐户' = $o.shareholder
        '备注' = $script:SimStatusNames[[string]$o.status]
    }
    if ($Variant -eq '2026') {
        $cancelledShares = 0
        if ([string]$o.status -eq 'cancelled' -or [string]$o.status -eq 'partlyCancelled') { $cancelledShares = [int64]$o.amount - [int64]$o.filled }
        $cells['撤消数量'] = $cancelledShares
        $cells['备注'] = $script:SimStatusNames['reported']
    }
    return $cells
}

function Get-SimOrderRowsText {
    <#
    .SYNOPSIS
    Orders as a grid's clipboard text with the 当日委托 columns (also the 撤单 page's grid).
    #>
    param([AllowEmptyCollection()][object[]]$Orders)
    $variant = [string][SimFast]::Setting('ordersGrid', 'classic')
    if ($variant -ne '2026') { $variant = 'classic' }
    if ($null -eq $Orders) { $Orders = @() }
    $columns = $script:SimOrderColumns
    if ($variant -eq '2026') { $columns = $script:SimOrderColumns2026 }
    return (Join-SimRowsGridText -Columns $columns -Rows $Orders -Variant $variant -GetCells $script:SimOrderCells)
}

# One trade's cells by column.
$script:SimTradeCells = {
    param($t, [string]$Variant)
    $side = '证券卖出'
    if ($t.side -eq 'buy') { $side = '证券买入' }
    if ($t.Contains('credit')) { $side = Get-SimCreditKindName -Kind ([string]$t.credit) }   # SimCredit.ps1
    return @{
        '合同编号' = $t.contractNo; '委托时间' = $t.orderTime; '成交均价' = Format-SimDecimal $t.price 3
        '成交数量' = [int64]$t.amount; '成交时间' = $t.time; '成交编号' = $t.tradeNo; '成交金额' = Format-SimDecimal $t.value 2
        '操作' = $side; '证券代码' = $t.code; '证券名称' = $t.name
    }
}

function Get-SimTradesText {
    <#
    .SYNOPSIS
    Today's trades grid (当日成交 page) as clipboard text, in fill order.
    #>
    return (Join-SimRowsGridText -Columns $script:SimTradeColumns -Rows @($script:SimState.trades) -Variant 'trades' -GetCells $script:SimTradeCells)
}
