# Clients.ps1 - several clients on one PC found by the server's --discover (docs/accounts.md): every trading window
# listed (Get-ThsClients), a client told by the shareholder accounts (股东帐户) its own grids show
# (Get-ThsClientIdentity), and this worker bound to one client's process (Set-ThsClientBinding).

# The column names a build gives the shareholder account in the positions and orders grids (THS-UI-FACTS "Grids").
$script:ThsShareholderColumns = @('股东帐户', '股东账户', '股东帐号', '股东账号', '股东代码')

function Get-ThsClients {
    <#
    .SYNOPSIS
    Every THS trading window on this desktop, whatever client this worker drives: one entry per process, @{ pid; exe;
    title; visible; credit } (exe: $null when Windows does not let us read it; credit: the window holds the credit menu
    tree 513, $null when that cannot be told).
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Win32; Get-ThsClients | Format-Table
    #>
    [CmdletBinding()]
    param()
    [void](Enter-ThsCommand -Name 'clients')
    $seen = @{}
    $list = [System.Collections.ArrayList]::new()
    foreach ($w in (Get-ThsTradingFrames -AnyClient)) {
        $procId = [int64]$w.ProcessId
        if ($seen.ContainsKey($procId)) { continue }
        $seen[$procId] = $true
        $credit = $null
        try { $credit = ((Get-ThsCreditTree -Main ([int64]$w.Handle)) -ne 0) } catch { $credit = $null }   # both trees: not known
        [void]$list.Add([ordered]@{ pid = $procId; exe = (Get-PortProcessPath -ProcessId $procId); title = [string]$w.Title; visible = [bool]$w.Visible; credit = $credit })
    }
    return , $list.ToArray()
}

function Get-ThsShareholders {
    <#
    .SYNOPSIS
    The distinct shareholder accounts (股东帐户) of a grid's rows, in the order seen.
    #>
    param([AllowEmptyCollection()][object[]]$Rows)
    $found = [System.Collections.Generic.List[string]]::new()
    foreach ($row in $Rows) {
        foreach ($col in $script:ThsShareholderColumns) {
            if (-not $row.Contains($col)) { continue }
            $v = ([string]$row[$col]).Trim()
            if ($v -and -not $found.Contains($v)) { $found.Add($v) }
        }
    }
    return , $found.ToArray()
}

function Get-ThsClientIdentity {
    <#
    .SYNOPSIS
    Tells which account the client of a process is: the shareholder accounts (股东帐户) its positions grid shows, else
    its today's-orders grid (the client shows no account number elsewhere that a worker can read). Drives that client
    for the time of the reads (its pages change, as a query would change them), then returns to this worker's own.
    Returns @{ pid; shareholders (empty: neither grid has a row, the client cannot be told yet); from (positions,
    orders or $null) }.
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Win32; Get-ThsClients | ForEach-Object { Get-ThsClientIdentity -ProcessId $_.pid }
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][int64]$ProcessId)
    $own = [int64]$script:ThsOptions.ClientPid
    $script:ThsOptions.ClientPid = $ProcessId
    Reset-ThsWindowCache
    try {
        $found = Get-ThsShareholders -Rows @((Get-ThsPosition).Rows)
        $from = 'positions'
        if ($found.Count -eq 0) {
            $found = Get-ThsShareholders -Rows @((Get-ThsTodayOrders).Rows)
            $from = 'orders'
        }
        if ($found.Count -eq 0) { $from = $null }
        return [ordered]@{ pid = $ProcessId; shareholders = $found; from = $from }
    } finally {
        $script:ThsOptions.ClientPid = $own
        Reset-ThsWindowCache
    }
}

function Set-ThsClientBinding {
    <#
    .SYNOPSIS
    From now on this worker drives the client of this process id (its account's client was restarted: a new process),
    or none with -1 (its client closed: no window counts, not even a new one given the same process id).
    Returns @{ pid; was }.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][int64]$ProcessId)
    if ($ProcessId -le 0 -and $ProcessId -ne -1) { throw (New-ThsError -Code 'bad_request' -Message 'bind: pid must be a process id above 0, or -1 for none') }
    $was = [int64]$script:ThsOptions.ClientPid
    $script:ThsOptions.ClientPid = $ProcessId
    Reset-ThsWindowCache
    return [ordered]@{ pid = $ProcessId; was = $was }
}
