# Popups.ps1 - xiadan's #32770 popups: list, read, answer, drain leftovers, wait for a submit's result popup.

function Get-ThsPopups {
    <#
    .SYNOPSIS
    Visible #32770 top-level windows of the client's process.
    #>
    param([Parameter(Mandatory = $true)][int]$ProcessId)
    $list = New-Object System.Collections.ArrayList
    foreach ($w in @(Find-PortTopWindows -ProcessId $ProcessId -ClassName $script:POPUP_CLASS)) {
        if ($w.Visible) { [void]$list.Add($w) }
    }
    return , $list.ToArray()
}

function Read-ThsPopup {
    <#
    .SYNOPSIS
    Reads a popup: @{ Handle; Title; Text; Buttons = ids present }. Title from Static 1365 (else the window title),
    body from Static 0x3EC (else 1004).
    #>
    param([Parameter(Mandatory = $true)]$Popup)
    $h = [int64]$Popup.Handle
    $title = ''
    $titleCtl = Get-PortChild -Handle $h -ControlId $script:ID_POPUP_TITLE
    if ($titleCtl -ne 0) { $title = [string](Get-PortText -Handle $titleCtl) }
    if (-not $title) { $title = [string]$Popup.Title }
    $text = ''
    foreach ($id in @($script:ID_POPUP_TEXT, $script:ID_POPUP_TEXT_ALT)) {
        $ctl = Get-PortChild -Handle $h -ControlId $id
        if ($ctl -ne 0) {
            $text = [string](Get-PortText -Handle $ctl)
            if ($text) { break }
        }
    }
    $buttons = New-Object System.Collections.ArrayList
    foreach ($id in @($script:ID_BTN_OK, $script:ID_BTN_YES, $script:ID_BTN_NO, $script:ID_BTN_CANCEL)) {
        if ((Get-PortChild -Handle $h -ControlId $id) -ne 0) { [void]$buttons.Add($id) }
    }
    return @{ Handle = $h; Title = $title.Trim(); Text = $text.Trim(); Buttons = $buttons.ToArray() }
}

function Close-ThsPopup {
    <#
    .SYNOPSIS
    Clicks one button of a popup (posted BM_CLICK, or WM_CLOSE when it has none) and waits until it is gone.
    Returns $true when it closed within POPUP_CLOSE_TIMEOUT_MS.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle, [int]$ButtonId = 0)
    $btn = 0
    if ($ButtonId -ne 0) { $btn = Get-PortChild -Handle $Handle -ControlId $ButtonId }
    if ($btn -ne 0) {
        [void](Push-PortMessage -Handle $btn -Message $script:BM_CLICK -WParam 0 -LParam 0)
    } else {
        [void](Push-PortMessage -Handle $Handle -Message $script:WM_CLOSE -WParam 0 -LParam 0)
    }
    $deadline = New-ThsDeadline -Milliseconds $script:POPUP_CLOSE_TIMEOUT_MS
    while ($true) {
        $info = Get-PortWindowInfo -Handle $Handle
        if (-not $info.Exists -or -not $info.Visible) { return $true }
        if (Test-ThsDeadlinePassed $deadline) { return $false }
        Wait-ThsTick
    }
}

function Clear-ThsPopups {
    <#
    .SYNOPSIS
    Closes every leftover popup (answering 否 / 取消 where offered, never 是) and returns what they said.
    #>
    param([Parameter(Mandatory = $true)][int]$ProcessId)
    $drained = New-Object System.Collections.ArrayList
    for ($i = 0; $i -lt $script:DRAIN_MAX_POPUPS; $i++) {
        $popups = Get-ThsPopups -ProcessId $ProcessId
        if ($popups.Count -eq 0) { break }
        $p = Read-ThsPopup -Popup $popups[0]
        $button = 0
        foreach ($id in @($script:ID_BTN_NO, $script:ID_BTN_CANCEL, $script:ID_BTN_OK)) {
            if ($p.Buttons -contains $id) { $button = $id; break }
        }
        $closed = Close-ThsPopup -Handle $p.Handle -ButtonId $button
        [void]$drained.Add([ordered]@{ title = $p.Title; text = $p.Text; closed = $closed })
        Write-ThsLog -Level 'warn' -Message ('closed a leftover popup: [' + $p.Title + '] ' + $p.Text)
        if (-not $closed) { break }
    }
    return , $drained.ToArray()
}

function Test-ThsConfirmPopup {
    <#
    .SYNOPSIS
    True for a confirmation that must be answered 是 (委托确认 and the like).
    #>
    param([Parameter(Mandatory = $true)]$Popup)
    return (($Popup.Buttons -contains $script:ID_BTN_YES) -and ($Popup.Title -like '*确认*' -or $Popup.Text -like '*是否*'))
}

function Wait-ThsResultPopup {
    <#
    .SYNOPSIS
    After a submit click: answers confirmations with 是, then reads and closes the result popup.
    Returns @{ Title; Text; Confirmations }, or $null when none came in POPUP_TIMEOUT_MS (Invoke-ThsSubmit decides
    what that means).
    #>
    param([Parameter(Mandatory = $true)][int]$ProcessId)
    $confirmations = New-Object System.Collections.ArrayList
    $deadline = New-ThsDeadline -Milliseconds $script:POPUP_TIMEOUT_MS
    while ($true) {
        $popups = Get-ThsPopups -ProcessId $ProcessId
        foreach ($raw in $popups) {
            $p = Read-ThsPopup -Popup $raw
            if (-not $p.Text) { continue }  # the body fills late: read it on the next poll
            if ($p.Buttons.Count -eq 0) { continue }  # still being built: a confirmation must not pass for a result
            if (Test-ThsConfirmPopup -Popup $p) {
                [void]$confirmations.Add($p.Text)
                [void](Close-ThsPopup -Handle $p.Handle -ButtonId $script:ID_BTN_YES)
                $deadline = New-ThsDeadline -Milliseconds $script:POPUP_TIMEOUT_MS
                continue
            }
            $button = $script:ID_BTN_OK
            if (-not ($p.Buttons -contains $script:ID_BTN_OK)) { $button = 0 }
            $closed = Close-ThsPopup -Handle $p.Handle -ButtonId $button
            if (-not $closed) { Write-ThsLog -Level 'warn' -Message ('result popup did not close: ' + $p.Text) }
            return @{ Title = $p.Title; Text = $p.Text; Confirmations = $confirmations.ToArray() }
        }
        if (Test-ThsDeadlinePassed $deadline) { break }
        Wait-ThsTick
    }
    return $null
}
