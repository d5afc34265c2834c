# SimClient.ps1 - the simulated client's life: Initialize-SimClient, the state's accessors, the clock and its timed
# events (Step-SimClient), posted messages, the clipboard. Dot-sourced by ../ThsSimClient.psm1.

$script:SimState = $null
$script:SimStatePath = $null
# The posted messages and timed events that wait for Step-SimClient: the same two lists for the module's life
# (Initialize-SimClient empties them), so the port can hold them (Get-SimPending) and look before it calls.
$script:SimPosted = [System.Collections.ArrayList]::new()
$script:SimEvents = [System.Collections.ArrayList]::new()

function Initialize-SimClient {
    <#
    .SYNOPSIS
    Loads the state (creating StatePath from SamplePath when it is missing; the sample is never written), builds the
    window tree and shows the state's leftover popups (then removes them from the file).
    .EXAMPLE
    Initialize-SimClient -StatePath $env:TEMP\sim.json -SamplePath ps\sim\sample-state.json
    #>
    param([Parameter(Mandatory = $true)][string]$StatePath, [string]$SamplePath = '')
    $full = [System.IO.Path]::GetFullPath($StatePath)
    if ([System.IO.File]::Exists($full)) {
        $state = Read-SimStateFile -Path $full
    } else {
        if (-not $SamplePath -or -not [System.IO.File]::Exists($SamplePath)) {
            throw ('The simulated client state ' + $full + ' does not exist and no sample was given to create it from (-SamplePath ps/sim/sample-state.json).')
        }
        $state = Read-SimStateFile -Path $SamplePath
    }
    Initialize-SimStateDefaults -State $state -Path $full
    $script:SimState = $state
    $script:SimStatePath = $full
    $script:SimClock = [System.Diagnostics.Stopwatch]::StartNew()
    $script:SimEvents.Clear()
    $script:SimPosted.Clear()
    $script:SimEventSeq = 0
    $script:SimClipboard = @{ Text = $null; Sequence = [uint32]1 }
    $script:SimForms = @{}   # trade page id -> @{ PriceByClient } (the price edit was filled by the client itself)
    Initialize-SimWindowTree
    New-SimStatusBar   # SimBrokerLink.ps1: the broker link (client.brokerLink)
    foreach ($p in @($state.client.leftoverPopups)) {
        [void](Show-SimPopup -Title ([string](Get-SimValue -Map $p -Key 'title' -Default '提示')) -Text ([string](Get-SimValue -Map $p -Key 'text' -Default '')))
    }
    $state.client.leftoverPopups = [System.Collections.ArrayList]::new()
    if ($state.client.leftoverCaptcha -eq $true) {
        [void](Show-SimCaptchaDialog -PageId 0 -Purpose 'stale')   # SimCaptcha.ps1: refuses every answer
        $state.client.leftoverCaptcha = $false
    }
    Save-SimState
}

function Get-SimState {
    <#
    .SYNOPSIS
    The live account state (ordered dictionaries), for tests and the sim-only control.
    #>
    return $script:SimState
}

function Save-SimState {
    <#
    .SYNOPSIS
    Writes the state file atomically (temp file + replace). Called after every change.
    #>
    if ($null -eq $script:SimState) { throw 'Save-SimState: the simulated client is not initialized (Initialize-SimClient).' }
    Write-SimStateFile -Path $script:SimStatePath -State $script:SimState
}

function Test-SimHung {
    <#
    .SYNOPSIS
    True when the state says the client is hung (it answers no message and does nothing).
    #>
    return [SimFast]::Hung()   # SimFast.ps1: asked at every simulated message
}

function Get-SimClipboard {
    <#
    .SYNOPSIS
    The simulated clipboard: @{ Text; Sequence } (the sequence moves on every copy).
    #>
    return @{ Text = $script:SimClipboard.Text; Sequence = [uint32]$script:SimClipboard.Sequence }
}

function Add-SimEvent {
    <#
    .SYNOPSIS
    Schedules a timed event DelayMs from now (applied by Step-SimClient).
    #>
    param([Parameter(Mandatory = $true)][string]$Kind, [int]$DelayMs = 0, [hashtable]$Data = @{})
    $script:SimEventSeq++
    [void]$script:SimEvents.Add(@{ Due = $script:SimClock.ElapsedMilliseconds + [Math]::Max(0, $DelayMs); Seq = $script:SimEventSeq; Kind = $Kind; Data = $Data })
}

function Add-SimPostedMessage {
    <#
    .SYNOPSIS
    Queues a posted message; the next Step-SimClient delivers it (like PostMessage).
    #>
    param([Parameter(Mandatory = $true)][int64]$Id, [Parameter(Mandatory = $true)][int]$Message, $WParam = 0, $LParam = 0)
    [void]$script:SimPosted.Add(@{ Id = $Id; Message = $Message; WParam = $WParam; LParam = $LParam })
}

function Get-SimNextDueMs {
    <#
    .SYNOPSIS
    Ms until the next timed event (0 when one is due or a message is queued), or -1 when nothing waits.
    #>
    if ($script:SimPosted.Count -gt 0) { return 0 }
    if ($script:SimEvents.Count -eq 0) { return -1 }
    $now = $script:SimClock.ElapsedMilliseconds
    $next = [int64]::MaxValue
    foreach ($e in $script:SimEvents) { if ($e.Due -lt $next) { $next = $e.Due } }
    return [int64][Math]::Max([int64]0, [int64]($next - $now))
}

function Get-SimPending {
    <#
    .SYNOPSIS
    The posted messages and timed events waiting for Step-SimClient: @{ Posted; Events }, the module's own two lists
    (read them, never change them). Both empty: Step-SimClient would do nothing.
    #>
    return @{ Posted = $script:SimPosted; Events = $script:SimEvents }
}

function Step-SimClient {
    <#
    .SYNOPSIS
    Delivers the posted messages and applies the timed events whose time has come, in due order. A hung client
    does nothing.
    #>
    if ($null -eq $script:SimState) { return }
    if ($script:SimPosted.Count -eq 0 -and $script:SimEvents.Count -eq 0) { return }   # idle (most port calls): no more calls
    if ([SimFast]::Hung()) { return }
    for ($round = 0; $round -lt 50; $round++) {
        if ($script:SimPosted.Count -eq 0 -and $script:SimEvents.Count -eq 0) { break }  # idle: most port calls
        $progress = $false
        if ($script:SimPosted.Count -gt 0) {
            $posted = $script:SimPosted.ToArray()
            $script:SimPosted.Clear()
            foreach ($m in $posted) { [void](Invoke-SimMessage -Id $m.Id -Message $m.Message -WParam $m.WParam -LParam $m.LParam) }
            $progress = $true
        }
        $now = $script:SimClock.ElapsedMilliseconds
        $due = @(foreach ($e in $script:SimEvents) { if ($e.Due -le $now) { $e } })
        if ($due.Count -gt 1) { $due = @($due | Sort-Object -Property @{ Expression = { $_.Due } }, @{ Expression = { $_.Seq } }) }
        foreach ($e in $due) {
            $script:SimEvents.Remove($e)
            Invoke-SimEvent -TimedEvent $e
            $progress = $true
        }
        if (-not $progress) { break }
    }
}

function Invoke-SimEvent {
    <#
    .SYNOPSIS
    Applies one timed event: page shown, quote / max / funds labels filled, popup opened, clipboard set.
    #>
    param([Parameter(Mandatory = $true)]$TimedEvent)
    $d = $TimedEvent.Data
    switch ($TimedEvent.Kind) {
        'showPage' {
            $dialog = Show-SimPageWindow -PageId $d.PageId
            if ($dialog -ne 0 -and $d.PageId -eq $script:PAGE_FUNDS) { Reset-SimFundsLabels -Dialog $dialog }
            if ($dialog -ne 0 -and $d.PageId -eq [int]$script:CREDIT_PAGES.assets.Key) { Reset-SimCreditLabels -Dialog $dialog }   # SimCredit.ps1
        }
        'fillCredit' { Update-SimCreditLabels -Dialog $d.Dialog }
        'fillReturnName' { Update-SimReturnName -Dialog $d.Dialog -Code $d.Code }   # SimCreditRepay.ps1
        'fillQuote' { Update-SimQuoteLabels -PageId $d.PageId -Code $d.Code }
        'fillMax' { Update-SimMaxLabel -PageId $d.PageId }
        'fillFunds' {
            $funds = Get-SimFunds
            [SimFast]::SetControlTexts($d.Dialog, $funds)   # SimFast.ps1: the eight labels in one call
        }
        'popup' { [void](Show-SimPopup -Title $d.Title -Text $d.Text -Kind $d.Kind -Form $d.Form) }
        'captcha' { $reads = 0; if ($d.ContainsKey('Reads')) { $reads = [int]$d.Reads }; [void](Show-SimCaptchaDialog -PageId $d.PageId -Purpose $d.Purpose -Reads $reads) }   # SimCaptcha.ps1
        'saveDialog' { [void](Show-SimSaveDialog -PageId $d.PageId) }
        'fillIpo' { Update-SimIpoLabels -Dialog $d.Dialog -Code $d.Code }   # SimIpo.ps1
        'clipboard' {
            $script:SimClipboard.Text = Get-SimExportText -PageId $d.PageId   # SimCaptcha.ps1: the grid's text, as the export writes it
            $script:SimClipboard.Sequence = [uint32](($script:SimClipboard.Sequence + 1) % [uint32]::MaxValue)
        }
    }
}

function Reset-SimFundsLabels {
    <#
    .SYNOPSIS
    Empties the funds labels and schedules their fill (labelFillMs): the client queries on show / refresh.
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog)
    [SimFast]::SetControlTexts($Dialog, @{ 1012 = ''; 1013 = ''; 1014 = ''; 1015 = ''; 1016 = ''; 1017 = ''; 1026 = ''; 1027 = '' })
    Add-SimEvent -Kind 'fillFunds' -DelayMs (Get-SimDelayMs 'labelFillMs') -Data @{ Dialog = $Dialog }
}

