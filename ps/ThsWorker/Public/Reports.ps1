# Reports.ps1 - the grid pages: today's orders (当日委托, 168), trades (当日成交, 167), and how a grid page is read.

# What each grid page's header must have and must not have: the pages hold nothing but a grid, so the header is
# how a page is told from the one that was showing before.
$script:ThsGridHeaders = @{
    165 = @{ Has = @('证券代码', '股票余额'); Lacks = @() }
    167 = @{ Has = @('成交数量'); Lacks = @('委托数量') }
    168 = @{ Has = @('委托数量'); Lacks = @('成交编号') }
    554 = @{ Has = @('证券代码', '可申购数量'); Lacks = @('委托数量', '股票余额') }
    70011 = @{ Has = @('证券代码', '融资标的', '融券标的'); Lacks = @('委托数量') }   # credit 标的证券 (CREDIT_PAGES.securities)
    70012 = @{ Has = @('证券代码', '负债类型'); Lacks = @('委托数量') }               # credit 负债明细 (CREDIT_PAGES.debts)
}

function Test-ThsGridHeader {
    <#
    .SYNOPSIS
    True when a parsed grid's columns fit the page it was read from (or the page has no header rule).
    #>
    param([Parameter(Mandatory = $true)][int]$PageId, [AllowEmptyCollection()][object[]]$Columns)
    if (-not $script:ThsGridHeaders.ContainsKey($PageId)) { return $true }
    $rule = $script:ThsGridHeaders[$PageId]
    foreach ($c in $rule.Has) { if (-not ($Columns -contains $c)) { return $false } }
    foreach ($c in $rule.Lacks) { if ($Columns -contains $c) { return $false } }
    return $true
}

function Read-ThsGridPage {
    <#
    .SYNOPSIS
    Shows a grid page (a credit page through the menu tree with -CreditKind) and reads its grid (copy command and
    clipboard; captcha + OCR, or the export, when the client demands it): @{ Columns; Rows; Read = @{ path; attempts; reason } }. A grid whose header belongs to another page
    (the previous page still showing) is read again once the page changes. -Only: rows carry only those columns
    (ConvertFrom-ThsGridText); Columns is the whole header.
    #>
    param([Parameter(Mandatory = $true)][int]$PageId, [Parameter(Mandatory = $true)][int]$ProcessId, [string]$CreditKind = '', [string[]]$Only = $null)
    $deadline = New-ThsDeadline -Milliseconds $script:PAGE_SWITCH_TIMEOUT_MS
    while ($true) {
        if ($CreditKind) { $page = Switch-ThsCreditPage -Kind $CreditKind } else { $page = Switch-ThsPage -PageId $PageId -Grid }   # TreePages.ps1
        $grid = Find-ThsGrid -Page $page
        $read = Read-ThsGridContent -Grid $grid -ProcessId $ProcessId  # copy, captcha + OCR, or export (Captcha.ps1)
        $parsed = ConvertFrom-ThsGridText -Text $read.Text -Only $Only
        $parsed.Read = [ordered]@{ path = $read.Path; attempts = $read.Attempts; reason = $read.Reason; stale = $read.Stale; recreated = $read.Recreated }
        if (Test-ThsGridHeader -PageId $PageId -Columns $parsed.Columns) {
            $script:ThsPageIds[[int64]$page.Page] = $PageId
            # Found the next time by its handle, checked cheaply (Get-ThsKnownPage), not by walking the whole window:
            # under Wine that walk was ~19 ms of a ~60 ms orders read, and every order's snapshot is such a read.
            if (-not $CreditKind) { $script:ThsPageHandles[$PageId] = @{ Page = [int64]$page.Page; Container = [int64]$page.Container } }
            return $parsed
        }
        if ($script:ThsPageIds[[int64]$page.Page] -eq $PageId) { $script:ThsPageIds.Remove([int64]$page.Page) }
        $kept = $script:ThsPageHandles[$PageId]
        if (-not $CreditKind -and $null -ne $kept -and [int64]$kept.Page -eq [int64]$page.Page) { $script:ThsPageHandles.Remove($PageId) }
        $script:ThsPageIds[[int64]$page.Page] = -1  # not this page: wait for another one
        if (Test-ThsDeadlinePassed $deadline) { break }
    }
    throw (New-ThsError -Code 'page_not_found' -Message ('页面 ' + $PageId + ' 的表格表头不符（' + ($parsed.Columns -join ',') + '）：客户端版本可能不同。'))
}

function Get-ThsTodayOrders {
    <#
    .SYNOPSIS
    Today's orders as rows keyed by the client's column names (合同编号, 证券代码, 操作, 委托价格, 委托数量, 成交数量, 备注 ...).
    -Only keeps just those columns in each row (Columns still lists the whole header): the journal's snapshot before
    an order reads 合同编号 and 证券代码 alone.
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Sim; (Get-ThsTodayOrders).Rows | Format-Table
    .EXAMPLE
    (Get-ThsTodayOrders -Only 合同编号, 证券代码).Rows
    #>
    [CmdletBinding()]
    param([string[]]$Only = $null)
    $ctx = Enter-ThsCommand -Name 'orders'
    return (Read-ThsGridPage -PageId $script:PAGE_ORDERS -ProcessId $ctx.Main.ProcessId -Only $Only)
}

function Get-ThsTodayTrades {
    <#
    .SYNOPSIS
    Today's trades as rows keyed by the client's column names (合同编号, 成交编号, 成交均价, 成交数量, 成交时间 ...).
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Sim; (Get-ThsTodayTrades).Rows | Format-Table
    #>
    [CmdletBinding()]
    param()
    $ctx = Enter-ThsCommand -Name 'trades'
    return (Read-ThsGridPage -PageId $script:PAGE_TRADES -ProcessId $ctx.Main.ProcessId)
}
