# WindowDump.ps1 - the doctor's window dump of the client's processes (docs/doctor.md) and the masking of account
# numbers in the window texts it and the doctor's checks show.

$script:DOCTOR_DUMP_FORMAT = 'ths-window-dump'   # the dump's "format" (ps/ThsPort.Sim/Primitives.Dump.ps1 reads it)
$script:DOCTOR_DUMP_VERSION = 1                  # the dump's "version": bumped on any change of its fields
# A run of digits that looks like an account, shareholder or contract number (not a decimal amount): kept last 2.
$script:DOCTOR_MASK_PATTERN = '(?<![0-9A-Za-z.])([A-Za-z][0-9]{7,}|[0-9]{8,})(?![0-9]|\.[0-9])'
$script:DOCTOR_MASK_KEEP = 2

function ConvertTo-ThsMaskedText {
    <#
    .SYNOPSIS
    Masks what looks like an account or shareholder number (8+ digit runs that are not decimal amounts; a letter and 7+
    digits such as A123456789): all but the last 2 characters become *.
    .EXAMPLE
    ConvertTo-ThsMaskedText '股东A123456789 资金 12345678.90'   # 股东********89 资金 12345678.90
    #>
    param([AllowNull()][AllowEmptyString()][string]$Text)
    if ([string]::IsNullOrEmpty($Text)) { return $Text }
    $out = [System.Text.StringBuilder]::new()
    $at = 0
    foreach ($m in [regex]::Matches($Text, $script:DOCTOR_MASK_PATTERN)) {
        $v = $m.Value
        [void]$out.Append($Text.Substring($at, $m.Index - $at))
        [void]$out.Append(('*' * ($v.Length - $script:DOCTOR_MASK_KEEP)) + $v.Substring($v.Length - $script:DOCTOR_MASK_KEEP))
        $at = $m.Index + $m.Length
    }
    [void]$out.Append($Text.Substring($at))
    return $out.ToString()
}

function Export-ThsWindowDump {
    <#
    .SYNOPSIS
    Writes the window tree of the given processes as a doctor dump (docs/doctor.md, format ths-window-dump version 1):
    every top-level window of each process and all its descendants with parent, owner, class, control id, text
    (account numbers masked), rect, style and visibility; the pages seen, the main window and whether we ran elevated. Returns the window count.
    .EXAMPLE
    Export-ThsWindowDump -Path C:\temp\xiadan-dump.json -ProcessIds 1234
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Path,
        [AllowEmptyCollection()][int64[]]$ProcessIds = @(),
        [int64]$Main = 0,
        [AllowEmptyCollection()][object[]]$Pages = @()
    )
    $windows = [System.Collections.ArrayList]::new()
    $processes = [System.Collections.ArrayList]::new()
    foreach ($processId in @($ProcessIds | Select-Object -Unique)) {
        [void]$processes.Add([ordered]@{ processId = [int64]$processId; path = (Get-PortProcessPath -ProcessId $processId); elevated = (Test-PortProcessElevated -ProcessId $processId) })
        foreach ($top in @(Find-PortTopWindows -ProcessId $processId)) {
            $h = [int64]$top.Handle
            [void]$windows.Add((New-ThsDumpEntry -Handle $h -Parent 0 -Owner ([int64]$top.Owner) -ProcessId $processId -ClassName $top.ClassName -ControlId 0 -Visible ([bool]$top.Visible)))
            foreach ($c in @(Get-PortChildWindows -Handle $h)) {
                [void]$windows.Add((New-ThsDumpEntry -Handle ([int64]$c.Handle) -Parent ([int64]$c.Parent) -Owner 0 -ProcessId $processId -ClassName $c.ClassName -ControlId ([int]$c.ControlId) -Visible ([bool]$c.Visible)))
            }
        }
    }
    $dump = [ordered]@{
        format = $script:DOCTOR_DUMP_FORMAT; version = $script:DOCTOR_DUMP_VERSION
        created = [DateTime]::UtcNow.ToString('yyyy-MM-ddTHH:mm:ssZ'); backend = $script:ThsOptions.Backend; masked = $true
        selfElevated = [bool](Test-PortSelfElevated)
        main = $Main; pages = @($Pages); processes = $processes.ToArray(); windows = $windows.ToArray()
    }
    $json = ConvertTo-ThsAsciiJson -InputObject $dump
    [System.IO.File]::WriteAllText($Path, $json + "`n", (New-Object System.Text.UTF8Encoding($false)))
    return $windows.Count
}

function New-ThsDumpEntry {
    <#
    .SYNOPSIS
    One window of the dump: its facts from the port, the text masked.
    #>
    param([int64]$Handle, [int64]$Parent, [int64]$Owner, [int64]$ProcessId, [string]$ClassName, [int]$ControlId, [bool]$Visible)
    $r = Get-PortWindowRect -Handle $Handle
    $rect = $null
    if ($null -ne $r) { $rect = @([int]$r.Left, [int]$r.Top, [int]$r.Right, [int]$r.Bottom) }
    return [ordered]@{
        handle = $Handle; parent = $Parent; owner = $Owner; processId = $ProcessId; className = $ClassName; controlId = $ControlId
        text = (ConvertTo-ThsMaskedText (Get-PortText -Handle $Handle)); rect = $rect; style = (Get-PortWindowStyle -Handle $Handle); visible = $Visible
    }
}
