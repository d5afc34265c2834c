# ClipboardLock.ps1 - the desktop's clipboard lock: one named mutex (CLIPBOARD_LOCK_NAME, ps/xiadan-ui.psd1) for every
# worker of the logon session. Clients on one PC share one clipboard; Read-ThsGridContent holds the lock around a grid's
# copy and read so that a worker never reads another client's grid. A .NET mutex is the same on every OS and backend,
# so it is the worker's own code, not a window-port primitive.

$script:ThsClipboardMutex = $null   # the lock while this worker holds it

function Enter-ThsClipboardLock {
    <#
    .SYNOPSIS
    Takes the desktop's clipboard lock (the named mutex CLIPBOARD_LOCK_NAME, shared by every worker of the logon
    session, on either backend; a simulated client has a clipboard of its own, but the lock is the same): $true once held, also when a worker died holding it (an abandoned mutex); $false when another
    worker still held it after TimeoutMs. While held, a second call returns $true at once.
    #>
    param([Parameter(Mandatory = $true)][int]$TimeoutMs)
    if ($null -ne $script:ThsClipboardMutex) { return $true }
    $mutex = New-Object System.Threading.Mutex($false, $script:CLIPBOARD_LOCK_NAME)
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
    $script:ThsClipboardMutex = $mutex
    return $true
}

function Exit-ThsClipboardLock {
    <#
    .SYNOPSIS
    Releases the clipboard lock when this worker holds it (nothing otherwise).
    #>
    if ($null -eq $script:ThsClipboardMutex) { return }
    try {
        $script:ThsClipboardMutex.ReleaseMutex()
    } finally {
        $script:ThsClipboardMutex.Dispose()
        $script:ThsClipboardMutex = $null
    }
}
