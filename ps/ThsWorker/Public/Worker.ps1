# Worker.ps1 - the worker's life: Initialize-ThsWorker (options and the window port), Start-ThsWorker (the ready
# line and the request loop), Invoke-ThsRequest (one request line -> one reply), Initialize-ThsBackend / Assert-ThsPort.

# The options of Initialize-ThsWorker (the entry script passes its parameters on).
$script:ThsOptions = @{ Initialized = $false; Backend = ''; SimState = ''; SimSample = ''; ExportDir = ''; TestPauseAt = ''; RequireWindow = $false; ResultDisplay = 'popup'; ClientExe = ''; ClientPid = 0 }
$script:ThsPortReady = $false
$script:ThsPortModule = $null

function Initialize-ThsWorker {
    <#
    .SYNOPSIS
    Sets the worker's options and loads its window port (ThsPort.Win32 or ThsPort.Sim); call it once before any other
    worker function. Starts nothing: the port (and the simulated client's state file) comes up at the first command.
    .PARAMETER Backend
    Win32 drives the real client through user32 (default on Windows); Sim drives the simulated client (default elsewhere).
    .PARAMETER SimState
    The simulated account's state file (default: ths-sim-state.json in the temp folder; created from SimSample).
    .PARAMETER SimSample
    The sample state a missing SimState is created from (default: ps/sim/sample-state.json).
    .PARAMETER ExportDir
    Where the save-to-file export writes grid files (default: the temp folder). Under Wine, a Z:\ path the simulated
    client can reach.
    .PARAMETER TestPauseAt
    Crash tests only: after printing this event, sleep TEST_PAUSE_MS so the test can kill the worker at that step.
    .PARAMETER RequireWindow
    Start-ThsWorker reports failed (instead of ready) when no trading window is found.
    .PARAMETER ResultDisplay
    Popup (default) or Toast (the client's quick-trade mode: a successful buy or sell shows no popup; see
    Invoke-ThsSubmit).
    .PARAMETER ProfilePort
    Every reply carries a debug field: its window-port calls and the time inside them, the polling sleeps, and the
    worker's own time (PortProfile.ps1). Costs a few microseconds per port call.
    .PARAMETER ClientExe
    Several clients on one PC: drive only the trading window whose process runs this exe (its full path, e.g.
    C:\同花顺\国金证券\xiadan.exe; compared without case). Empty: the first trading window found.
    .PARAMETER ClientPid
    Several clients found by the server's --discover: drive only the trading window of this process id (0: not set;
    it wins over ClientExe; -1: none). Set-ThsClientBinding changes it later (the client was restarted or closed).
    .PARAMETER Standby
    Start-ThsWorker starts as a spare: it loads the port's code, prints a standby line and touches neither the client
    nor the simulated client's state file until a line {"type":"activate"} arrives (Wait-ThsActivation).
    .EXAMPLE
    Import-Module ./ps/ThsWorker/ThsWorker.psd1; Initialize-ThsWorker -Backend Sim -SimState ./my-sim.json; Get-ThsBalance
    #>
    [CmdletBinding()]
    param(
        [ValidateSet('Win32', 'Sim', '')][string]$Backend = '',
        [string]$SimState = '',
        [string]$SimSample = '',
        [string]$ExportDir = '',
        [ValidateSet('', 'submitting', 'submitted', 'answered')][string]$TestPauseAt = '',
        [switch]$RequireWindow,
        [ValidateSet('Popup', 'Toast')][string]$ResultDisplay = 'Popup',
        [switch]$ProfilePort,
        [string]$ClientExe = '',
        [int64]$ClientPid = 0,
        [switch]$Standby
    )
    $ErrorActionPreference = 'Stop'
    if (-not $Backend) {
        $Backend = 'Sim'
        if ([Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT) { $Backend = 'Win32' }
    }
    $name = $Backend.ToLowerInvariant()
    if ($script:ThsOptions.Initialized -and $script:ThsOptions.Backend -ne $name) {
        throw ('This PowerShell session already runs the ' + $script:ThsOptions.Backend + ' backend: start a new session for ' + $name + '.')
    }
    if (-not $SimState) { $SimState = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'ths-sim-state.json') }
    if (-not $SimSample) { $SimSample = [System.IO.Path]::Combine($script:ThsPsRoot, 'sim/sample-state.json') }
    if (-not $ExportDir) { $ExportDir = [System.IO.Path]::GetTempPath() }
    if (-not $script:ThsOptions.Initialized) {
        # Imported into this module's scope only: the caller's session sees the worker's functions, not the port's.
        if ($name -eq 'sim') {
            $script:ThsPortModule = Import-Module ([System.IO.Path]::Combine($script:ThsPsRoot, 'ThsPort.Sim/ThsPort.Sim.psd1')) -Verbose:$false -PassThru
            Import-Module ([System.IO.Path]::Combine($script:ThsPsRoot, 'ThsSimClient/ThsSimClient.psd1')) -Verbose:$false   # the sim-only control
        } else {
            $script:ThsPortModule = Import-Module ([System.IO.Path]::Combine($script:ThsPsRoot, 'ThsPort.Win32/ThsPort.Win32.psd1')) -Verbose:$false -PassThru
        }
    }
    if ($ProfilePort) { Enable-ThsPortProfile -PortModule $script:ThsPortModule }
    $script:ThsOptions = @{
        Initialized = $true; Backend = $name; SimState = $SimState; SimSample = $SimSample; ExportDir = $ExportDir
        TestPauseAt = $TestPauseAt; RequireWindow = [bool]$RequireWindow; ResultDisplay = $ResultDisplay.ToLowerInvariant()
        Standby = [bool]$Standby; ClientExe = $ClientExe; ClientPid = $ClientPid
    }
    $script:ThsPortReady = $false   # new options: the port (re)starts at the next command
    Reset-ThsWindowCache
}

function Initialize-ThsBackend {
    <#
    .SYNOPSIS
    Initializes the window port once; returns @{ Ok; Reason }.
    #>
    if ($script:ThsPortReady) { return @{ Ok = $true; Reason = $null } }
    if (-not $script:ThsOptions.Initialized) {
        return @{ Ok = $false; Reason = 'the worker is not initialized: call Initialize-ThsWorker -Backend Sim|Win32 first (Get-Help Initialize-ThsWorker).' }
    }
    try {
        $r = Initialize-Port -SimState $script:ThsOptions.SimState -SimSample $script:ThsOptions.SimSample
    } catch {
        $err = $_
        return @{ Ok = $false; Reason = ('window port failed to start: ' + $err.Exception.Message) }
    }
    if ($r.Ok) { $script:ThsPortReady = $true }
    return $r
}

function Assert-ThsPort {
    <#
    .SYNOPSIS
    Makes sure the port is initialized (throws internal with the reason when it cannot start).
    #>
    $r = Initialize-ThsBackend
    if (-not $r.Ok) { throw (New-ThsError -Code 'internal' -Message $r.Reason) }
}

function Invoke-ThsRequest {
    <#
    .SYNOPSIS
    Handles one request line: parses it, runs the command with warnings / verbose / information sent to stderr,
    and returns the reply object (docs/PROTOCOL.md).
    .EXAMPLE
    Import-Module ./ps/ThsWorker/ThsWorker.psd1; Initialize-ThsWorker -Backend Sim; Invoke-ThsRequest -Line '{"id":1,"cmd":"balance"}'
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string]$Line)
    if ($null -eq $script:ThsPortProfile) { return (Invoke-ThsRequestLine -Line $Line) }
    Reset-ThsPortProfile
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $reply = Invoke-ThsRequestLine -Line $Line
    $reply['debug'] = Get-ThsPortProfile -TotalMs $watch.Elapsed.TotalMilliseconds
    return $reply
}

function Invoke-ThsRequestLine {
    <#
    .SYNOPSIS
    Invoke-ThsRequest without the port profile: the request line parsed, run, answered.
    #>
    param([Parameter(Mandatory = $true)][string]$Line)
    try {
        $req = ConvertFrom-Json -InputObject $Line
    } catch {
        return [ordered]@{ id = $null; ok = $false; error = [ordered]@{ code = 'bad_request'; message = 'request is not JSON'; submitted = $false } }
    }
    $id = Get-ThsArg $req 'id'
    $cmd = [string](Get-ThsArg $req 'cmd' '')
    $script:ThsRequest = @{ Id = $id; Submitted = $false }
    $script:ThsBrokerLinkSeen = $null
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
        $result = Add-ThsBrokerLinkFact -Result $result   # BrokerLink.ps1: the link this command saw, for /health
        return [ordered]@{ id = $id; ok = $true; result = $result }
    } catch {
        $err = $_
        $info = ConvertTo-ThsErrorInfo -ErrorRecord $err
        # Whatever failed after the submit click, the order may exist: say so.
        if ($script:ThsRequest.Submitted) { $info.submitted = $true }
        if ($info.code -eq 'internal') { Write-ThsLog -Level 'error' -Message ($info.message + "`n" + $err.ScriptStackTrace) }
        return [ordered]@{ id = $id; ok = $false; error = $info }
    } finally {
        $script:ThsRequest = @{ Id = $null; Submitted = $false }
    }
}

function New-ThsStartLine {
    <#
    .SYNOPSIS
    The facts a ready or standby line opens with: type, pid, PowerShell version and edition, language mode, backend,
    script version (docs/PROTOCOL.md "Start").
    #>
    param([Parameter(Mandatory = $true)][ValidateSet('ready', 'standby')][string]$Type)
    return [ordered]@{
        type          = $Type
        pid           = $PID
        psVersion     = $PSVersionTable.PSVersion.ToString()
        psEdition     = [string]$PSVersionTable.PSEdition
        languageMode  = [string]$ExecutionContext.SessionState.LanguageMode
        backend       = $script:ThsOptions.Backend
        scriptVersion = $script:THS_SCRIPT_VERSION
    }
}

function Start-ThsWorker {
    <#
    .SYNOPSIS
    The worker: announces itself with a ready (or failed) line, then answers one JSON request per stdin line until EOF.
    Returns the process exit code (0 on EOF, 3 when it could not start). Call Initialize-ThsWorker first.
    #>
    [CmdletBinding()]
    [OutputType([int])]
    param()
    $ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'
    Initialize-ThsStreams
    $backend = $script:ThsOptions.Backend
    $reader = New-Object System.IO.StreamReader([Console]::OpenStandardInput(), (New-Object System.Text.UTF8Encoding($false)))
    if ($script:ThsOptions.Standby) {
        $activated = Wait-ThsActivation -Reader $reader
        if ($null -ne $activated) { return $activated }
    }
    $init = Initialize-ThsBackend
    if (-not $init.Ok) {
        Write-ThsLine -Object ([ordered]@{ type = 'failed'; reason = $init.Reason; languageMode = [string]$ExecutionContext.SessionState.LanguageMode; backend = $backend })
        return 3
    }
    $window = (Get-ThsStatus).window
    if ($script:ThsOptions.RequireWindow -and -not $window.found) {
        Write-ThsLine -Object ([ordered]@{ type = 'failed'; reason = 'no trading window found (title containing 交易系统): log in to the THS client first'; backend = $backend })
        return 3
    }
    $ready = New-ThsStartLine -Type 'ready'
    $ready['commands'] = @(Get-ThsCommandNames)
    $ready['os'] = [Environment]::OSVersion.VersionString
    $ready['window'] = $window
    if ($init.ContainsKey('TimerMs')) { $ready['timerMs'] = $init.TimerMs }   # win32: the timer Windows granted (docs/PROTOCOL.md)
    Write-ThsLine -Object $ready
    while ($true) {
        $line = $reader.ReadLine()
        if ($null -eq $line) { break }
        if ($line.Trim() -eq '') { continue }
        Write-ThsLine -Object (Invoke-ThsRequest -Line $line)
    }
    return 0
}
