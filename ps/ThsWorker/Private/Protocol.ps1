# Protocol.ps1 - JSON lines over stdin / stdout (ASCII only, UTF-8 streams), the command table and the request loop.

$script:ThsOut = $null
$script:ThsErr = $null
$script:ThsCurrentId = $null
$script:ThsSubmittedId = $null

function ConvertTo-ThsAsciiJson {
    <#
    .SYNOPSIS
    Compact JSON with every non-ASCII character escaped as \uXXXX, so no code page can garble it.
    #>
    param([AllowNull()]$InputObject)
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
    param([Parameter(Mandatory = $true)][string]$Event)
    if ($null -ne $script:ThsOut -and $null -ne $script:ThsCurrentId) {
        Write-ThsLine -Object ([ordered]@{ type = 'event'; id = $script:ThsCurrentId; event = $Event })
    }
    if ($Event -eq 'submitting') { $script:ThsSubmittedId = $script:ThsCurrentId }
    $pause = [Environment]::GetEnvironmentVariable('THS_TEST_PAUSE_AT')
    if ($pause -and $pause -eq $Event) {
        # Test hook for the crash tests: stop here until killed (bounded so a forgotten worker still ends).
        Write-ThsLog -Level 'warn' -Message ('THS_TEST_PAUSE_AT: paused at ' + $Event)
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

function Invoke-ThsCommand {
    <#
    .SYNOPSIS
    Runs one protocol command and returns its result object (throws a ThsError on failure).
    #>
    param([Parameter(Mandatory = $true)][string]$Cmd, $ArgsObject)
    switch ($Cmd) {
        'ping' { return [ordered]@{ pong = $true; pid = $PID } }
        'status' { return (Get-ThsStatus) }
        'balance' {
            $b = Get-ThsBalance
            $entries = New-Object System.Collections.ArrayList
            foreach ($k in $b.Keys) { [void]$entries.Add(@($k, $b[$k])) }
            return [ordered]@{ entries = $entries.ToArray() }
        }
        'position' {
            $p = Get-ThsPosition
            return [ordered]@{ columns = $p.Columns; rows = $p.Rows; read = $script:ThsLastGridRead }
        }
        'orders' {
            $p = Get-ThsTodayOrders
            return [ordered]@{ columns = $p.Columns; rows = $p.Rows }
        }
        'trades' {
            $p = Get-ThsTodayTrades
            return [ordered]@{ columns = $p.Columns; rows = $p.Rows }
        }
        'order' {
            $side = [string](Get-ThsArg $ArgsObject 'side' '')
            if ($side -ne 'buy' -and $side -ne 'sell') { throw (New-ThsError -Code 'bad_request' -Message 'order: side must be buy or sell') }
            $sideName = 'Sell'
            if ($side -eq 'buy') { $sideName = 'Buy' }
            $order = @{
                Side     = $sideName
                Code     = [string](Get-ThsArg $ArgsObject 'code' '')
                Exchange = [string](Get-ThsArg $ArgsObject 'exchange' '')
                Price    = [string](Get-ThsArg $ArgsObject 'price' '')
                Amount   = [string](Get-ThsArg $ArgsObject 'amount' '')
                PriceType = [string](Get-ThsArg $ArgsObject 'priceType' '')
            }
            try {
                return (Invoke-ThsOrder @order)
            } catch [System.Management.Automation.ParameterBindingException] {
                throw (New-ThsError -Code 'bad_request' -Message ('order: ' + $_.Exception.Message))
            }
        }
        'ipo' {
            $p = Get-ThsIpoOffers
            return [ordered]@{ columns = $p.Columns; rows = $p.Rows; read = $script:ThsLastGridRead }
        }
        'ipo_subscribe' { return (Invoke-ThsIpoSubscribe -Code ([string](Get-ThsArg $ArgsObject 'code' ''))) }
        'refresh' { return (Invoke-ThsRefresh -Trigger ([string](Get-ThsArg $ArgsObject 'trigger' 'request'))) }
        'cancel' {
            try {
                return (Invoke-ThsCancel -EntrustNo ([string](Get-ThsArg $ArgsObject 'entrustNo' '')) -Scope ([string](Get-ThsArg $ArgsObject 'scope' '')))
            } catch [System.Management.Automation.ParameterBindingException] {
                throw (New-ThsError -Code 'bad_request' -Message ('cancel: ' + $_.Exception.Message))
            }
        }
        'sim' { return (Invoke-ThsSimControl -ArgsObject $ArgsObject) }
        default { throw (New-ThsError -Code 'bad_request' -Message ('unknown command: ' + $Cmd)) }
    }
}

function Invoke-ThsRequest {
    <#
    .SYNOPSIS
    Handles one request line: parses it, runs the command with warnings / verbose / information sent to stderr,
    and returns the reply object.
    #>
    param([Parameter(Mandatory = $true)][string]$Line)
    try {
        $req = ConvertFrom-Json -InputObject $Line
    } catch {
        return [ordered]@{ id = $null; ok = $false; error = [ordered]@{ code = 'bad_request'; message = 'request is not JSON'; submitted = $false } }
    }
    $id = Get-ThsArg $req 'id'
    $cmd = [string](Get-ThsArg $req 'cmd' '')
    $script:ThsCurrentId = $id
    try {
        $out = @(Invoke-ThsCommand -Cmd $cmd -ArgsObject (Get-ThsArg $req 'args') 3>&1 4>&1 5>&1 6>&1)
        $result = $null
        foreach ($o in $out) {
            if ($o -is [System.Management.Automation.WarningRecord] -or $o -is [System.Management.Automation.VerboseRecord] -or
                $o -is [System.Management.Automation.DebugRecord] -or $o -is [System.Management.Automation.InformationRecord]) {
                Write-ThsLog -Level 'stream' -Message ([string]$o)
            } else {
                if ($null -ne $result) { Write-ThsLog -Level 'warn' -Message ('stray output from ' + $cmd + ': ' + [string]$result) }
                $result = $o
            }
        }
        return [ordered]@{ id = $id; ok = $true; result = $result }
    } catch {
        $err = $_
        $info = ConvertTo-ThsErrorInfo -ErrorRecord $err
        # Whatever failed after the submit click, the order may exist: say so.
        if ($null -ne $id -and $script:ThsSubmittedId -eq $id) { $info.submitted = $true }
        if ($info.code -eq 'internal') { Write-ThsLog -Level 'error' -Message ($info.message + "`n" + $err.ScriptStackTrace) }
        return [ordered]@{ id = $id; ok = $false; error = $info }
    } finally {
        $script:ThsCurrentId = $null
    }
}

function Start-ThsWorker {
    <#
    .SYNOPSIS
    The worker: announces itself with a ready (or failed) line, then answers one JSON request per stdin line until EOF.
    Returns the process exit code (0 on EOF, 3 when it could not start).
    #>
    [CmdletBinding()]
    param()
    Set-StrictMode -Version 3.0
    $ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    Initialize-ThsStreams
    $init = Initialize-ThsBackend
    if (-not $init.Ok) {
        Write-ThsLine -Object ([ordered]@{ type = 'failed'; reason = $init.Reason; languageMode = [string]$ExecutionContext.SessionState.LanguageMode; backend = $script:ThsBackend })
        return 3
    }
    $window = (Get-ThsStatus).window
    if ($script:ThsRequireWindow -and -not $window.found) {
        Write-ThsLine -Object ([ordered]@{ type = 'failed'; reason = 'no trading window found (title containing 交易系统): log in to the THS client first'; backend = $script:ThsBackend })
        return 3
    }
    Write-ThsLine -Object ([ordered]@{
            type          = 'ready'
            pid           = $PID
            psVersion     = $PSVersionTable.PSVersion.ToString()
            psEdition     = [string]$PSVersionTable.PSEdition
            languageMode  = [string]$ExecutionContext.SessionState.LanguageMode
            backend       = $script:ThsBackend
            scriptVersion = $script:THS_SCRIPT_VERSION
            os            = [Environment]::OSVersion.VersionString
            window        = $window
        })
    $reader = New-Object System.IO.StreamReader([Console]::OpenStandardInput(), (New-Object System.Text.UTF8Encoding($false)))
    while ($true) {
        $line = $reader.ReadLine()
        if ($null -eq $line) { break }
        if ($line.Trim() -eq '') { continue }
        Write-ThsLine -Object (Invoke-ThsRequest -Line $line)
    }
    return 0
}
