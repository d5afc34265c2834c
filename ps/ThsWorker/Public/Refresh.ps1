# Refresh.ps1 - the client's refresh command (32790, F5's message twin) and a wait until the page showing reloads.

# Labels that empty and refill when the client reloads the page showing (资金股票: 可用金额, 总资产).
$script:ThsRefreshLabels = @($script:ID_FUND_AVAILABLE, $script:ID_FUND_TOTAL)

function Invoke-ThsRefresh {
    <#
    .SYNOPSIS
    Sends the refresh command to the main window (SendMessageTimeout, so it returns once the client took it) and waits
    (REFRESH_TIMEOUT_MS) until the labels of the page showing have refilled. Returns @{ refreshed; trigger; page; ms }.
    .PARAMETER Trigger
    Who asked: 'request' (the /refresh route) or 'keepalive' (the idle timer); echoed in the result.
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Sim; Invoke-ThsRefresh
    #>
    [CmdletBinding()]
    param([ValidateSet('request', 'keepalive')][string]$Trigger = 'request')
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $main = (Enter-ThsCommand -Name 'refresh').Main
    $sent = Send-PortMessage -Handle $main.Handle -Message $script:WM_COMMAND -WParam $script:CMD_REFRESH -LParam 0
    if (-not $sent.Ok) {
        throw (New-ThsError -Code 'client_not_responding' -Message ('发送刷新命令（' + $script:CMD_REFRESH + '）时交易客户端没有响应：请检查客户端是否卡死。'))
    }
    $page = Get-ThsActivePage -Main $main.Handle
    $pageId = $null
    if ($null -ne $page) {
        $known = $script:ThsPageIds[[int64]$page.Page]
        if ($null -ne $known -and $known -gt 0) { $pageId = [int]$known }
        $handles = [System.Collections.Generic.List[int64]]::new()
        foreach ($id in $script:ThsRefreshLabels) {
            $ctl = Find-ThsControl -Controls $page.Controls -ControlId $id
            if ($null -ne $ctl) { $handles.Add([int64]$ctl.Handle) }
        }
        $texts = Wait-ThsLabels -Handles $handles.ToArray() -TimeoutMs $script:REFRESH_TIMEOUT_MS
        if ($texts -contains $null) {
            throw (New-ThsError -Code 'label_timeout' -Message ('刷新后 ' + $script:REFRESH_TIMEOUT_MS + ' ms 内页面数据没有重新显示：请检查客户端是否已登录、网络是否正常。'))
        }
    }
    $drained = Clear-ThsPopups -ProcessId $main.ProcessId
    return [ordered]@{ refreshed = $true; trigger = $Trigger; page = $pageId; ms = [int]$watch.ElapsedMilliseconds; drained = $drained }
}
