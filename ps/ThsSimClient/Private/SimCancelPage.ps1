# SimCancelPage.ps1 - the simulated client's 撤单 page (163): its controls, what its buttons do, its grid's text.
# Dot-sourced by ../ThsSimClient.psm1. Control ids from ../shared/THS-UI-FACTS.md: code filter 3348, 查询代码 3349,
# 撤单 1099, 全选 1098, 全撤 30001, 撤买 30002, 撤卖 30003, grid 1047.
#
# How the page behaves (the model of a real client this gateway relies on; README "撤单的设计"):
# - The grid lists today's open orders (已报 / 部成), all of them, or those of one code after 查询代码 (3349) with a
#   code in 3348 (an empty 3348 shows all again). 查询代码 also clears the row selection.
# - 全选 (1098) selects every row the grid shows (it selects, it does not toggle). 撤单 (1099) cancels the selected
#   rows; with none selected it cancels nothing and says so.
# - 全撤 / 撤买 / 撤卖 cancel every open order / every open buy / every open sell, whatever the grid shows.
# - With client.cancelConfirm (GUI_CHEDAN_CONFIRM=yes) a 撤单确认 popup (是 / 否) comes first; then a 提示 popup says
#   what happened. client.cancelConfirmShows { "entrustNos": [...] } (fault injection) names other orders in it, and
#   是 cancels those. Cancels take effect at once (已撤, or 部撤 for a partly filled order).

$script:SimCancelButtons = @(
    @($script:ID_CANCEL_QUERY, '查询代码'), @($script:ID_CANCEL_SELECTED, '撤单'), @($script:ID_CANCEL_SELECT_ALL, '全选'),
    @($script:ID_CANCEL_ALL, '全撤'), @($script:ID_CANCEL_BUYS, '撤买'), @($script:ID_CANCEL_SELLS, '撤卖')
)
$script:SimCancelHint = '在委托记录上用鼠标双击或回车即可撤单'
# Texts: NothingToCancel is seen on real clients; the others are invented.
$script:SimCancelTexts = @{
    NothingToCancel = '无可撤委托'
    NoneSelected    = '请先选择要撤销的委托。'
    OneOk           = '您的撤单委托已成功提交，合同编号：{0}。'
    ManyOk          = '您的撤单委托已成功提交，共{0}笔，合同编号：{1}。'
    ConfirmTitle    = '撤单确认'
    ConfirmBody     = "您是否确认撤销以下{0}笔委托？`r`n合同编号：{1}"
}
$script:SimCancelView = @{ Filter = ''; Selected = @() }

function New-SimCancelPage {
    <#
    .SYNOPSIS
    Builds the 撤单 page's controls in its dialog: code filter, buttons, hint and grid; resets the view.
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog)
    [void](New-SimWindow -Parent $Dialog -ClassName 'Edit' -ControlId $script:ID_CANCEL_CODE)
    foreach ($b in $script:SimCancelButtons) {
        [void](New-SimWindow -Parent $Dialog -ClassName 'Button' -ControlId $b[0] -Text $b[1])
    }
    [void](New-SimWindow -Parent $Dialog -ClassName 'Static' -ControlId 0xFFFF -Text $script:SimCancelHint)
    New-SimGrid -Dialog $Dialog
    $script:SimCancelView = @{ Filter = ''; Selected = @() }
}

function Get-SimCancelRows {
    <#
    .SYNOPSIS
    The open orders the 撤单 grid shows now (filtered by the last 查询代码), in placing order.
    #>
    $rows = [System.Collections.ArrayList]::new()
    $filter = [string]$script:SimCancelView.Filter
    foreach ($o in $script:SimState.orders) {
        if ($filter -and [string]$o.code -ne $filter) { continue }
        if (-not $script:SimOpenStatuses.ContainsKey([string]$o.status)) { continue }   # Test-SimOrderOpen, inline
        [void]$rows.Add($o)
    }
    return , $rows.ToArray()
}

function Get-SimCancelGridText {
    <#
    .SYNOPSIS
    The 撤单 grid as the copy command writes it (the columns of 当日委托).
    #>
    return (Get-SimOrderRowsText -Orders (Get-SimCancelRows))
}

function Receive-SimCancelClick {
    <#
    .SYNOPSIS
    A click on a 撤单 page button: 查询代码 filters, 全选 selects, 撤单 / 全撤 / 撤买 / 撤卖 cancel (after a 撤单确认
    popup when client.cancelConfirm is set) and answer with a 提示 popup after popupMs.
    #>
    param([Parameter(Mandatory = $true)]$Window, [Parameter(Mandatory = $true)][int64]$Dialog)
    $id = [int]$Window.ControlId
    if ($id -eq $script:ID_CANCEL_QUERY) {
        $script:SimCancelView = @{ Filter = (Get-SimControlText -Page $Dialog -ControlId $script:ID_CANCEL_CODE).Trim(); Selected = @() }
        return
    }
    if ($id -eq $script:ID_CANCEL_SELECT_ALL) {
        $script:SimCancelView.Selected = @(Get-SimCancelRows | ForEach-Object { [string]$_.contractNo })
        return
    }
    $targets = [System.Collections.ArrayList]::new()
    $empty = $script:SimCancelTexts.NothingToCancel
    if ($id -eq $script:ID_CANCEL_SELECTED) {
        $shown = @(Get-SimCancelRows)
        if ($shown.Count -gt 0) { $empty = $script:SimCancelTexts.NoneSelected }
        foreach ($o in $shown) { if ($script:SimCancelView.Selected -contains [string]$o.contractNo) { [void]$targets.Add([string]$o.contractNo) } }
    } elseif ($id -eq $script:ID_CANCEL_ALL -or $id -eq $script:ID_CANCEL_BUYS -or $id -eq $script:ID_CANCEL_SELLS) {
        foreach ($o in $script:SimState.orders) {
            if (-not $script:SimOpenStatuses.ContainsKey([string]$o.status)) { continue }   # Test-SimOrderOpen, inline
            if (($id -eq $script:ID_CANCEL_BUYS -and $o.side -ne 'buy') -or ($id -eq $script:ID_CANCEL_SELLS -and $o.side -ne 'sell')) { continue }
            [void]$targets.Add([string]$o.contractNo)
        }
    } else {
        return
    }
    if ($targets.Count -eq 0) {
        Add-SimEvent -Kind 'popup' -DelayMs (Get-SimDelayMs 'popupMs') -Data @{ Title = $script:SimTexts.InfoTitle; Text = $empty; Kind = 'info'; Form = $null }
        return
    }
    # client.cancelConfirmShows (fault injection): the contract numbers the confirmation names, and 是 cancels.
    $over = Get-SimOverrideSetting -Name 'cancelConfirmShows' -Keys @('entrustNos')
    if ($over.ContainsKey('entrustNos')) {
        $targets = [System.Collections.ArrayList]::new()
        foreach ($no in @($over['entrustNos'])) { [void]$targets.Add([string]$no) }
    }
    $form = @{ CancelTargets = $targets.ToArray() }
    if ([bool][SimFast]::Setting('cancelConfirm', $false)) {
        $body = $script:SimCancelTexts.ConfirmBody -f $targets.Count, ($targets.ToArray() -join ',')
        Add-SimEvent -Kind 'popup' -DelayMs (Get-SimDelayMs 'popupMs') -Data @{ Title = $script:SimCancelTexts.ConfirmTitle; Text = $body; Kind = 'confirm'; Form = $form }
    } else {
        Invoke-SimCancelWithReply -Form $form
    }
}

function Invoke-SimCancelWithReply {
    <#
    .SYNOPSIS
    Cancels the target orders that are still open, saves, and opens the 提示 popup after popupMs. A pending
    client.serverPopup comes instead (SimMessages.ps1 Pop-SimServerPopup); the cancel happens only when it places.
    #>
    param([Parameter(Mandatory = $true)]$Form)
    $server = Pop-SimServerPopup
    if ($null -ne $server -and -not $server.Places) { Add-SimInfoPopup -Text $server.Text; return }
    $done = [System.Collections.ArrayList]::new()
    foreach ($no in $Form.CancelTargets) {
        foreach ($o in $script:SimState.orders) {
            if ([string]$o.contractNo -eq $no -and (Stop-SimOrder -Order $o)) { [void]$done.Add($no) }
        }
    }
    $text = $script:SimCancelTexts.NothingToCancel
    if ($done.Count -eq 1) { $text = $script:SimCancelTexts.OneOk -f $done[0] }
    elseif ($done.Count -gt 1) { $text = $script:SimCancelTexts.ManyOk -f $done.Count, ($done.ToArray() -join ',') }
    $script:SimCancelView.Selected = @()
    Update-SimWithdrawable
    Save-SimState
    if ($null -ne $server) { $text = $server.Text }
    Add-SimEvent -Kind 'popup' -DelayMs (Get-SimDelayMs 'popupMs') -Data @{ Title = $script:SimTexts.InfoTitle; Text = $text; Kind = 'info'; Form = $null }
}
