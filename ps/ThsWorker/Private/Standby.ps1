# Standby.ps1 - the spare worker (Initialize-ThsWorker -Standby): started ahead of need, it loads the port's code,
# says so with a standby line, and waits for the bridge's activate line before it touches the client or the
# simulated client's state file (docs/PROTOCOL.md "The standby worker").

function Wait-ThsActivation {
    <#
    .SYNOPSIS
    The spare's wait: loads the port's code (Initialize-Port -CodeOnly), prints the standby line, then reads lines until
    {"type":"activate"}. Returns $null once activated (the caller goes on as a normal start), 0 at end of input (the
    server no longer needs the spare), 3 when the port's code cannot load (a failed line says why).
    #>
    param([Parameter(Mandatory = $true)][System.IO.TextReader]$Reader)
    $backend = $script:ThsOptions.Backend
    try {
        $code = Initialize-Port -CodeOnly
    } catch {
        $err = $_
        $code = @{ Ok = $false; Reason = ('window port failed to start: ' + $err.Exception.Message) }
    }
    if (-not $code.Ok) {
        Write-ThsLine -Object ([ordered]@{ type = 'failed'; reason = $code.Reason; languageMode = [string]$ExecutionContext.SessionState.LanguageMode; backend = $backend })
        return 3
    }
    $standby = New-ThsStartLine -Type 'standby'
    $standby['warmupMs'] = Invoke-ThsStandbyWarmup
    Write-ThsLine -Object $standby
    while ($true) {
        $line = $Reader.ReadLine()
        if ($null -eq $line) { return 0 }
        if ($line.Trim() -eq '') { continue }
        if (Test-ThsActivateLine -Line $line) { return $null }
        $id = $null
        try { $id = Get-ThsArg (ConvertFrom-Json -InputObject $line) 'id' } catch { $id = $null }
        Write-ThsLine -Object ([ordered]@{ id = $id; ok = $false; error = [ordered]@{ code = 'bad_request'; message = 'this worker is a standby: send {"type":"activate"} first'; submitted = $false } })
    }
}

function Test-ThsActivateLine {
    <#
    .SYNOPSIS
    True when a stdin line is the bridge's {"type":"activate"}.
    #>
    param([Parameter(Mandatory = $true)][string]$Line)
    try {
        $o = ConvertFrom-Json -InputObject $Line
    } catch {
        return $false
    }
    return ($o -is [System.Management.Automation.PSCustomObject] -and [string](Get-ThsArg $o 'type' '') -eq 'activate')
}

function Invoke-ThsStandbyWarmup {
    <#
    .SYNOPSIS
    The simulated backend only: runs the read commands once against a scratch copy of the sample (never the state
    file), so the first command after activation does not pay PowerShell's first-call compile. The scratch client is
    dropped and the port left uninitialized whatever happens: activation starts it on the real state file. Returns the
    milliseconds it took (0 on Win32, where a read would drive the client).
    #>
    if ($script:ThsOptions.Backend -ne 'sim') { return 0 }
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $scratch = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'ths-standby-warmup-' + $PID + '.json')
    try {
        $r = Initialize-Port -SimState $scratch -SimSample $script:ThsOptions.SimSample
        if ($r.Ok) {
            $script:ThsPortReady = $true
            foreach ($cmd in $script:STANDBY_WARMUP_COMMANDS) {
                [void](ConvertTo-ThsAsciiJson -InputObject (Invoke-ThsRequest -Line ('{"id":null,"cmd":"' + $cmd + '"}')))
            }
        }
    } catch {
        $err = $_
        Write-ThsLog -Level 'warn' -Message ('standby warm-up failed (activation starts the port anyway): ' + $err.Exception.Message)
    } finally {
        $script:ThsPortReady = $false
        Reset-ThsWindowCache
        try {
            [System.IO.File]::Delete($scratch)   # no error when it was never written
        } catch {
            $err = $_
            Write-ThsLog -Level 'warn' -Message ('standby warm-up: the scratch state ' + $scratch + ' could not be removed: ' + $err.Exception.Message)
        }
    }
    return [int]$watch.ElapsedMilliseconds
}
