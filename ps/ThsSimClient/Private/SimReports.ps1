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
    if ($null -ne $q) { return (ConvertTo-SimDecimal $q.last) }
    return (ConvertTo-SimDecimal $script:SimState.positions[$Code].cost)
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
        if ($repo) { $last = Get-SimRepoUnit } elseif ($null -ne $q) { $last = ConvertTo-SimDecimal $q.last } else { $last = ConvertTo-SimDecimal $p.cost }   # as Get-SimLastPrice
        $marketValue += $total * $last
        $positionPl += $total * ($last - (ConvertTo-SimDecimal $p.cost))
        if ($null -ne $q -and $q.Contains('prevClose') -and -not $repo) { $todayPl += $total * ($last - (ConvertTo-SimDecimal $q.prevClose)) }
    }
    $available = ConvertTo-SimDecimal $a.available
    $frozen = ConvertTo-SimDecimal $a.frozen
    $inv = [System.Globalization.CultureInfo]::InvariantCulture
    $away = [System.MidpointRounding]::AwayFromZero
    $values = @{
        1012 = ConvertTo-SimDecimal $a.balance; 1013 = $frozen; 1014 = $marketValue; 1015 = ($available + $frozen + $marketValue)
        1016 = $available; 1017 = ConvertTo-SimDecimal $a.withdrawable; 1026 = $todayPl; 1027 = $positionPl
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
        $cost = ConvertTo-SimDecimal $p.cost
        # Get-SimLastPrice: a repo is worth what was lent (its quote is a rate); no quote: the cost price.
        if ([string]$code -match $script:SimRepoPattern) {
            if ($null -eq $repoUnit) { $repoUnit = Get-SimRepoUnit }
            $last = $repoUnit
        } elseif ($null -ne $q) { $last = ConvertTo-SimDecimal $q.last } else { $last = $cost }
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

function Get-SimOrdersText {
    <#
    .SYNOPSIS
    Today's orders grid (当日委托 page) as clipboard text, in placing order.
    #>
    return (Get-SimOrderRowsText -Orders @($script:SimState.orders))
}

function Get-SimOrderRowsText {
    <#
    .SYNOPSIS
    Orders as a grid's clipboard text with the 当日委托 columns (also the 撤单 page's grid).
    #>
    param([AllowEmptyCollection()][object[]]$Orders)
    $layout2026 = ([string](Get-SimClientSetting -Name 'ordersGrid' -Default 'classic') -eq '2026')
    if ($null -eq $Orders) { $Orders = @() }
    # Per column, not per cell: today's orders only grow, and the grid is copied at every read of them.
    $prices = Format-SimDecimalColumn -Rows $Orders -Field 'price' -Decimals 3
    $averages = Format-SimDecimalColumn -Rows $Orders -Field 'avgPrice' -Decimals 3
    $rows = [System.Collections.ArrayList]::new()
    for ($i = 0; $i -lt $Orders.Length; $i++) {
        $o = $Orders[$i]
        $side = '卖出'
        if ($o.side -eq 'buy') { $side = '买入' }
        if ($o.Contains('credit')) { $side = Get-SimCreditKindName -Kind ([string]$o.credit) }   # SimCredit.ps1
        $row = @{
                '委托日期' = $o.date; '证券代码' = $o.code; '证券名称' = $o.name; '操作' = $side
                '委托价格' = $prices[$i]; '委托数量' = [int64]$o.amount; '委托时间' = $o.time
                '成交数量' = [int64]$o.filled; '成交均价' = $averages[$i]; '合同编号' = $o.contractNo
                '交易市场' = $script:SimExchangeNames[[string]$o.exchange]; '股东帐户' = $o.shareholder
                '备注' = $script:SimStatusNames[[string]$o.status]
            }
        if ($layout2026) {
            $cancelledShares = 0
            if ([string]$o.status -eq 'cancelled' -or [string]$o.status -eq 'partlyCancelled') { $cancelledShares = [int64]$o.amount - [int64]$o.filled }
            $row['撤消数量'] = $cancelledShares
            $row['备注'] = $script:SimStatusNames['reported']
        }
        [void]$rows.Add($row)
    }
    $columns = $script:SimOrderColumns
    if ($layout2026) { $columns = $script:SimOrderColumns2026 }
    return (Join-SimGridText -Columns $columns -Rows $rows.ToArray())
}

function Get-SimTradesText {
    <#
    .SYNOPSIS
    Today's trades grid (当日成交 page) as clipboard text, in fill order.
    #>
    $trades = @($script:SimState.trades)
    $prices = Format-SimDecimalColumn -Rows $trades -Field 'price' -Decimals 3   # per column, as the orders grid
    $values = Format-SimDecimalColumn -Rows $trades -Field 'value' -Decimals 2
    $rows = [System.Collections.ArrayList]::new()
    for ($i = 0; $i -lt $trades.Length; $i++) {
        $t = $trades[$i]
        $side = '证券卖出'
        if ($t.side -eq 'buy') { $side = '证券买入' }
        if ($t.Contains('credit')) { $side = Get-SimCreditKindName -Kind ([string]$t.credit) }   # SimCredit.ps1
        [void]$rows.Add(@{
                '合同编号' = $t.contractNo; '委托时间' = $t.orderTime; '成交均价' = $prices[$i]
                '成交数量' = [int64]$t.amount; '成交时间' = $t.time; '成交编号' = $t.tradeNo; '成交金额' = $values[$i]
                '操作' = $side; '证券代码' = $t.code; '证券名称' = $t.name
            })
    }
    return (Join-SimGridText -Columns $script:SimTradeColumns -Rows $rows.ToArray())
}
