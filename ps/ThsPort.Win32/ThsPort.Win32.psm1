# ThsPort.Win32.psm1 - the window port over user32 / kernel32 / advapi32 / gdi32 (docs/WINDOW-PORT.md): one primitive =
# one Win32 call or one obvious loop. Importing only defines the functions; Initialize-Port compiles the C# of the
# ThsUser32.*.cs files beside this module (C# 5: Windows PowerShell 5.1's compiler). Handles are [int64] at the
# PowerShell boundary, IntPtr inside C#. It exports only the primitives (the manifest's FunctionsToExport).

$script:ThsPortRoot = $PSScriptRoot
# The C# of class ThsUser32, one partial file per role: Native (entry points), Windows, Messages, Clipboard, Capture.
$script:ThsUser32Sources = @(foreach ($portCs in @('Native', 'Windows', 'Messages', 'Clipboard', 'Capture', 'StatusBar')) { Join-Path $PSScriptRoot ('ThsUser32.' + $portCs + '.cs') })
Remove-Variable -Name portCs

$portUiFacts = Import-PowerShellDataFile -Path (Join-Path $PSScriptRoot '../xiadan-ui.psd1')
foreach ($portName in @('WM_SETTEXT', 'WM_GETTEXT', 'WM_GETTEXTLENGTH', 'CB_SELECTSTRING', 'PORT_SEND_TIMEOUT_MS')) {
    Set-Variable -Scope Script -Name $portName -Value $portUiFacts[$portName]
}
Remove-Variable -Name portUiFacts, portName

# Clipboard reads: OpenClipboard is retried while another process holds it; captcha OCR is bounded.
$script:CLIPBOARD_OPEN_TRIES = 20            # attempts to open the clipboard (xiadan holds it briefly after a copy)
$script:CLIPBOARD_OPEN_WAIT_MS = 10          # between attempts
$script:CLIPBOARD_READ_TIMEOUT_MS = 1000     # the whole read on its STA thread; more than tries x wait
$script:OCR_TIMEOUT_MS = 20000               # one OCR read; the pwsh 7 route starts powershell.exe 5.1 (1-5 s cold)

foreach ($portFile in @('Windows', 'Data')) { . (Join-Path $PSScriptRoot ('Primitives.' + $portFile + '.ps1')) }
Remove-Variable -Name portFile

function Initialize-Port {
    <#
    .SYNOPSIS
    Compiles the user32 bridge (class ThsUser32, from the ThsUser32.*.cs files beside this module) once per session. Returns @{ Ok; Backend = 'win32'; Reason }.
    .DESCRIPTION
    Reason says what to do when Ok is false: Constrained Language mode, Add-Type blocked by policy or antivirus, not
    Windows. SimState / SimSample exist for parity with the simulated port and are ignored here.
    #>
    param(
        [string]$SimState = '',
        [string]$SimSample = ''
    )
    Set-StrictMode -Version 3.0
    $mode = [string]$ExecutionContext.SessionState.LanguageMode
    if ($mode -ne 'FullLanguage') {
        return @{ Ok = $false; Backend = 'win32'; Reason = ('PowerShell runs in ' + $mode + ' mode (AppLocker / WDAC policy), which blocks Add-Type and P/Invoke: ask IT to allow this script, or run it under a PowerShell session in FullLanguage mode.') }
    }
    if ($null -eq ('ThsUser32' -as [type])) {
        try {
            Add-Type -Path $script:ThsUser32Sources -ErrorAction Stop
        } catch {
            $err = $_
            return @{ Ok = $false; Backend = 'win32'; Reason = ('Add-Type could not compile the user32 bridge (' + $err.Exception.Message + '). Windows PowerShell 5.1 compiles with csc.exe from the .NET Framework into %TEMP%: make sure antivirus, AMSI or AppLocker policy allows that, or run the worker under PowerShell 7 (pwsh), which compiles in memory.') }
        }
    }
    if ([Environment]::OSVersion.Platform -ne [PlatformID]::Win32NT) {
        return @{ Ok = $false; Backend = 'win32'; Reason = ('The win32 window port needs Windows (user32.dll); this is ' + [Environment]::OSVersion.VersionString + '. Use the simulated backend (-Backend Sim) here.') }
    }
    return @{ Ok = $true; Backend = 'win32'; Reason = $null }
}

Export-ModuleMember -Function @(
    'Initialize-Port',
    'Find-PortTopWindows',
    'Get-PortChildWindows',
    'Get-PortChild',
    'Get-PortWindowInfo',
    'Get-PortText',
    'Get-PortStatusBarTexts',
    'Set-PortText',
    'Send-PortMessage',
    'Push-PortMessage',
    'Select-PortComboItem',
    'Get-PortClipboardSequence',
    'Get-PortClipboardText',
    'Test-PortProcessElevated',
    'Test-PortSelfElevated',
    'Read-PortCaptchaText',
    'Read-PortTextFile',
    'Remove-PortFile',
    'Get-PortWindowRect',
    'Get-PortWindowStyle',
    'Get-PortProcessPath'
)
