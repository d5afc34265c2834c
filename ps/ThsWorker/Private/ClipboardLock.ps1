# ClipboardLock.ps1 - the desktop's clipboard lock: one named mutex (CLIPBOARD_LOCK_NAME, ps/xiadan-ui.psd1) for every
# worker of the logon session. Clients on one PC share one clipboard; Read-ThsGridContent holds the lock around a grid's
# copy and read so that a worker never reads another client's grid. A .NET mutex is the same on every OS and backend,
# so it is the worker's own code, not a window-port primitive.

# The named mutex, opened once for the worker's life (opening and disposing it around each grid read cost 0.7-1.8 ms on
# Linux, where .NET backs a named mutex with files; a wait and a release on the open one, a few microseconds), and
# whether this worker holds it now.
$script:ThsClipboardMutex = $null
$script:ThsClipboardHeld = $false

function Enter-ThsClipboardLock {
    <#
    .SYNOPSIS
    Takes the desktop's clipboard lock (the named mutex CLIPBOARD_LOCK_NAME, shared by every worker of the logon
    session, on either backend; a simulated client has a clipboard of its own, but the lock is the same): $true once held, also when a worker died holding it (an abandoned mutex); $false when another
    worker still held it after TimeoutMs. While held, a second call returns $true at once.
    #>
    param([Parameter(Mandatory = $true)][int]$TimeoutMs)
    if ($script:ThsClipboardHeld) { return $true }
    if ($null -eq $script:ThsClipboardMutex) {
        $script:ThsClipboardMutex = New-Object System.Threading.Mutex($false, $script:CLIPBOARD_LOCK_NAME)
    }
    $held = $false
    try {
        $held = $script:ThsClipboardMutex.WaitOne($TimeoutMs)
    } catch [System.Threading.AbandonedMutexException] {
        $held = $true   # its holder died: the lock is ours, the clipboard's content is not trusted anyway
    }
    $script:ThsClipboardHeld = $held
    return $held
}

function Exit-ThsClipboardLock {
    <#
    .SYNOPSIS
    Releases the clipboard lock when this worker holds it (nothing otherwise). The mutex stays open for the next read.
    #>
    if (-not $script:ThsClipboardHeld) { return }
    try {
        $script:ThsClipboardMutex.ReleaseMutex()
    } finally {
        $script:ThsClipboardHeld = $false
    }
}
