# Cancel.ps1 - cancels orders on the 撤单 page (163): one order by its contract number, or all / all buys / all sells.
#
# One order is selected by what the client shows, never by a screen position: today's orders (168) give the order's
# code and state; on the cancel page the code goes into the filter 3348 and 查询代码 3349 narrows the grid to that
# code; the grid is read (copy command + clipboard) and only when it shows exactly one order and that order carries
# the wanted contract number are 全选 1098 and 撤单 1099 clicked. Several open orders of the same code: refused
# (cancel_ambiguous), nothing clicked. Today's orders are read again afterwards to say which contract numbers were
# cancelled. README "撤单的设计" says what this relies on in a real client.

# 备注 words of orders that cannot be cancelled any more (done, cancelled, rejected, or a cancel already pending).
$script:ThsFinishedNotes = @('已成', '已撤', '部撤', '废单', '撤单', '待撤')
$script:ThsScopeButtons = @{ all = 30001; buy = 30002; sell = 30003 }
# The columns of today's orders a cancel reads (Test-ThsOrderRowOpen, Get-ThsCancelledShares, Test-ThsOrderRowSide,
# Find-ThsOrderRow, the refusal texts), and of the cancel page's grid (Read-ThsCancelView): each read types only these.
$script:ThsCancelOrderColumns = @('合同编号', '证券代码', '操作', '委托数量', '成交数量', '撤消数量', '备注')
$script:ThsCancelViewColumns = @('合同编号', '证券代码')

function Test-ThsOrderRowOpen {
    <#
    .SYNOPSIS
    True for a row of today's orders that can still be cancelled: its 备注 is not a finished state, nothing of it was
    cancelled (撤消数量, a column of 2026 builds whose 备注 is no status) and it is not fully filled.
    #>
    param([Parameter(Mandatory = $true)]$Row)
    $note = [string]$Row['备注']
    foreach ($f in $script:ThsFinishedNotes) { if ($note.Contains($f)) { return $false } }
    if ((Get-ThsCancelledShares -Row $Row) -gt 0) { return $false }
    $amount = [int64]$Row['委托数量']
    $filled = [int64]$Row['成交数量']
    return -not ($amount -gt 0 -and $filled -ge $amount)
}

function Get-ThsCancelledShares {
    <#
    .SYNOPSIS
    The 撤消数量 of a row of today's orders (0 when the grid has no such column or it is empty).
    #>
    param([Parameter(Mandatory = $true)]$Row)
    $text = ''
    if ($Row -is [System.Collections.IDictionary] -and $Row.Contains('撤消数量')) { $text = [string]$Row['撤消数量'] }
    $n = [int64]0
    if ([int64]::TryParse($text.Trim(), [ref]$n)) { return $n }
    return [int64]0
}

function Test-ThsOrderRowSide {
    <#
    .SYNOPSIS
    True when a row of today's orders is on the side a scope names (all: any; buy: 操作 has 买; sell: 操作 has 卖).
    #>
    param([Parameter(Mandatory = $true)]$Row, [Parameter(Mandatory = $true)][string]$Scope)
    if ($Scope -eq 'all') { return $true }
    $op = [string]$Row['操作']
    if ($Scope -eq 'buy') { return $op.Contains('买') }
    return $op.Contains('卖')
}

function Find-ThsOrderRow {
    <#
    .SYNOPSIS
    The row of today's orders with this contract number, or $null.
    #>
    param([AllowEmptyCollection()][object[]]$Rows, [Parameter(Mandatory = $true)][string]$EntrustNo)
    foreach ($r in $Rows) { if ([string]$r['合同编号'] -eq $EntrustNo) { return $r } }
    return $null
}

function Read-ThsCancelView {
    <#
    .SYNOPSIS
    Reads the cancel page's grid until every row shows the code asked for ('' = any) within CANCEL_VIEW_TIMEOUT_MS;
    returns the rows. Throws page_not_found when the grid keeps showing other codes.
    #>
    param([Parameter(Mandatory = $true)]$Page, [AllowEmptyString()][string]$Code, [int]$ProcessId)
    $grid = Find-ThsGrid -Page $Page
    $deadline = New-ThsDeadline -Milliseconds $script:CANCEL_VIEW_TIMEOUT_MS
    while ($true) {
        $parsed = ConvertFrom-ThsGridText -Text (Read-ThsGridContent -Grid $grid -ProcessId $ProcessId).Text -Only $script:ThsCancelViewColumns  # copy, captcha + OCR, or export (Captcha.ps1)
        $others = 0   # a loop, not Where-Object: a scope cancel's view lists every open order (~5 us a row in a pipeline)
        if ($Code) { foreach ($r in $parsed.Rows) { if ([string]$r['证券代码'] -ne $Code) { $others++ } } }
        if ($others -eq 0) { return , @($parsed.Rows) }
        if (Test-ThsDeadlinePassed $deadline) { break }
        Wait-ThsTick -Deadline $deadline
    }
    throw (New-ThsError -Code 'page_not_found' -Message ('撤单页输入代码 ' + $Code + ' 并点击“查询代码”后 ' + $script:CANCEL_VIEW_TIMEOUT_MS + ' ms 内表格仍显示其他证券：客户端版本可能不同，没有撤单。'))
}

function Show-ThsCancelView {
    <#
    .SYNOPSIS
    Shows the cancel page with its grid narrowed to one code ('' = every open order): filter 3348, 查询代码 3349.
    Returns @{ Page; Rows }.
    #>
    param([AllowEmptyString()][string]$Code, [int]$ProcessId)
    $page = Switch-ThsPage -PageId $script:PAGE_CANCEL -Grid
    $filterH = Get-ThsRequiredControl -Page $page -ControlId $script:ID_CANCEL_CODE -What '撤单页证券代码'
    $queryH = Get-ThsRequiredControl -Page $page -ControlId $script:ID_CANCEL_QUERY -What '查询代码按钮'
    Set-ThsField -Handle $filterH -Text $Code -What '撤单页证券代码'
    [void](Push-PortMessage -Handle $queryH -Message $script:BM_CLICK -WParam 0 -LParam 0)
    $rows = Read-ThsCancelView -Page $page -Code $Code -ProcessId $ProcessId
    return @{ Page = $page; Rows = $rows }
}

function New-ThsCancelAnswer {
    <#
    .SYNOPSIS
    The cancel command's result: success, the client's (or the gateway's) text, a refusal code, the contract numbers
    cancelled.
    #>
    param([bool]$Success, [string]$Message, [string]$Refusal = '', [string]$Warning = '', [string]$Title = '', [AllowEmptyCollection()][object[]]$Cancelled = @(), [AllowEmptyCollection()][object[]]$Drained = @())
    $r = [ordered]@{ success = $Success; message = $Message; title = $Title; cancelled = [string[]]@($Cancelled); drained = $Drained }
    if ($Refusal) { $r['refusal'] = $Refusal }
    if ($Warning) { $r['warning'] = $Warning }
    return $r
}

function Invoke-ThsCancel {
    <#
    .SYNOPSIS
    Cancels one order by its contract number (-EntrustNo) or every open order / buy / sell (-Scope all|buy|sell) on
    the 撤单 page, and says which contract numbers were cancelled.
    .DESCRIPTION
    A refusal is a result with success = $false and refusal = order_not_found (no such contract number today),
    not_cancellable (already filled or cancelled: its 备注 says which), nothing_to_cancel (the client's 无可撤委托),
    client_rejected (another refusal of the popup table, docs/popups.md), confirmation_mismatch (撤单确认 did not show
    the contract numbers / count being cancelled: answered 否) or client_warning (another question: answered 否).
    Several open orders of the code throw cancel_ambiguous without clicking anything. Thrown with submitted set:
    outcome_unknown (no answer, or a text the popup table does not know), broker_forward_failed / broker_begin_failed / broker_send_failed.
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Sim; Invoke-ThsCancel -EntrustNo 4025982646
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Sim; Invoke-ThsCancel -Scope buy
    #>
    [CmdletBinding()]
    param(
        [AllowEmptyString()][ValidatePattern('^$|^[A-Za-z0-9]{1,20}$')][string]$EntrustNo = '',
        [ValidateSet('', 'all', 'buy', 'sell')][string]$Scope = ''
    )
    if (($EntrustNo -and $Scope) -or (-not $EntrustNo -and -not $Scope)) {
        throw (New-ThsError -Code 'bad_request' -Message 'cancel: give either entrustNo or scope')
    }
    $ctx = Enter-ThsCommand -Name 'cancel'
    $main = $ctx.Main
    $drained = [System.Collections.ArrayList]::new()
    foreach ($d in $ctx.Drained) { [void]$drained.Add($d) }
    $before = @((Read-ThsGridPage -PageId $script:PAGE_ORDERS -ProcessId $main.ProcessId -Only $script:ThsCancelOrderColumns).Rows)

    $targets = [System.Collections.ArrayList]::new()
    if ($EntrustNo) {
        $row = Find-ThsOrderRow -Rows $before -EntrustNo $EntrustNo
        if ($null -eq $row) {
            return (New-ThsCancelAnswer -Success $false -Refusal 'order_not_found' -Drained $drained.ToArray() -Message ('当日委托中没有合同编号为 ' + $EntrustNo + ' 的委托：只能撤销今天的委托，请检查合同编号。'))
        }
        if (-not (Test-ThsOrderRowOpen -Row $row)) {
            return (New-ThsCancelAnswer -Success $false -Refusal 'not_cancellable' -Drained $drained.ToArray() -Message ('合同编号 ' + $EntrustNo + ' 的委托状态为“' + [string]$row['备注'] + '”（成交 ' + [string]$row['成交数量'] + ' / 撤消 ' + (Get-ThsCancelledShares -Row $row) + ' / 委托 ' + [string]$row['委托数量'] + '），已成交或已撤单，不能撤单。'))
        }
        $code = [string]$row['证券代码']
        $view = Show-ThsCancelView -Code $code -ProcessId $main.ProcessId
        $numbers = @($view.Rows | ForEach-Object { [string]$_['合同编号'] })
        if ($numbers.Count -gt 1) {
            throw (New-ThsError -Code 'cancel_ambiguous' -Message ($code + ' 有 ' + $numbers.Count + ' 笔可撤委托（合同编号 ' + ($numbers -join '、') + '）：撤单页只能按证券代码筛选，无法只选中其中一笔，没有撤单。请用 scope 撤销全部（或全部买入 / 卖出）委托，或在客户端手动撤单。'))
        }
        if ($numbers.Count -eq 0 -or $numbers[0] -ne $EntrustNo) {
            return (New-ThsCancelAnswer -Success $false -Refusal 'not_cancellable' -Drained $drained.ToArray() -Message ('撤单页没有列出合同编号 ' + $EntrustNo + ' 的委托（可能刚刚成交或已撤单），没有撤单。'))
        }
        [void]$targets.Add($EntrustNo)
        $expect = @{ EntrustNos = @($EntrustNo); Code = $code }
        $selectH = Get-ThsRequiredControl -Page $view.Page -ControlId $script:ID_CANCEL_SELECT_ALL -What '全选按钮'
        $buttonH = Get-ThsRequiredControl -Page $view.Page -ControlId $script:ID_CANCEL_SELECTED -What '撤单按钮'
        [void](Push-PortMessage -Handle $selectH -Message $script:BM_CLICK -WParam 0 -LParam 0)
    } else {
        foreach ($r in $before) {
            if ((Test-ThsOrderRowOpen -Row $r) -and (Test-ThsOrderRowSide -Row $r -Scope $Scope)) { [void]$targets.Add([string]$r['合同编号']) }
        }
        # Show every open order first, so the client's 全撤 / 撤买 / 撤卖 act on all of them whatever it makes of a filter.
        $expect = @{ EntrustNos = $targets.ToArray(); Code = '' }
        $view = Show-ThsCancelView -Code '' -ProcessId $main.ProcessId
        $buttonId = $script:ThsScopeButtons[$Scope]
        $buttonH = Get-ThsRequiredControl -Page $view.Page -ControlId $buttonId -What ('撤单页按钮 ' + $buttonId)
    }

    $popup = Invoke-ThsSubmit -Button $buttonH -ProcessId $main.ProcessId -What '撤单' -Action 'cancel' -Expect $expect
    foreach ($d in (Clear-ThsPopups -ProcessId $main.ProcessId)) { [void]$drained.Add($d) }
    if ($popup.Refusal -eq 'confirmation_mismatch' -or $popup.Refusal -eq 'client_warning') {
        return (New-ThsCancelAnswer -Success $false -Refusal $popup.Refusal -Warning ([string]$popup.Warning) -Message $popup.Text -Title $popup.Title -Drained $drained.ToArray())
    }

    $after = @((Read-ThsGridPage -PageId $script:PAGE_ORDERS -ProcessId $main.ProcessId -Only $script:ThsCancelOrderColumns).Rows)
    $cancelled = [System.Collections.ArrayList]::new()
    foreach ($no in $targets) {
        $r = Find-ThsOrderRow -Rows $after -EntrustNo $no
        if ($null -ne $r -and (([string]$r['备注']).Contains('撤') -or (Get-ThsCancelledShares -Row $r) -gt 0)) { [void]$cancelled.Add($no) }
    }
    # The popup table decides (a real client may show 已报待撤 until the exchange confirms: a success text with nothing
    # confirmed yet is a success); a refusal still says what today's orders show cancelled.
    if ($popup.Success) {
        return (New-ThsCancelAnswer -Success $true -Message $popup.Text -Title $popup.Title -Cancelled $cancelled.ToArray() -Drained $drained.ToArray())
    }
    return (New-ThsCancelAnswer -Success $false -Refusal $popup.Refusal -Message $popup.Text -Title $popup.Title -Cancelled $cancelled.ToArray() -Drained $drained.ToArray())
}
