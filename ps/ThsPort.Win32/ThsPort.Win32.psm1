# ThsPort.Win32.psm1 - the window port over user32 / kernel32 / advapi32 / gdi32 (docs/WINDOW-PORT.md): one primitive =
# one Win32 call or one obvious loop. Importing only defines the functions; Initialize-Port compiles the C# of the
# ThsUser32.*.cs files beside this module (C# 5: Windows PowerShell 5.1's compiler). Handles are [int64] at the
# PowerShell boundary, IntPtr inside C#. It exports only the primitives (the manifest's FunctionsToExport).

# Strict mode for every function of this module, once: its scopes inherit it, the caller's session does not (a call
# per function cost ~60 us each, hundreds of times per command).
Set-StrictMode -Version 3.0

$script:ThsPortRoot = $PSScriptRoot
# The C# of class ThsUser32, one partial file per role: Native (entry points), Windows, Messages, Clipboard, Capture,
# StatusBar, Session, Tree, Timer.
$script:ThsUser32Sources = @(foreach ($portCs in @('Native', 'Windows', 'Messages', 'Clipboard', 'Capture', 'StatusBar', 'Session', 'Tree', 'Timer')) { [System.IO.Path]::Combine($PSScriptRoot, 'ThsUser32.' + $portCs + '.cs') })
Remove-Variable -Name portCs

$portUiFacts = Import-PowerShellDataFile -Path ([System.IO.Path]::Combine($PSScriptRoot, '../xiadan-ui.psd1'))
foreach ($portName in @('WM_SETTEXT', 'WM_GETTEXT', 'WM_GETTEXTLENGTH', 'CB_SELECTSTRING', 'PORT_SEND_TIMEOUT_MS')) {
    Set-Variable -Scope Script -Name $portName -Value $portUiFacts[$portName]
}
Remove-Variable -Name portUiFacts, portName

# Clipboard reads: OpenClipboard is retried while another process holds it; captcha OCR is bounded.
$script:CLIPBOARD_OPEN_TRIES = 20            # attempts to open the clipboard (xiadan holds it briefly after a copy)
$script:CLIPBOARD_OPEN_WAIT_MS = 10          # between attempts
$script:CLIPBOARD_READ_TIMEOUT_MS = 1000     # the whole read on its STA thread; more than tries x wait
$script:OCR_TIMEOUT_MS = 20000               # one OCR read; the pwsh 7 route starts powershell.exe 5.1 (1-5 s cold)
# The timer this process asks Windows for (timeBeginPeriod), so that the worker's polls sleep what they ask, not the
# default 15.6 ms tick; what was granted, once asked: $script:PortTimerMs (0 when refused).
$script:PORT_TIMER_PERIOD_MS = 1
$script:PortTimerMs = $null
$script:PortCacheNote = ''

foreach ($portFile in @('Windows', 'Data')) { . ([System.IO.Path]::Combine($PSScriptRoot, 'Primitives.' + $portFile + '.ps1')) }
Remove-Variable -Name portFile

# The compiled bridge is kept in the user's temp folder, one DLL per set of sources and runtime (ths-user32-<hash>.dll):
# compiling takes 1-3 s at every worker start, loading the DLL a fraction of that. A DLL that does not load (damaged,
# blocked) is compiled again; nothing else reads or writes it. Each compile writes a file of its own first
# (<cache>.<pid>-<random>.dll: Add-Type refuses an -OutputAssembly that exists, and process ids are reused), which
# stays loaded by that process; a later worker that loads the cache deletes the ones no process holds any more.
# Why the last cache attempt failed, if it did: $script:PortCacheNote (Get-PortCacheNote).
function Get-PortAssemblyCachePath {
    <#
    .SYNOPSIS
    The cache path of the compiled user32 bridge: %TEMP%\ths-user32-<SHA-256 of the ThsUser32.*.cs files, the
    PowerShell edition, the runtime version and the bitness>.dll.
    #>
    $bytes = [System.IO.MemoryStream]::new()
    foreach ($file in $script:ThsUser32Sources) {
        $b = [System.IO.File]::ReadAllBytes($file)
        $bytes.Write($b, 0, $b.Length)
    }
    $key = [System.Text.Encoding]::UTF8.GetBytes('|' + $PSVersionTable.PSEdition + '|' + [Environment]::Version.ToString() + '|' + [IntPtr]::Size)
    $bytes.Write($key, 0, $key.Length)
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try { $digest = $sha.ComputeHash($bytes.ToArray()) } finally { $sha.Dispose() }
    $hex = -join @($digest[0..11] | ForEach-Object { $_.ToString('x2') })
    return ([System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'ths-user32-' + $hex + '.dll'))
}

function Import-PortCachedAssembly {
    <#
    .SYNOPSIS
    Loads the cached bridge DLL when it exists; $true when class ThsUser32 is then defined. A DLL that does not load
    is deleted, so the compile that follows replaces it.
    #>
    param([Parameter(Mandatory = $true)][string]$Path)
    if (-not [System.IO.File]::Exists($Path)) { return $false }
    $loaded = $false
    try {
        Add-Type -Path $Path -ErrorAction Stop
        $loaded = ($null -ne ('ThsUser32' -as [type]))
    } catch {
        $loaded = $false
    }
    if (-not $loaded) {
        try { [System.IO.File]::Delete($Path) } catch { $null = $_ }   # damaged or foreign: compiled again and replaced
    } else {
        Remove-PortStaleAssemblies -Path $Path
    }
    return $loaded
}

function Remove-PortStaleAssemblies {
    <#
    .SYNOPSIS
    Deletes the per-compile files of earlier workers (<cache>.<pid>-<random>.dll, <cache>.<...>.partial); one still
    loaded by a running worker cannot be deleted and is left for next time.
    #>
    param([Parameter(Mandatory = $true)][string]$Path)
    $dir = [System.IO.Path]::GetDirectoryName($Path)
    $base = [System.IO.Path]::GetFileNameWithoutExtension($Path)
    $stale = @()
    # listed by the plain prefix and filtered here: Wine's matching of '<long name>.*' finds nothing
    try { $stale = @([System.IO.Directory]::GetFiles($dir, 'ths-user32-*')) } catch { $null = $_ }
    foreach ($file in $stale) {
        if ($file -eq $Path -or -not [System.IO.Path]::GetFileName($file).StartsWith($base + '.', [System.StringComparison]::OrdinalIgnoreCase)) { continue }
        try { [System.IO.File]::Delete($file) } catch { $null = $_ }   # loaded by a running worker
    }
}

function Get-PortCacheNote {
    <#
    .SYNOPSIS
    Why this session's compiled-bridge cache was not used or not written ('' when it was): the bridge then was
    compiled in memory, which works but costs 1-3 s at every start.
    #>
    return [string]$script:PortCacheNote
}

function Save-PortCompiledAssembly {
    <#
    .SYNOPSIS
    Compiles the bridge into a DLL of this process (<cache>.<pid>-<random>.dll), loads it, and copies it to the cache path
    (another worker may have written it first: then nothing is copied). $false when the DLL could not be written or
    loaded: the caller compiles in memory instead.
    #>
    param([Parameter(Mandatory = $true)][string]$Path)
    $own = $Path -replace '\.dll$', ('.' + $PID + '-' + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.dll')
    try {
        Add-Type -Path $script:ThsUser32Sources -OutputAssembly $own -OutputType Library -ErrorAction Stop
        if ($null -eq ('ThsUser32' -as [type])) { Add-Type -Path $own -ErrorAction Stop }
    } catch {
        $err = $_
        $script:PortCacheNote = 'the bridge could not be compiled into ' + $own + ' (' + $err.Exception.Message + '): compiled in memory'
        return $false
    }
    if ($null -eq ('ThsUser32' -as [type])) {
        $script:PortCacheNote = 'the DLL compiled into ' + $own + ' does not define ThsUser32: compiled in memory'
        return $false
    }
    $partial = $Path + '.' + $PID + '.partial'
    try {
        if (-not [System.IO.File]::Exists($Path)) {
            [System.IO.File]::Copy($own, $partial, $true)
            [System.IO.File]::Move($partial, $Path)
        }
    } catch {
        try { [System.IO.File]::Delete($partial) } catch { $null = $_ }   # another worker's copy won; this one is loaded anyway
    }
    return $true
}

function Initialize-Port {
    <#
    .SYNOPSIS
    Compiles the user32 bridge (class ThsUser32, from the ThsUser32.*.cs files beside this module) once per session. Returns @{ Ok; Backend = 'win32'; Reason }.
    .DESCRIPTION
    Reason says what to do when Ok is false: Constrained Language mode, Add-Type blocked by policy or antivirus, not
    Windows. When Ok, TimerMs is the timer this process got from Windows (timeBeginPeriod, asked once per process:
    PORT_TIMER_PERIOD_MS), 0 when refused. SimState / SimSample exist for parity with the simulated port and are ignored here. -CodeOnly (a standby
    worker) does the same: the bridge is all this port loads, and loading it touches no window.
    #>
    param(
        [string]$SimState = '',
        [string]$SimSample = '',
        [switch]$CodeOnly
    )
    $mode = [string]$ExecutionContext.SessionState.LanguageMode
    if ($mode -ne 'FullLanguage') {
        return @{ Ok = $false; Backend = 'win32'; Reason = ('PowerShell runs in ' + $mode + ' mode (AppLocker / WDAC policy), which blocks Add-Type and P/Invoke: ask IT to allow this script, or run it under a PowerShell session in FullLanguage mode.') }
    }
    if ($null -eq ('ThsUser32' -as [type])) {
        $cache = $null
        if ([Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT) { $cache = Get-PortAssemblyCachePath }
        if ($null -eq $cache -or -not (Import-PortCachedAssembly -Path $cache)) {
            try {
                if ($null -eq $cache -or -not (Save-PortCompiledAssembly -Path $cache)) { Add-Type -Path $script:ThsUser32Sources -ErrorAction Stop }
            } catch {
                $err = $_
                return @{ Ok = $false; Backend = 'win32'; Reason = ('Add-Type could not compile the user32 bridge (' + $err.Exception.Message + '). Windows PowerShell 5.1 compiles with csc.exe from the .NET Framework into %TEMP%: make sure antivirus, AMSI or AppLocker policy allows that, or run the worker under PowerShell 7 (pwsh), which compiles in memory.') }
            }
        }
    }
    if ([Environment]::OSVersion.Platform -ne [PlatformID]::Win32NT) {
        return @{ Ok = $false; Backend = 'win32'; Reason = ('The win32 window port needs Windows (user32.dll); this is ' + [Environment]::OSVersion.VersionString + '. Use the simulated backend (-Backend Sim) here.') }
    }
    if ($null -eq $script:PortTimerMs) {
        $script:PortTimerMs = 0
        if ([ThsUser32]::RequestTimerPeriod([uint32]$script:PORT_TIMER_PERIOD_MS)) { $script:PortTimerMs = $script:PORT_TIMER_PERIOD_MS }
    }
    return @{ Ok = $true; Backend = 'win32'; Reason = $null; TimerMs = $script:PortTimerMs }
}

Export-ModuleMember -Function @(
    'Initialize-Port',
    'Find-PortTopWindows',
    'Get-PortChildWindows',
    'Get-PortDescendantHandles',
    'Get-PortChild',
    'Get-PortWindowInfo',
    'Get-PortText',
    'Get-PortTexts',
    'Get-PortStatusBarTexts',
    'Get-PortTreeItems',
    'Set-PortText',
    'Send-PortMessage',
    'Push-PortMessage',
    'Select-PortComboItem',
    'Get-PortClipboardSequence',
    'Get-PortClipboardText',
    'Test-PortProcessElevated',
    'Test-PortSelfElevated',
    'Get-PortSessionLocked',
    'Read-PortCaptchaText',
    'Read-PortTextFile',
    'Remove-PortFile',
    'Get-PortWindowRect',
    'Get-PortWindowStyle',
    'Get-PortProcessPath',
    'Get-PortFileVersion'
)
