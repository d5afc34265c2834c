# ThsPort.Sim.psm1 - the window port (docs/WINDOW-PORT.md) over the simulated client of ps/ThsSimClient, in-process.
# Same functions, parameters and return shapes as ps/ThsPort.Win32. Every primitive first lets the model catch up
# (Step-SimClient: posted messages, due label fills, popups), then reads or drives it. Posted messages wait for the
# next port call, like PostMessage. A hung client (state client.hung) answers like SendMessageTimeout with
# SMTO_ABORTIFHUNG: at once, timed out. An elevated client (client.elevated) refuses our messages like UIPI does.

# Strict mode for every function of this module, once: its scopes inherit it, the caller's session does not (a call
# per function cost ~60 us each, hundreds of times per command).
Set-StrictMode -Version 3.0

# The model: one per session, shared with whoever else imports ThsSimClient (the worker's sim-only control, tests).
Import-Module ([System.IO.Path]::Combine($PSScriptRoot, '../ThsSimClient/ThsSimClient.psd1')) -Verbose:$false
# Its posted messages and due events, read in place: every primitive calls Step-SimClient only when one waits (most
# port calls find both empty, and a function call costs ~35 us). A dump loaded instead ($script:PortDump) is asked
# first, inline too.
$script:SimPending = Get-SimPending
$portUiFacts = Import-PowerShellDataFile -Path ([System.IO.Path]::Combine($PSScriptRoot, '../xiadan-ui.psd1'))
foreach ($portName in @('WM_SETTEXT', 'WM_GETTEXT', 'CB_SELECTSTRING')) { Set-Variable -Scope Script -Name $portName -Value $portUiFacts[$portName] }
Remove-Variable -Name portUiFacts, portName

function Initialize-Port {
    <#
    .SYNOPSIS
    Starts the simulated client from its state file (created from the sample when missing). A SimState file that is a
    doctor dump (docs/doctor.md) is replayed read only instead (Primitives.Dump.ps1).
    Returns @{ Ok; Backend = 'sim'; Reason } (Reason says what to do when Ok is false).
    -CodeOnly (a standby worker): the simulated client lives in this process and its code is loaded with the module:
    nothing to do, and the state file is not read (the active worker may still change it).
    #>
    param(
        [string]$SimState = '',
        [string]$SimSample = '',
        [switch]$CodeOnly
    )
    if ($CodeOnly) { return @{ Ok = $true; Backend = 'sim'; Reason = $null } }
    if (-not $SimSample) { $SimSample = [System.IO.Path]::Combine($PSScriptRoot, '../sim/sample-state.json') }
    if (-not $SimState) { $SimState = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'ths-sim-state.json') }
    $script:PortDump = $null
    if (Test-PortDumpFile -Path $SimState) {
        # A doctor dump (docs/doctor.md): replayed read only, the simulated client is not started.
        try {
            Import-PortDump -Path $SimState
        } catch {
            $err = $_
            return @{ Ok = $false; Backend = 'sim'; Reason = ('The dump could not be loaded: ' + $err.Exception.Message) }
        }
        return @{ Ok = $true; Backend = 'sim'; Reason = $null }
    }
    try {
        Initialize-SimClient -StatePath $SimState -SamplePath $SimSample
    } catch {
        $err = $_
        return @{ Ok = $false; Backend = 'sim'; Reason = ('The simulated client could not start: ' + $err.Exception.Message) }
    }
    return @{ Ok = $true; Backend = 'sim'; Reason = $null }
}

function Test-SimPortBlocked {
    <#
    .SYNOPSIS
    True when UIPI would drop our messages: the client is elevated and we are not.
    #>
    return ([bool](Get-SimClientSetting -Name 'elevated' -Default $false) -and -not (Test-PortSelfElevated))
}

foreach ($portFile in @('Dump', 'Windows', 'Data')) { . ([System.IO.Path]::Combine($PSScriptRoot, 'Primitives.' + $portFile + '.ps1')) }
Remove-Variable -Name portFile

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
