# Popups.ps1 - xiadan's #32770 popups: list, read, answer, drain leftovers, and after a submit: answer its questions
# (a confirmation is compared with the order, a warning is answered 否 unless accepted) and read its result popup.

function Get-ThsPopups {
    <#
    .SYNOPSIS
    Visible #32770 top-level windows of the client's process.
    #>
    param([Parameter(Mandatory = $true)][int]$ProcessId)
    $list = [System.Collections.ArrayList]::new()
    foreach ($w in @(Find-PortTopWindows -ProcessId $ProcessId -ClassName $script:POPUP_CLASS)) {
        if ($w.Visible) { [void]$list.Add($w) }
    }
    return , $list.ToArray()
}

function Read-ThsPopup {
    <#
    .SYNOPSIS
    Reads a popup: @{ Handle; Title; Text; Buttons = ids present }. Title from Static 1365 (else the window title),
    body from Static 0x3EC (else 1004, else 1040: the confirmation's text in 2025-2026 builds). Two port calls: the
    popup's controls (one walk) and the texts of the ones it has (one batch), read at every poll of a popup.
    #>
    param([Parameter(Mandatory = $true)]$Popup)
    $h = [int64]$Popup.Handle
    $byId = @{}   # control id -> handle of the popup's first direct child with it (as GetDlgItem finds it)
    foreach ($c in @(Get-PortChildWindows -Handle $h)) {
        if ($null -eq $c -or [int64]$c.Parent -ne $h) { continue }
        if (-not $byId.ContainsKey([int]$c.ControlId)) { $byId[[int]$c.ControlId] = [int64]$c.Handle }
    }
    $present = [System.Collections.Generic.List[int]]::new()
    $handles = [System.Collections.Generic.List[int64]]::new()
    foreach ($id in @($script:ID_POPUP_TITLE, $script:ID_POPUP_TEXT, $script:ID_POPUP_TEXT_ALT, $script:ID_POPUP_TEXT_2026)) {
        if ($byId.ContainsKey([int]$id) -and -not $present.Contains([int]$id)) { $present.Add([int]$id); $handles.Add($byId[[int]$id]) }
    }
    $texts = @{}   # control id -> its text
    if ($present.Count -gt 0) {
        $read = Get-PortTexts -Handles $handles.ToArray()
        for ($i = 0; $i -lt $present.Count; $i++) { $texts[$present[$i]] = [string]$read[$i] }
    }
    $title = ''
    if ($texts.ContainsKey([int]$script:ID_POPUP_TITLE)) { $title = $texts[[int]$script:ID_POPUP_TITLE] }
    if (-not $title) { $title = [string]$Popup.Title }
    $text = ''
    foreach ($id in @($script:ID_POPUP_TEXT, $script:ID_POPUP_TEXT_ALT, $script:ID_POPUP_TEXT_2026)) {
        if ($texts.ContainsKey([int]$id) -and $texts[[int]$id]) { $text = $texts[[int]$id]; break }
    }
    $buttons = [System.Collections.ArrayList]::new()
    foreach ($id in @($script:ID_BTN_OK, $script:ID_BTN_YES, $script:ID_BTN_NO, $script:ID_BTN_CANCEL)) {
        if ($byId.ContainsKey([int]$id)) { [void]$buttons.Add($id) }
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
        Wait-ThsTick -Deadline $deadline
    }
}

function Clear-ThsPopups {
    <#
    .SYNOPSIS
    Closes every leftover popup (answering 否 / 取消 where offered, never 是) and returns what they said.
    #>
    param([Parameter(Mandatory = $true)][int]$ProcessId)
    $drained = [System.Collections.ArrayList]::new()
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


function Wait-ThsResultPopup {
    <#
    .SYNOPSIS
    After a submit click: answers the questions, then reads and closes the result popup. Returns @{ Title; Text;
    Confirmations; Warnings (accepted ones: kind, text); Refused; Refusal; Warning; Message }, or $null when nothing came
    in -TimeoutMs (default POPUP_TIMEOUT_MS; Invoke-ThsSubmit decides what that means).
    .DESCRIPTION
    A confirmation that shows what -Expect says is answered 是; one that differs or cannot be read is answered 否:
    Refused, Refusal confirmation_mismatch, Message naming what differed. A warning whose kind is in -AcceptWarnings is
    answered 是; any other is answered 否: Refused, Refusal client_warning, Warning its kind, Message the client's text.
    A dialog still open POPUP_CLOSE_TIMEOUT_MS after 否 may yet place the order: outcome_unknown (submitted) is thrown.
    #>
    param(
        [Parameter(Mandatory = $true)][int]$ProcessId,
        [Parameter(Mandatory = $true)][ValidateSet('buy', 'sell', 'cancel', 'ipo', 'repay')][string]$Action,
        $Expect = $null,
        [AllowEmptyCollection()][string[]]$AcceptWarnings = @(),
        [int]$TimeoutMs = $script:POPUP_TIMEOUT_MS
    )
    $confirmations = [System.Collections.ArrayList]::new()
    $warnings = [System.Collections.ArrayList]::new()
    $deadline = New-ThsDeadline -Milliseconds $TimeoutMs
    while ($true) {
        $popups = Get-ThsPopups -ProcessId $ProcessId
        foreach ($raw in $popups) {
            $p = Read-ThsPopup -Popup $raw
            if (-not $p.Text) { continue }  # the body fills late: read it on the next poll
            if ($p.Buttons.Count -eq 0) { continue }  # still being built: a confirmation must not pass for a result
            $q = Get-ThsQuestion -Popup $p -Action $Action
            if ($null -ne $q) {
                $refusal = $null
                if ($q.Kind -eq 'confirm') {
                    $diff = @('没有可比较的请求')
                    if ($null -ne $Expect) { $diff = Test-ThsConfirmation -Text $p.Text -Expect $Expect }
                    if ($diff.Count -eq 0) { [void]$confirmations.Add($p.Text) } else {
                        $refusal = @{ Refusal = 'confirmation_mismatch'; Warning = $null; Message = ('确认框“' + $p.Title + '”显示的内容与请求不一致（' + ($diff -join '；') + '），已回答“否”，没有下单。') }
                    }
                } elseif (@($AcceptWarnings) -contains $q.Kind) {
                    [void]$warnings.Add([ordered]@{ kind = $q.Kind; text = $p.Text })
                    Write-ThsLog -Level 'warn' -Message ('accepted a client warning (' + $q.Kind + '): ' + $p.Text)
                } else {
                    $refusal = @{ Refusal = 'client_warning'; Warning = $q.Kind; Message = $p.Text }
                }
                if ($null -eq $refusal) {
                    [void](Close-ThsPopup -Handle $p.Handle -ButtonId $q.Yes)
                    $deadline = New-ThsDeadline -Milliseconds $script:POPUP_TIMEOUT_MS
                    continue
                }
                if (-not (Close-ThsPopup -Handle $p.Handle -ButtonId $q.No)) {
                    throw (New-ThsError -Submitted -Code 'outcome_unknown' -Message ('对“' + $p.Title + '”回答“否”后 ' + $script:POPUP_CLOSE_TIMEOUT_MS + ' ms 内对话框没有关闭（' + $refusal.Message + '）：结果未知，请在客户端核对，不要直接重试。'))
                }
                return @{ Title = $p.Title; Text = $p.Text; Confirmations = $confirmations.ToArray(); Warnings = $warnings.ToArray()
                    Refused = $true; Refusal = $refusal.Refusal; Warning = $refusal.Warning; Message = $refusal.Message }
            }
            $button = $script:ID_BTN_OK
            if (-not ($p.Buttons -contains $script:ID_BTN_OK)) { $button = 0 }
            $closed = Close-ThsPopup -Handle $p.Handle -ButtonId $button
            if (-not $closed) { Write-ThsLog -Level 'warn' -Message ('result popup did not close: ' + $p.Text) }
            return @{ Title = $p.Title; Text = $p.Text; Confirmations = $confirmations.ToArray(); Warnings = $warnings.ToArray()
                Refused = $false; Refusal = $null; Warning = $null; Message = $null }
        }
        if (Test-ThsDeadlinePassed $deadline) { break }
        Wait-ThsTick -Deadline $deadline
    }
    return $null
}
