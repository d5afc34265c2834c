# Primitives.Data.ps1 - the simulated port's data primitives: the clipboard, process elevation, the session lock, the captcha text,
# text files and their removal. Dot-sourced by ThsPort.Sim.psm1.

function Get-PortClipboardSequence {
    <#
    .SYNOPSIS
    The simulated clipboard's sequence number: it changes whenever the clipboard does.
    #>
    if ($null -ne $script:PortDump) { return [uint32]0 }   # a dump is read only
    if ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0) { Step-SimClient }
    return [uint32](Get-SimClipboard).Sequence
}

function Get-PortClipboardText {
    <#
    .SYNOPSIS
    The simulated clipboard's text, or $null when it holds none.
    #>
    if ($null -ne $script:PortDump) { return $null }   # a dump is read only
    if ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0) { Step-SimClient }
    return (Get-SimClipboard).Text
}

function Test-PortProcessElevated {
    <#
    .SYNOPSIS
    Whether the simulated client runs elevated (state client.elevated); $false for any other process.
    #>
    param([Parameter(Mandatory = $true)][int64]$ProcessId)
    if ($null -ne $script:PortDump) { return (Test-DumpProcessElevated @PSBoundParameters) }
    if ($ProcessId -ne [int64]$PID) { return $false }
    return [bool](Get-SimClientSetting -Name 'elevated' -Default $false)
}

function Test-PortSelfElevated {
    <#
    .SYNOPSIS
    The simulated port never runs elevated (a replayed dump: as the doctor that wrote it ran).
    #>
    if ($null -ne $script:PortDump) { return (Test-DumpSelfElevated) }
    return $false
}

function Get-PortSessionLocked {
    <#
    .SYNOPSIS
    Whether the simulated PC's session is locked (state client.sessionLocked); $null for a replayed dump (it holds no
    session).
    #>
    if ($null -ne $script:PortDump) { return $null }
    return ((Get-SimClientSetting -Name 'sessionLocked' -Default $false) -eq $true)
}

function Read-PortCaptchaText {
    <#
    .SYNOPSIS
    The simulated OCR of a captcha image control: @{ Text; Reason }. Text is the code the simulated client shows,
    misread as its state says (client.captchaMisreads / captchaMisreadRate); Text is $null with a Reason when the state
    says this PC has no OCR (client.ocr = "none") or the window is not a captcha image.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    if ($null -ne $script:PortDump) { return @{ Text = $null; Reason = 'a doctor dump holds no images: nothing to read' } }   # a dump is read only
    if ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0) { Step-SimClient }
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
    if ($null -eq $script:PortDump -and ($script:SimPending.Posted.Count -gt 0 -or $script:SimPending.Events.Count -gt 0)) { Step-SimClient }
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
    if ($null -ne $script:PortDump) { return $false }   # a dump is read only
    $local = ConvertTo-SimLocalPath -Path $Path
    try {
        if ([System.IO.File]::Exists($local)) { [System.IO.File]::Delete($local) }
    } catch [System.IO.IOException] {
        return $false
    }
    return (-not [System.IO.File]::Exists($local))
}

function Get-PortProcessPath {
    <#
    .SYNOPSIS
    The simulated client's exe path (state client.exePath, so that a test can put a xiadan.ini beside it), or $null for
    any other process and when the state names none (like an exe path Windows would not let us read).
    #>
    param([Parameter(Mandatory = $true)][int64]$ProcessId)
    if ($null -ne $script:PortDump) { return (Get-DumpProcessPath @PSBoundParameters) }
    if ($ProcessId -ne [int64]$PID) { return $null }
    $p = [string](Get-SimClientSetting -Name 'exePath' -Default '')
    if (-not $p) { return $null }
    return $p
}

function Get-PortFileVersion {
    <#
    .SYNOPSIS
    The simulated client's version for its exe path (state client.exePath): client.fileVersion, else its client.build;
    $null for any other file and for a replayed dump (it holds no versions).
    #>
    param([Parameter(Mandatory = $true)][string]$Path)
    if ($null -ne $script:PortDump) { return $null }
    if ($Path -ne [string](Get-SimClientSetting -Name 'exePath' -Default '')) { return $null }
    $v = [string](Get-SimClientSetting -Name 'fileVersion' -Default '')
    if (-not $v) { $v = [string](Get-SimClientSetting -Name 'build' -Default '') }
    if (-not $v) { return $null }
    return $v
}
