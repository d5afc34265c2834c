# Protocol.ps1 - JSON lines over stdin / stdout (ASCII only, UTF-8 streams), diagnostics on stderr and the events
# (docs/PROTOCOL.md). The loop is in ../Public/Worker.ps1, what each command does in ../Public/Dispatcher.ps1.

$script:ThsOut = $null
$script:ThsErr = $null
# The request being handled: its id, and whether it got past 'submitting' (then any failure may have placed an order).
$script:ThsRequest = @{ Id = $null; Submitted = $false }

# PowerShell 6.2+ escapes every non-ASCII character itself (ConvertTo-Json -EscapeHandling EscapeNonAscii): the same
# text as the per-character pass below, which Windows PowerShell 5.1 still needs, 5-10x faster on a grid's reply (today's
# orders, 350 rows: 31 -> 6.5 ms). Passed by splatting, and only where this PowerShell's ConvertTo-Json has the
# parameter: 5.1 has no such parameter and would refuse the call.
$script:ThsJsonEscapeNonAscii = @{}
if ((Get-Command -Name ConvertTo-Json).Parameters.ContainsKey('EscapeHandling')) {
    $script:ThsJsonEscapeNonAscii = @{ EscapeHandling = 'EscapeNonAscii' }
}

function ConvertTo-ThsAsciiJson {
    <#
    .SYNOPSIS
    Compact JSON with every non-ASCII character escaped as \uXXXX, so no code page can garble it.
    #>
    param([AllowNull()]$InputObject)
    $native = $script:ThsJsonEscapeNonAscii
    if ($native.Count -gt 0) { return (ConvertTo-Json -InputObject $InputObject -Depth 12 -Compress @native) }
    $json = ConvertTo-Json -InputObject $InputObject -Depth 12 -Compress
    if ($json -notmatch '[^\x00-\x7F]') { return $json }  # already ASCII (ping, most errors): no per-character pass
    $sb = New-Object System.Text.StringBuilder ($json.Length + 16)
    foreach ($ch in $json.ToCharArray()) {
        if ([int]$ch -lt 128) { [void]$sb.Append($ch) } else { [void]$sb.Append(('\u{0:x4}' -f [int]$ch)) }
    }
    return $sb.ToString()
}

function Initialize-ThsStreams {
    <#
    .SYNOPSIS
    Opens stdout / stderr as UTF-8 (no BOM) writers that flush every line.
    #>
    $utf8 = New-Object System.Text.UTF8Encoding($false)
    $script:ThsOut = New-Object System.IO.StreamWriter([Console]::OpenStandardOutput(), $utf8)
    $script:ThsOut.AutoFlush = $true
    $script:ThsOut.NewLine = "`n"
    $script:ThsErr = New-Object System.IO.StreamWriter([Console]::OpenStandardError(), $utf8)
    $script:ThsErr.AutoFlush = $true
    $script:ThsErr.NewLine = "`n"
}

function Write-ThsLine {
    <#
    .SYNOPSIS
    Writes one protocol object as one line on stdout.
    #>
    param([Parameter(Mandatory = $true)]$Object)
    $script:ThsOut.WriteLine((ConvertTo-ThsAsciiJson -InputObject $Object))
}

function Write-ThsLog {
    <#
    .SYNOPSIS
    A diagnostic line on stderr (never stdout); a no-op on the console unless -Verbose.
    #>
    param([string]$Level = 'info', [Parameter(Mandatory = $true)][string]$Message)
    if ($null -ne $script:ThsErr) {
        $script:ThsErr.WriteLine(('[' + $Level + '] ' + $Message))
    } else {
        Write-Verbose ('[' + $Level + '] ' + $Message)
    }
}

function Write-ThsEvent {
    <#
    .SYNOPSIS
    Tells the bridge how far the current request got (e.g. 'submitting' right before a submit click).
    #>
    param([Parameter(Mandatory = $true)][ValidateSet('submitting', 'submitted', 'answered')][string]$Event)
    if ($null -ne $script:ThsOut -and $null -ne $script:ThsRequest.Id) {
        Write-ThsLine -Object ([ordered]@{ type = 'event'; id = $script:ThsRequest.Id; event = $Event })
    }
    if ($Event -eq 'submitting') { $script:ThsRequest.Submitted = $true }
    $pause = $script:ThsOptions.TestPauseAt
    if ($pause -and $pause -eq $Event) {
        # Test hook for the crash tests: stop here until killed (bounded so a forgotten worker still ends).
        Write-ThsLog -Level 'warn' -Message ('TestPauseAt: paused at ' + $Event)
        Start-Sleep -Milliseconds $script:TEST_PAUSE_MS
    }
}

function Get-ThsArg {
    <#
    .SYNOPSIS
    One argument of a request's args object, or the default.
    #>
    param($ArgsObject, [string]$Name, $Default = $null)
    if ($null -eq $ArgsObject) { return $Default }
    $p = $ArgsObject.PSObject.Properties[$Name]
    if ($null -eq $p -or $null -eq $p.Value) { return $Default }
    return $p.Value
}

function Get-ThsColumnsArg {
    <#
    .SYNOPSIS
    A list-of-column-names argument: absent or null gives $null (every column); otherwise it must be a non-empty JSON
    array of non-empty strings, or bad_request names the argument and what was expected.
    #>
    param($ArgsObject, [Parameter(Mandatory = $true)][string]$Name, [Parameter(Mandatory = $true)][string]$Command)
    if ($null -eq $ArgsObject) { return $null }
    $p = $ArgsObject.PSObject.Properties[$Name]   # not Get-ThsArg: its return would unroll [] into nothing
    if ($null -eq $p) { return $null }
    $value = $p.Value
    if ($null -eq $value) { return $null }
    $bad = $Command + ': ' + $Name + ' must be a non-empty array of column names (strings), e.g. ["合同编号","证券代码"]'
    if (($value -is [string]) -or -not ($value -is [System.Collections.IList])) { throw (New-ThsError -Code 'bad_request' -Message $bad) }
    $names = [System.Collections.Generic.List[string]]::new()
    foreach ($v in $value) {
        if (-not ($v -is [string]) -or $v.Trim() -eq '') { throw (New-ThsError -Code 'bad_request' -Message $bad) }
        $names.Add($v.Trim())
    }
    if ($names.Count -eq 0) { throw (New-ThsError -Code 'bad_request' -Message $bad) }
    return , $names.ToArray()
}
