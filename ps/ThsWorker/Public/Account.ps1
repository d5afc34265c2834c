# Account.ps1 - read-only queries: the client's status, funds (labels 1012-1017) and positions (grid via clipboard).

# Funds labels in the order the seed's /balance reports them.
$script:ThsFundLabels = @(
    @{ Name = '资金余额'; Id = 1012 },
    @{ Name = '可用金额'; Id = 1016 },
    @{ Name = '可取金额'; Id = 1017 },
    @{ Name = '股票市值'; Id = 1014 },
    @{ Name = '总资产'; Id = 1015 }
)

function Get-ThsStatus {
    <#
    .SYNOPSIS
    Whether the trading window is found, with its title, frame class, process id, elevation and whether it is a credit
    (margin) account's client (menu tree 513); never throws for a missing window.
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Sim; Get-ThsStatus
    #>
    [CmdletBinding()]
    param()
    [void](Enter-ThsCommand -Name 'status')
    $w = Find-ThsMainWindow
    $window = [ordered]@{ found = $false; title = $null; className = $null; processId = $null; elevated = $null; credit = $null }
    if ($null -ne $w) {
        $window.found = $true
        try { $window.credit = ((Get-ThsCreditTreeCached -Main ([int64]$w.Handle)) -ne 0) } catch { $window.credit = $null }   # TreePages.ps1: tree 513 (both trees: not known)
        $window.title = $w.Title
        $window.className = $w.ClassName
        $window.processId = $w.ProcessId
        $window.elevated = Test-PortProcessElevated -ProcessId $w.ProcessId
    }
    return [ordered]@{ window = $window; backend = $script:ThsOptions.Backend; selfElevated = (Test-PortSelfElevated) }
}

function Get-ThsBalance {
    <#
    .SYNOPSIS
    Reads the funds labels of the 资金股票 page. Returns an ordered dictionary name -> text as the client shows it.
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Sim; Get-ThsBalance
    #>
    [CmdletBinding()]
    param()
    [void](Enter-ThsCommand -Name 'balance')
    $page = Switch-ThsPage -PageId $script:PAGE_FUNDS
    $shown = [System.Collections.Generic.List[object]]::new()
    $handles = [System.Collections.Generic.List[int64]]::new()
    foreach ($label in $script:ThsFundLabels) {
        $ctl = Find-ThsControl -Controls $page.Controls -ControlId $label.Id
        if ($null -eq $ctl) { continue }  # some broker builds lack 股票市值
        $shown.Add($label)
        $handles.Add([int64]$ctl.Handle)
    }
    $texts = Wait-ThsLabels -Handles $handles.ToArray()   # one batched read per look, not one per label
    $result = [ordered]@{}
    for ($i = 0; $i -lt $shown.Count; $i++) {
        if ($null -eq $texts[$i]) {
            throw (New-ThsError -Code 'label_timeout' -Message ('资金页的“' + $shown[$i].Name + '”在 ' + $script:LABEL_FILL_TIMEOUT_MS + ' ms 内没有显示数值：请检查客户端是否已登录、网络是否正常。'))
        }
        $result[$shown[$i].Name] = $texts[$i]
    }
    return $result
}

function Get-ThsPosition {
    <#
    .SYNOPSIS
    Reads the positions grid of the 资金股票 page through the copy command and the clipboard.
    Returns @{ Columns; Rows; Read } with rows keyed by column name (aliases applied, numbers typed) and how the grid
    was read (Read.path: copy, captcha-ocr or export).
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Sim; (Get-ThsPosition).Rows | Format-Table
    #>
    [CmdletBinding()]
    param()
    $ctx = Enter-ThsCommand -Name 'position'
    return (Read-ThsGridPage -PageId $script:PAGE_FUNDS -ProcessId $ctx.Main.ProcessId)
}
