# ClipboardLock.ps1 - the desktop's clipboard lock, one named mutex for every worker of the logon session: the same
# primitive on both window ports (dot-sourced by ThsPort.Win32.psm1 and ThsPort.Sim.psm1, which define
# $script:PORT_CLIPBOARD_LOCK_NAME and $script:PortClipboardMutex). Clients on one PC share one clipboard; a worker
# holds the lock around a grid's copy and read (Read-ThsGridContent) so that it never reads another client's grid.

function Enter-PortClipboardLock {
    <#
    .SYNOPSIS
    Takes the desktop's clipboard lock (the named mutex PORT_CLIPBOARD_LOCK_NAME, shared by every worker of the
    logon session; the simulated port takes the same real mutex, though each simulated client has a clipboard of its
    own): $true once held, also when a worker died holding it (an abandoned mutex); $false when another
    worker still held it after TimeoutMs. While held, a second call returns $true at once.
    #>
    param([Parameter(Mandatory = $true)][int]$TimeoutMs)
    if ($null -ne $script:PortClipboardMutex) { return $true }
    $mutex = New-Object System.Threading.Mutex($false, $script:PORT_CLIPBOARD_LOCK_NAME)
    $held = $false
    try {
        $held = $mutex.WaitOne($TimeoutMs)
    } catch [System.Threading.AbandonedMutexException] {
        $held = $true   # its holder died: the lock is ours, the clipboard's content is not trusted anyway
    }
    if (-not $held) {
        $mutex.Dispose()
        return $false
    }
    $script:PortClipboardMutex = $mutex
    return $true
}

function Exit-PortClipboardLock {
    <#
    .SYNOPSIS
    Releases the clipboard lock when this worker holds it (nothing otherwise).
    #>
    if ($null -eq $script:PortClipboardMutex) { return }
    try {
        $script:PortClipboardMutex.ReleaseMutex()
    } finally {
        $script:PortClipboardMutex.Dispose()
        $script:PortClipboardMutex = $null
    }
}
