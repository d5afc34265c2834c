# ThsPort.Sim.psm1 - the window port (docs/WINDOW-PORT.md) over the simulated client of ps/ThsSimClient, in-process.
# Same functions, parameters and return shapes as ps/ThsPort.Win32. Every primitive first lets the model catch up
# (Step-SimClient: posted messages, due label fills, popups), then reads or drives it. Posted messages wait for the
# next port call, like PostMessage. A hung client (state client.hung) answers like SendMessageTimeout with
# SMTO_ABORTIFHUNG: at once, timed out. An elevated client (client.elevated) refuses our messages like UIPI does.

# The model: one per session, shared with whoever else imports ThsSimClient (the worker's sim-only control, tests).
Import-Module (Join-Path $PSScriptRoot '../ThsSimClient/ThsSimClient.psd1') -Verbose:$false
$portUiFacts = Import-PowerShellDataFile -Path (Join-Path $PSScriptRoot '../xiadan-ui.psd1')
foreach ($portName in @('WM_SETTEXT', 'WM_GETTEXT', 'CB_SELECTSTRING')) { Set-Variable -Scope Script -Name $portName -Value $portUiFacts[$portName] }
Remove-Variable -Name portUiFacts, portName

function Initialize-Port {
    <#
    .SYNOPSIS
    Starts the simulated client from its state file (created from the sample when missing).
    Returns @{ Ok; Backend = 'sim'; Reason } (Reason says what to do when Ok is false).
    #>
    param(
        [string]$SimState = '',
        [string]$SimSample = ''
    )
    Set-StrictMode -Version 3.0
    if (-not $SimSample) { $SimSample = Join-Path $PSScriptRoot '../sim/sample-state.json' }
    if (-not $SimState) { $SimState = Join-Path ([System.IO.Path]::GetTempPath()) 'ths-sim-state.json' }
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
    Set-StrictMode -Version 3.0
    return ([bool](Get-SimClientSetting -Name 'elevated' -Default $false) -and -not (Test-PortSelfElevated))
}

function Find-PortTopWindows {
    <#
    .SYNOPSIS
    Top-level windows of the simulation, optionally of one process / class: @{ Handle; Title; ClassName; ProcessId; Visible; Owner }.
    #>
    param(
        [int64]$ProcessId = 0,
        [string]$ClassName = ''
    )
    Set-StrictMode -Version 3.0
    Step-SimClient
    $list = New-Object System.Collections.Generic.List[object]
    foreach ($w in (Get-SimWindows)) {
        if ([int64]$w.Parent -ne 0) { continue }
        if ($ProcessId -ne 0 -and [int64]$w.ProcessId -ne $ProcessId) { continue }
        if ($ClassName -and $w.ClassName -ne $ClassName) { continue }
        $list.Add(@{ Handle = [int64]$w.Id; Title = [string]$w.Text; ClassName = $w.ClassName; ProcessId = [int64]$w.ProcessId; Visible = [bool]$w.Visible; Owner = [int64]$w.Owner })
    }
    return $list.ToArray()
}

function Get-PortChildWindows {
    <#
    .SYNOPSIS
    Every descendant of a window in creation order: @{ Handle; Parent; ControlId; ClassName; Visible }.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    Set-StrictMode -Version 3.0
    Step-SimClient
    $list = New-Object System.Collections.Generic.List[object]
    if ($null -eq (Get-SimWindowRecord -Id $Handle)) { return $list.ToArray() }
    foreach ($id in (Get-SimDescendantIds -Id $Handle)) {
        $w = Get-SimWindowRecord -Id $id   # read only: the fields are copied into the entry below
        $list.Add(@{ Handle = [int64]$w.Id; Parent = [int64]$w.Parent; ControlId = [int]$w.ControlId; ClassName = $w.ClassName; Visible = [bool]$w.Visible })
    }
    return $list.ToArray()
}

function Get-PortChild {
    <#
    .SYNOPSIS
    The direct child with a control id (like GetDlgItem): its handle, or 0.
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][int]$ControlId
    )
    Set-StrictMode -Version 3.0
    Step-SimClient
    return [int64](Find-SimChild -Parent $Handle -ControlId $ControlId)
}

function Get-PortWindowInfo {
    <#
    .SYNOPSIS
    @{ Exists; Visible; ClassName; ProcessId; ControlId; Parent } of a window (Exists = $false when gone).
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    Set-StrictMode -Version 3.0
    Step-SimClient
    $w = Get-SimWindow -Id $Handle
    if ($null -eq $w) {
        return @{ Exists = $false; Visible = $false; ClassName = ''; ProcessId = [int64]0; ControlId = 0; Parent = [int64]0 }
    }
    return @{ Exists = $true; Visible = [bool]$w.Visible; ClassName = $w.ClassName; ProcessId = [int64]$w.ProcessId; ControlId = [int]$w.ControlId; Parent = [int64]$w.Parent }
}

function Get-PortText {
    <#
    .SYNOPSIS
    A window's text (WM_GETTEXT), or $null when the client is hung or the window is gone.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    Set-StrictMode -Version 3.0
    Step-SimClient
    $r = Invoke-SimMessage -Id $Handle -Message $script:WM_GETTEXT
    if (-not $r.Delivered) { return $null }
    return [string]$r.Result
}

function Set-PortText {
    <#
    .SYNOPSIS
    WM_SETTEXT: $true when the message was delivered (the caller reads back to know whether it took).
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][AllowEmptyString()][string]$Text
    )
    Set-StrictMode -Version 3.0
    Step-SimClient
    if (Test-SimPortBlocked) { return $false }
    $r = Invoke-SimMessage -Id $Handle -Message $script:WM_SETTEXT -WParam 0 -LParam $Text
    return [bool]$r.Delivered
}

function Send-PortMessage {
    <#
    .SYNOPSIS
    One synchronous message. Returns @{ Ok; Result; TimedOut } (TimedOut: the client is hung).
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][int]$Message,
        [int64]$WParam = 0,
        [int64]$LParam = 0
    )
    Set-StrictMode -Version 3.0
    Step-SimClient
    if (Test-SimPortBlocked) { return @{ Ok = $false; Result = [int64]0; TimedOut = $false } }
    $r = Invoke-SimMessage -Id $Handle -Message $Message -WParam $WParam -LParam $LParam
    if (-not $r.Delivered) { return @{ Ok = $false; Result = [int64]0; TimedOut = [bool]$r.Hung } }
    $result = [int64]0
    if ($r.Result -is [string]) { $result = [int64]$r.Result.Length } else { $result = [int64]$r.Result }
    return @{ Ok = $true; Result = $result; TimedOut = $false }
}

function Push-PortMessage {
    <#
    .SYNOPSIS
    Posts a message (handled at the next port call) and returns at once: $true when it was queued.
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][int]$Message,
        [int64]$WParam = 0,
        [int64]$LParam = 0
    )
    Set-StrictMode -Version 3.0
    Step-SimClient
    if ((Test-SimPortBlocked) -or $null -eq (Get-SimWindow -Id $Handle)) { return $false }
    Add-SimPostedMessage -Id $Handle -Message $Message -WParam $WParam -LParam $LParam
    return $true
}

function Select-PortComboItem {
    <#
    .SYNOPSIS
    CB_SELECTSTRING: selects the first item starting with Text; the index, or -1 (no item, hung, gone).
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][string]$Text
    )
    Set-StrictMode -Version 3.0
    Step-SimClient
    if (Test-SimPortBlocked) { return -1 }
    $r = Invoke-SimMessage -Id $Handle -Message $script:CB_SELECTSTRING -WParam -1 -LParam $Text
    if (-not $r.Delivered) { return -1 }
    return [int]$r.Result
}

function Get-PortClipboardSequence {
    <#
    .SYNOPSIS
    The simulated clipboard's sequence number: it changes whenever the clipboard does.
    #>
    Set-StrictMode -Version 3.0
    Step-SimClient
    return [uint32](Get-SimClipboard).Sequence
}

function Get-PortClipboardText {
    <#
    .SYNOPSIS
    The simulated clipboard's text, or $null when it holds none.
    #>
    Set-StrictMode -Version 3.0
    Step-SimClient
    return (Get-SimClipboard).Text
}

function Test-PortProcessElevated {
    <#
    .SYNOPSIS
    Whether the simulated client runs elevated (state client.elevated); $false for any other process.
    #>
    param([Parameter(Mandatory = $true)][int64]$ProcessId)
    Set-StrictMode -Version 3.0
    if ($ProcessId -ne [int64]$PID) { return $false }
    return [bool](Get-SimClientSetting -Name 'elevated' -Default $false)
}

function Test-PortSelfElevated {
    <#
    .SYNOPSIS
    The simulated port never runs elevated.
    #>
    Set-StrictMode -Version 3.0
    return $false
}

function Read-PortCaptchaText {
    <#
    .SYNOPSIS
    The simulated OCR of a captcha image control: @{ Text; Reason }. Text is the code the simulated client shows,
    misread as its state says (client.captchaMisreads / captchaMisreadRate); Text is $null with a Reason when the state
    says this PC has no OCR (client.ocr = "none") or the window is not a captcha image.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    Set-StrictMode -Version 3.0
    Step-SimClient
    return (Read-SimCaptchaImage -Id $Handle)
}

function Read-PortTextFile {
    <#
    .SYNOPSIS
    A whole text file in the given encoding (gbk = code page 936, or utf8); $null when it does not exist or cannot be
    read yet (still being written).
    #>
    param(
        [Parameter(Mandatory = $true)][string]$Path,
        [ValidateSet('gbk', 'utf8')][string]$Encoding = 'gbk'
    )
    Set-StrictMode -Version 3.0
    Step-SimClient
    $local = ConvertTo-SimLocalPath -Path $Path
    if (-not [System.IO.File]::Exists($local)) { return $null }
    try {
        return [System.IO.File]::ReadAllText($local, (Get-SimTextEncoding -Name $Encoding))
    } catch [System.IO.IOException] {
        return $null
    }
}

function Remove-PortFile {
    <#
    .SYNOPSIS
    Deletes a file: $true when it is gone afterwards (also when it never existed).
    #>
    param([Parameter(Mandatory = $true)][string]$Path)
    Set-StrictMode -Version 3.0
    $local = ConvertTo-SimLocalPath -Path $Path
    try {
        if ([System.IO.File]::Exists($local)) { [System.IO.File]::Delete($local) }
    } catch [System.IO.IOException] {
        return $false
    }
    return (-not [System.IO.File]::Exists($local))
}

Export-ModuleMember -Function @(
    'Initialize-Port',
    'Find-PortTopWindows',
    'Get-PortChildWindows',
    'Get-PortChild',
    'Get-PortWindowInfo',
    'Get-PortText',
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
    'Remove-PortFile'
)
