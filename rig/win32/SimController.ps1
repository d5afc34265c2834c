#requires -Version 5.1
<#
.SYNOPSIS
Renders the simulated xiadan (the ps/ThsSimClient module) into real Win32 windows: starts the double
(xiadan_double.exe) under Wine, keeps its windows equal to the model's, and feeds what happens to those windows back
into the model.

.DESCRIPTION
Runs under the Linux pwsh. The model decides everything; the double only shows it and forwards events
(rig/win32/double/xiadan_double.c describes the line protocol). Loop: wait for an event from the double (bounded by
the model's next timed event), deliver it with Invoke-SimMessage, Step-SimClient, then answer with the ops that make
the double's windows equal to the model's again; when no event comes in time, Step-SimClient and push the ops
unsolicited (late labels, late popups).
Prints one line on stdout when the double shows the initial tree:
    {"type":"ready","pid":<this pid>,"doublePid":<the double's Windows pid>,"doubleProcessId":<its Linux pid>}
A line {"type":"windows"} on stdin (a test asking what the model behind the double holds) is answered on stdout with
    {"type":"windows","windows":[<Get-SimWindows: Id, ClassName, ControlId, Text, ... TreeItems, SelectedItem>]}
Diagnostics go to stderr. Exits when its stdin closes or the double exits; the double is stopped on exit.

.PARAMETER StatePath
The simulated account's state file (Initialize-SimClient -StatePath).

.PARAMETER SamplePath
The sample state used when StatePath does not exist yet.

.PARAMETER Win32Dir
The built bench (default: .tools/win32 of this repository, or THS_WIN32_DIR).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateNotNullOrEmpty()][string]$StatePath,
    [string]$SamplePath = '',
    [string]$Win32Dir = '',
    # Another copy of the double to run (several clients on one PC are told apart by their exe path); default the build's.
    [string]$DoubleExe = ''
)

$script:CTRL_IDLE_STEP_MS = 100          # longest wait for an event before the model is stepped anyway
$script:CTRL_DOUBLE_READY_TIMEOUT_MS = 60000   # Wine cold start of the double: ~1 s warm, 10+ s on a cold prefix
$script:CTRL_APPLY_TIMEOUT_MS = 15000    # the double acknowledges the initial tree (hundreds of windows at most)
$script:CTRL_DOUBLE_EXIT_TIMEOUT_MS = 3000   # the double exits after its stdin closes

# ConvertTo-Json -EscapeHandling EscapeNonAscii where this PowerShell has it (6.2+), splatted so 5.1 parses the file.
$script:CtrlEscapeNonAscii = @{}
if ((Get-Command ConvertTo-Json).Parameters.ContainsKey('EscapeHandling')) { $script:CtrlEscapeNonAscii = @{ EscapeHandling = 'EscapeNonAscii' } }
$script:CtrlTrace = [bool][Environment]::GetEnvironmentVariable('THS_WIN32_TRACE')
$script:CtrlRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)

function Write-CtrlLog {
    <#
    .SYNOPSIS
    One diagnostic line on stderr.
    #>
    param([string]$Message)
    [Console]::Error.WriteLine('SimController: ' + $Message)
}

function ConvertTo-CtrlJson {
    <#
    .SYNOPSIS
    Compact JSON, pure ASCII (\uXXXX for everything else), so Chinese survives any code page.
    #>
    param($Value)
    # The controller runs on Linux pwsh 7, whose ConvertTo-Json escapes non-ASCII itself: the same bytes as the
    # regex pass below, without a script block per character (1-2 ms on every reply to the double).
    if ($script:CtrlEscapeNonAscii.Count -gt 0) { return (ConvertTo-Json -InputObject $Value -Compress -Depth 10 @script:CtrlEscapeNonAscii) }
    $json = ConvertTo-Json -InputObject $Value -Compress -Depth 10
    return [regex]::Replace($json, '[^\x00-\x7F]', { param($m) '\u{0:x4}' -f [int][char]$m.Value })
}

function Get-CtrlShownKeys {
    <#
    .SYNOPSIS
    For every model window, by id: KeyOf, the attributes that need a new Win32 window when they change (a tree's items
    are inserted only when the double creates it, so they are part of it); PartsOf, a status bar's part texts
    tab-separated as the double sets them (SB_SETPARTS + SB_SETTEXTW), '' for other windows. Returns @{ KeyOf; PartsOf }.
    .DESCRIPTION
    One call for all windows: this runs at every event, and a function call per window cost most of it.
    #>
    param([AllowEmptyCollection()][object[]]$Windows)
    $keys = @{}
    $parts = @{}
    foreach ($w in $Windows) {
        $key = [string]$w.Parent + '|' + [string]$w.Owner + '|' + [string]$w.ClassName + '|' + [string]$w.ControlId
        if ($w.ContainsKey('TreeItems')) {
            foreach ($i in (Get-CtrlTreeItems $w)) { $key += ('|{0}<{1}:{2}' -f $i.item, $i.parent, $i.text) }
        }
        $text = ''
        if ($w.ContainsKey('Parts')) { $text = (@($w.Parts) -join "`t") }
        $keys[[int64]$w.Id] = $key
        $parts[[int64]$w.Id] = $text
    }
    return @{ KeyOf = $keys; PartsOf = $parts }
}

function Get-CtrlTreeItems {
    <#
    .SYNOPSIS
    A tree window's items as the double's create op carries them, @{ item; parent; text }[] in tree order; $null for a
    window without TreeItems.
    #>
    param($Window)
    if (-not $Window.ContainsKey('TreeItems')) { return $null }
    return , @(foreach ($i in @($Window.TreeItems)) { @{ item = [int64]$i.Handle; parent = [int64]$i.Parent; text = [string]$i.Text } })
}

function Get-CtrlOps {
    <#
    .SYNOPSIS
    Ops that make the double's windows (and clipboard) equal to the model's; updates what it shows.
    .DESCRIPTION
    Runs at every event and idle step, so it looks only at what the model changed since the last call
    (Get-SimWindowChanges) and at windows not shown yet; the other windows are as the double shows them.
    #>
    $ops = New-Object System.Collections.ArrayList
    $delta = Get-SimWindowChanges -Since $script:ShownRevision
    $script:ShownRevision = $delta.Revision
    $changed = @{}
    foreach ($w in $delta.Changed) { $changed[[int64]$w.Id] = $w }
    # The windows to look at, in the model's order: the changed ones, and any the double does not show yet (a parent
    # or owner was missing last time).
    $inModel = New-Object 'System.Collections.Generic.HashSet[int64]'
    $model = @{}
    $order = New-Object System.Collections.ArrayList
    foreach ($id in $delta.Ids) {
        [void]$inModel.Add($id)
        $w = $changed[$id]
        if ($null -eq $w) {
            if ($script:Shown.ContainsKey($id)) { continue }
            $w = Get-SimWindow -Id $id
        }
        $model[$id] = $w
        [void]$order.Add($w)
    }
    $now = Get-CtrlShownKeys -Windows $order.ToArray()
    # Gone, or changed in what a Win32 window cannot change: destroy (children of a destroyed window go with it).
    $gone = @{}
    foreach ($id in @($script:Shown.Keys)) {
        if (-not $inModel.Contains($id)) { $gone[$id] = $true }
        elseif ($model.ContainsKey($id) -and $now.KeyOf[$id] -ne $script:Shown[$id].Key) { $gone[$id] = $true }
    }
    foreach ($id in @($gone.Keys)) {
        $parent = [int64]$script:Shown[$id].Parent
        if (-not $gone.ContainsKey($parent)) { [void]$ops.Add(@{ op = 'destroy'; id = $id }) }
    }
    foreach ($id in @($gone.Keys)) { $script:Shown.Remove($id) }
    # New windows, parents and owners first, each created hidden; the visible ones are shown after the last create,
    # children before parents, so a window appears with its children, as a real dialog does: a poll from another
    # process never finds a popup without its text and buttons.
    $appear = New-Object System.Collections.ArrayList
    $pending = New-Object System.Collections.ArrayList
    foreach ($w in $order) { if (-not $script:Shown.ContainsKey([int64]$w.Id)) { [void]$pending.Add($w) } }
    $progress = $true
    while ($pending.Count -gt 0 -and $progress) {
        $progress = $false
        foreach ($w in @($pending)) {
            $p = [int64]$w.Parent
            $o = [int64]$w.Owner
            if (($p -ne 0 -and -not $script:Shown.ContainsKey($p)) -or ($o -ne 0 -and -not $script:Shown.ContainsKey($o))) { continue }
            $create = @{ op = 'create'; id = [int64]$w.Id; parent = $p; owner = $o; className = [string]$w.ClassName
                controlId = [int64]$w.ControlId; text = [string]$w.Text; visible = $false; parts = $now.PartsOf[[int64]$w.Id] }
            $items = Get-CtrlTreeItems $w
            if ($null -ne $items) { $create.items = $items }
            [void]$ops.Add($create)
            if ([bool]$w.Visible) { [void]$appear.Add([int64]$w.Id) }
            $script:Shown[[int64]$w.Id] = @{ Key = $now.KeyOf[[int64]$w.Id]; Parent = $p; Text = [string]$w.Text; Visible = [bool]$w.Visible; Parts = $now.PartsOf[[int64]$w.Id] }
            [void]$pending.Remove($w)
            $progress = $true
        }
    }
    foreach ($w in $pending) { Write-CtrlLog ('window ' + $w.Id + ' has a parent or owner that does not exist: not shown') }
    for ($i = $appear.Count - 1; $i -ge 0; $i--) { [void]$ops.Add(@{ op = 'show'; id = $appear[$i]; visible = $true }) }
    # Texts and visibility of the changed windows.
    foreach ($w in $order) {
        $s = $script:Shown[[int64]$w.Id]
        if ($null -eq $s) { continue }
        if ([string]$w.Text -cne $s.Text) {
            [void]$ops.Add(@{ op = 'text'; id = [int64]$w.Id; text = [string]$w.Text })
            $s.Text = [string]$w.Text
        }
        $parts = $now.PartsOf[[int64]$w.Id]
        if ($parts -cne $s.Parts) {
            [void]$ops.Add(@{ op = 'parts'; id = [int64]$w.Id; text = $parts })
            $s.Parts = $parts
        }
        if ([bool]$w.Visible -ne $s.Visible) {
            [void]$ops.Add(@{ op = 'show'; id = [int64]$w.Id; visible = [bool]$w.Visible })
            $s.Visible = [bool]$w.Visible
        }
    }
    $clip = Get-SimClipboard
    if ($null -ne $clip -and $clip.Sequence -ne $script:ShownClipboardSequence) {
        [void]$ops.Add(@{ op = 'clipboard'; text = [string]$clip.Text })
        $script:ShownClipboardSequence = $clip.Sequence
    }
    return , $ops.ToArray()
}

function Initialize-CtrlShown {
    <#
    .SYNOPSIS
    Forgets what the double shows (nothing yet): the next Get-CtrlOps creates the model's whole tree.
    #>
    $script:Shown = @{}
    $script:ShownRevision = [int64]-1   # the model's revision the double shows (Get-SimWindowChanges); -1: nothing yet
    $script:ShownClipboardSequence = $null
    $clip = Get-SimClipboard
    if ($null -ne $clip -and -not $clip.Text) { $script:ShownClipboardSequence = $clip.Sequence }
}

function Send-CtrlLine {
    <#
    .SYNOPSIS
    Writes one line to the double.
    #>
    param([string]$Line)
    if ($script:CtrlTrace) { Write-CtrlLog ('send ' + $Line) }
    $script:DoubleIn.Write($Line + "`n")
    $script:DoubleIn.Flush()
}

function Invoke-CtrlEvent {
    <#
    .SYNOPSIS
    Delivers one event from the double to the model and answers with the result and the ops.
    #>
    param($Ev)
    if ($script:CtrlTrace) { Write-CtrlLog ('event ' + (ConvertTo-CtrlJson $Ev)) }
    # A hung client answers nothing: no reply, so the double's handler (and the port's SendMessageTimeout) waits.
    if (Test-SimHung) { Write-CtrlLog ('hung: event ' + $Ev.seq + ' not answered'); return }
    $result = 0
    $msg = $null
    switch ([string]$Ev.ev) {
        'command' {
            # lParam: the model id of a Static whose STN_CLICKED this is (label 1400); absent for a plain command
            $lp = 0
            if ($null -ne $Ev.PSObject.Properties['lParam']) { $lp = [int64]$Ev.lParam }
            $msg = @{ Message = $script:WM_COMMAND; WParam = [int64]$Ev.wParam; LParam = $lp }
        }
        'click' { $msg = @{ Message = $script:BM_CLICK; WParam = 0; LParam = 0 } }
        'settext' { $msg = @{ Message = $script:WM_SETTEXT; WParam = 0; LParam = [string]$Ev.text } }
        'char' { $msg = @{ Message = $script:WM_CHAR; WParam = [int64]$Ev.wParam; LParam = 0 } }
        'setsel' { $msg = @{ Message = $script:EM_SETSEL; WParam = [int64]$Ev.wParam; LParam = [int64]$Ev.lParam } }
        'select' { $msg = @{ Message = $script:CB_SELECTSTRING; WParam = [int64]$Ev.wParam; LParam = [string]$Ev.text } }
        'close' { $msg = @{ Message = $script:WM_CLOSE; WParam = 0; LParam = 0 } }
        # the double's tree told its parent TVN_SELCHANGED: item = the model's number of the item now selected
        'treeselect' { $msg = @{ Message = $script:TVM_SELECTITEM; WParam = $script:TVGN_CARET; LParam = [int64]$Ev.item } }
        default { Write-CtrlLog ('unknown event ' + $Ev.ev) }
    }
    if ($null -ne $msg) {
        try {
            $r = Invoke-SimMessage -Id ([int64]$Ev.id) -Message $msg.Message -WParam $msg.WParam -LParam $msg.LParam
            if ($null -ne $r -and $null -ne $r.Result) {
                if ($r.Result -is [bool]) { $result = [int]$r.Result } else { $result = [int64]$r.Result }
            }
        } catch {
            $err = $_
            Write-CtrlLog ('model failed on ' + $Ev.ev + ' to ' + $Ev.id + ': ' + $err.Exception.Message)
        }
    }
    Step-SimClient
    $ops = Get-CtrlOps
    Send-CtrlLine (ConvertTo-CtrlJson @{ type = 'reply'; seq = [int64]$Ev.seq; result = $result; ops = $ops })
}

function Write-CtrlRequestAnswer {
    <#
    .SYNOPSIS
    Answers one line of our stdin on stdout: {"type":"windows"} gets the model's windows (read only: the model is not
    stepped). Anything else is logged and ignored.
    #>
    param([string]$Line)
    $request = $null
    try { $request = ConvertFrom-Json $Line } catch { Write-CtrlLog ('not JSON on stdin: ' + $Line); return }
    if ($null -eq $request -or $null -eq $request.PSObject.Properties['type'] -or [string]$request.type -ne 'windows') {
        Write-CtrlLog ('unknown request on stdin: ' + $Line)
        return
    }
    [Console]::Out.WriteLine((ConvertTo-CtrlJson @{ type = 'windows'; windows = @(Get-SimWindows) }))
    [Console]::Out.Flush()
}

function Start-CtrlDouble {
    <#
    .SYNOPSIS
    Starts xiadan_double.exe under Wine with redirected stdin / stdout; stderr is ours.
    #>
    param([string]$Exe, [string]$Prefix)
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = 'wine'
    $psi.Arguments = '"' + $Exe + '"'
    $psi.UseShellExecute = $false
    $psi.RedirectStandardInput = $true
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $false
    $psi.StandardOutputEncoding = New-Object System.Text.UTF8Encoding($false)
    $psi.EnvironmentVariables['WINEPREFIX'] = $Prefix
    $psi.EnvironmentVariables['WINEARCH'] = 'win64'
    $psi.EnvironmentVariables['WINEDEBUG'] = '-all'
    $psi.EnvironmentVariables['WINEDLLOVERRIDES'] = 'mshtml='
    $p = [System.Diagnostics.Process]::Start($psi)
    $script:DoubleIn = New-Object System.IO.StreamWriter($p.StandardInput.BaseStream, (New-Object System.Text.UTF8Encoding($false)))
    return $p
}

function Read-CtrlDoubleLine {
    <#
    .SYNOPSIS
    The next line from the double within TimeoutMs: the line, '' on timeout, $null when it closed.
    #>
    param([int]$TimeoutMs)
    if ($null -eq $script:DoubleRead) { $script:DoubleRead = $script:Double.StandardOutput.ReadLineAsync() }
    if (-not $script:DoubleRead.Wait($TimeoutMs)) { return '' }
    $line = $script:DoubleRead.Result
    $script:DoubleRead = $null
    return $line
}

function Start-CtrlLoop {
    <#
    .SYNOPSIS
    Starts the double, shows the initial tree, then serves events until stdin or the double closes.
    #>
    Set-StrictMode -Version 3.0
    $ErrorActionPreference = 'Stop'
    $dir = $Win32Dir
    if (-not $dir) { $dir = [Environment]::GetEnvironmentVariable('THS_WIN32_DIR') }
    if (-not $dir) { $dir = Join-Path $script:CtrlRoot '.tools/win32' }
    $exe = Join-Path $dir 'double/xiadan_double.exe'
    if ($DoubleExe) { $exe = $DoubleExe }
    $prefix = Join-Path $dir 'prefix'
    if (-not (Test-Path $exe)) { Write-CtrlLog ('no double at ' + $exe + ': run rig/win32/setup.sh'); return 2 }

    $sample = $SamplePath
    if (-not $sample) {
        $sample = Join-Path $script:CtrlRoot 'ps/sim/sample-state.json'
        if (-not (Test-Path $sample)) { $sample = '' }
    }

    Import-Module (Join-Path $script:CtrlRoot 'ps/ThsSimClient/ThsSimClient.psd1')
    $facts = Import-PowerShellDataFile -Path (Join-Path $script:CtrlRoot 'ps/xiadan-ui.psd1')
    foreach ($name in @('WM_COMMAND', 'BM_CLICK', 'WM_SETTEXT', 'CB_SELECTSTRING', 'WM_CLOSE', 'WM_CHAR', 'EM_SETSEL', 'TVM_SELECTITEM', 'TVGN_CARET')) { Set-Variable -Scope Script -Name $name -Value $facts[$name] }
    if ($sample) { Initialize-SimClient -StatePath $StatePath -SamplePath $sample | Out-Null }
    else { Initialize-SimClient -StatePath $StatePath | Out-Null }

    Initialize-CtrlShown
    $script:DoubleRead = $null
    $script:Double = Start-CtrlDouble -Exe $exe -Prefix $prefix
    $stdinRead = $null
    try {
        $line = Read-CtrlDoubleLine -TimeoutMs $script:CTRL_DOUBLE_READY_TIMEOUT_MS
        if (-not $line) { Write-CtrlLog ('the double did not start within ' + $script:CTRL_DOUBLE_READY_TIMEOUT_MS + ' ms'); return 2 }
        $ready = ConvertFrom-Json $line
        if ($ready.type -ne 'ready') { Write-CtrlLog ('unexpected first line from the double: ' + $line); return 2 }

        Step-SimClient
        Send-CtrlLine (ConvertTo-CtrlJson @{ type = 'ops'; seq = 1; ops = (Get-CtrlOps) })
        $deadline = [Diagnostics.Stopwatch]::StartNew()
        while ($true) {
            $left = $script:CTRL_APPLY_TIMEOUT_MS - [int]$deadline.ElapsedMilliseconds
            if ($left -le 0) { Write-CtrlLog 'the double did not apply the initial tree in time'; return 2 }
            $line = Read-CtrlDoubleLine -TimeoutMs $left
            if ($null -eq $line) { Write-CtrlLog 'the double exited during start'; return 2 }
            if ($line -and (ConvertFrom-Json $line).type -eq 'applied') { break }
        }
        [Console]::Out.WriteLine((ConvertTo-CtrlJson @{ type = 'ready'; pid = $PID; doublePid = [int64]$ready.pid; doubleProcessId = $script:Double.Id }))
        [Console]::Out.Flush()

        $seq = 1
        # Not [Console]::In: its ReadLineAsync blocks. A reader over the raw stream reads on the thread pool.
        $stdin = New-Object System.IO.StreamReader([Console]::OpenStandardInput(), (New-Object System.Text.UTF8Encoding($false)))
        $stdinRead = $stdin.ReadLineAsync()
        while ($true) {
            if ($stdinRead.IsCompleted) {
                if ($null -eq $stdinRead.Result) { Write-CtrlLog 'stdin closed: stopping'; return 0 }
                if ($stdinRead.Result) { Write-CtrlRequestAnswer -Line $stdinRead.Result }
                $stdinRead = $stdin.ReadLineAsync()
            }
            if ($script:Double.HasExited) { Write-CtrlLog ('the double exited (' + $script:Double.ExitCode + ')'); return 1 }
            $wait = Get-SimNextDueMs
            if ($wait -lt 0 -or $wait -gt $script:CTRL_IDLE_STEP_MS) { $wait = $script:CTRL_IDLE_STEP_MS }
            $line = Read-CtrlDoubleLine -TimeoutMs ([int]$wait)
            if ($null -eq $line) { Write-CtrlLog 'the double closed its stdout'; return 1 }
            if ($line) {
                $msg = $null
                try { $msg = ConvertFrom-Json $line } catch { Write-CtrlLog ('not JSON from the double: ' + $line) }
                if ($null -ne $msg -and $msg.type -eq 'event') { Invoke-CtrlEvent -Ev $msg }
                continue
            }
            Step-SimClient
            $ops = Get-CtrlOps
            if ($ops.Count -gt 0) {
                $seq++
                Send-CtrlLine (ConvertTo-CtrlJson @{ type = 'ops'; seq = $seq; ops = $ops })
            }
        }
    } finally {
        Stop-CtrlDouble
    }
}

function Stop-CtrlDouble {
    <#
    .SYNOPSIS
    Closes the double's stdin (it exits), then kills it when it has not exited in time.
    #>
    if ($null -eq $script:Double) { return }
    try { $script:DoubleIn.Close() } catch { Write-CtrlLog 'closing the double stdin failed' }
    if (-not $script:Double.WaitForExit($script:CTRL_DOUBLE_EXIT_TIMEOUT_MS)) {
        Write-CtrlLog 'the double did not exit: killing it'
        try { $script:Double.Kill() } catch { Write-CtrlLog 'kill failed (already gone?)' }
    }
    $script:Double = $null
}

if ($MyInvocation.InvocationName -eq '.') { return }
exit (Start-CtrlLoop)
