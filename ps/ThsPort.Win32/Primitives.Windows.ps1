# Primitives.Windows.ps1 - the Win32 port's window primitives: find windows, read their facts and texts, send and post
# messages, select combo items. Dot-sourced by ThsPort.Win32.psm1.

function Find-PortTopWindows {
    <#
    .SYNOPSIS
    Top-level windows (EnumWindows, Z order), optionally only those of one process and / or one class.
    Returns an array of @{ Handle; Title; ClassName; ProcessId; Visible; Owner }.
    #>
    param(
        [int64]$ProcessId = 0,
        [string]$ClassName = ''
    )
    $list = [System.Collections.Generic.List[object]]::new()
    foreach ($h in [ThsUser32]::EnumTopWindows([uint32]$ProcessId)) {
        $class = [ThsUser32]::GetClassName($h)
        if ($ClassName -and $class -ne $ClassName) { continue }
        $list.Add(@{
                Handle    = [int64]$h
                Title     = [ThsUser32]::GetWindowText($h)
                ClassName = $class
                ProcessId = [int64][ThsUser32]::GetWindowProcessId($h)
                Visible   = [ThsUser32]::IsWindowVisible($h)
                Owner     = [ThsUser32]::GetOwner($h)
            })
    }
    return $list.ToArray()
}

function Get-PortChildWindows {
    <#
    .SYNOPSIS
    Every descendant of a window (EnumChildWindows), in Z / creation order.
    Returns an array of @{ Handle; Parent; ControlId; ClassName; Visible }.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    $list = [System.Collections.Generic.List[object]]::new()
    foreach ($h in [ThsUser32]::EnumChildWindows($Handle)) {
        $list.Add(@{
                Handle    = [int64]$h
                Parent    = [ThsUser32]::GetParent($h)
                ControlId = [ThsUser32]::GetDlgCtrlID($h)
                ClassName = [ThsUser32]::GetClassName($h)
                Visible   = [ThsUser32]::IsWindowVisible($h)
            })
    }
    return $list.ToArray()
}

function Get-PortDescendantHandles {
    <#
    .SYNOPSIS
    Every descendant's handle (EnumChildWindows), in the order Get-PortChildWindows gives them, as one [int64[]]: no
    facts per window, for a caller that only needs to know whether the tree is the one it looked at before.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    return , [int64[]]@([ThsUser32]::EnumChildWindows($Handle))
}

function Get-PortChild {
    <#
    .SYNOPSIS
    The direct child with a control id (GetDlgItem): its handle, or 0.
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][int]$ControlId
    )
    return [ThsUser32]::GetDlgItem($Handle, $ControlId)
}

function Get-PortWindowInfo {
    <#
    .SYNOPSIS
    Facts about one window: @{ Exists; Visible; ClassName; ProcessId; ControlId; Parent } (IsWindow, IsWindowVisible,
    GetClassNameW, GetWindowThreadProcessId, GetDlgCtrlID, GetParent). A gone window gives Exists = $false, '' and 0s.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    if (-not [ThsUser32]::IsWindow($Handle)) {
        return @{ Exists = $false; Visible = $false; ClassName = ''; ProcessId = [int64]0; ControlId = 0; Parent = [int64]0 }
    }
    return @{
        Exists    = $true
        Visible   = [ThsUser32]::IsWindowVisible($Handle)
        ClassName = [ThsUser32]::GetClassName($Handle)
        ProcessId = [int64][ThsUser32]::GetWindowProcessId($Handle)
        ControlId = [ThsUser32]::GetDlgCtrlID($Handle)
        Parent    = [ThsUser32]::GetParent($Handle)
    }
}

function Get-PortText {
    <#
    .SYNOPSIS
    A window's text by SendMessageTimeoutW(WM_GETTEXTLENGTH) then SendMessageTimeoutW(WM_GETTEXT), abort-if-hung.
    Returns the string, or $null when the window is hung or gone.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    $length = [int64]0
    $err = 0
    if (-not [ThsUser32]::SendTimeout($Handle, $script:WM_GETTEXTLENGTH, 0, 0, $script:PORT_SEND_TIMEOUT_MS, [ref]$length, [ref]$err)) {
        return $null
    }
    if ($length -le 0) { return '' }
    $text = $null
    if (-not [ThsUser32]::SendTimeoutGetText($Handle, $script:WM_GETTEXT, ([int]$length + 1), $script:PORT_SEND_TIMEOUT_MS, [ref]$text, [ref]$err)) {
        return $null
    }
    return $text
}

function Get-PortTexts {
    <#
    .SYNOPSIS
    Several windows' texts in one call (a batch of labels): Get-PortText's messages per handle, in order. Returns
    string[] of the same length, with $null for a window that is hung or gone.
    #>
    param([Parameter(Mandatory = $true)][AllowEmptyCollection()][int64[]]$Handles)
    return , ([string[]][ThsUser32]::GetTexts($Handles, $script:PORT_SEND_TIMEOUT_MS))
}

function Get-PortStatusBarTexts {
    <#
    .SYNOPSIS
    The texts of a status bar's parts (msctls_statusbar32 of another process): SendMessageTimeoutW(SB_GETPARTS), then
    SB_GETTEXTLENGTHW + SB_GETTEXTW per part into a VirtualAllocEx buffer of the target read by ReadProcessMemory.
    Returns string[], or $null when the window is hung / gone or its process cannot be opened.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    $err = 0
    $texts = [ThsUser32]::ReadStatusBarTexts($Handle, $script:PORT_SEND_TIMEOUT_MS, [ref]$err)
    if ($null -eq $texts) { return $null }
    return , ([string[]]$texts)
}

function Get-PortTreeItems {
    <#
    .SYNOPSIS
    The items of a tree view (SysTreeView32 of another process) in tree order (pre-order, depth first):
    SendMessageTimeoutW(TVM_GETNEXTITEM) with TVGN_ROOT, TVGN_CHILD / TVGN_NEXT and TVGN_CARET, and per item
    TVM_GETITEMW with a TVITEMW written by WriteProcessMemory into a VirtualAllocEx buffer of the target, read back
    by ReadProcessMemory (the 32-bit layout for a WOW64 target). Returns @{ Handle (the item's HTREEITEM); Parent (0 =
    a top item); Text; Selected }[] (not Item: a hashtable's .Item is its indexer), empty for a tree without items, or
    $null when the window is hung / gone or its process cannot be opened. Select an item with Send-PortMessage
    TVM_SELECTITEM TVGN_CARET <Handle>.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    $err = 0
    $items = [ThsUser32]::ReadTreeItems($Handle, $script:PORT_SEND_TIMEOUT_MS, [ref]$err)
    if ($null -eq $items) { return $null }
    $list = [System.Collections.ArrayList]::new()
    foreach ($i in $items) {
        [void]$list.Add(@{ Handle = [int64]$i.Handle; Parent = [int64]$i.Parent; Text = [string]$i.Text; Selected = [bool]$i.Selected })
    }
    return , $list.ToArray()
}

function Set-PortText {
    <#
    .SYNOPSIS
    Sets a window's text with SendMessageTimeoutW(WM_SETTEXT). Returns $true when the message was delivered; the
    caller reads the text back to know whether it took.
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][AllowEmptyString()][string]$Text
    )
    $result = [int64]0
    $err = 0
    return [ThsUser32]::SendTimeoutString($Handle, $script:WM_SETTEXT, 0, $Text, $script:PORT_SEND_TIMEOUT_MS, [ref]$result, [ref]$err)
}

function Send-PortMessage {
    <#
    .SYNOPSIS
    One synchronous message: SendMessageTimeoutW with SMTO_ABORTIFHUNG and $PORT_SEND_TIMEOUT_MS.
    Returns @{ Ok; Result; TimedOut } (TimedOut: the window is hung or did not answer in time).
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][int]$Message,
        [int64]$WParam = 0,
        [int64]$LParam = 0
    )
    $result = [int64]0
    $err = 0
    $ok = [ThsUser32]::SendTimeout($Handle, [uint32]$Message, $WParam, $LParam, $script:PORT_SEND_TIMEOUT_MS, [ref]$result, [ref]$err)
    # A hung window under SMTO_ABORTIFHUNG fails at once, with ERROR_TIMEOUT or no error code at all.
    $timedOut = (-not $ok) -and ($err -eq [ThsUser32]::ERROR_TIMEOUT -or $err -eq 0)
    return @{ Ok = $ok; Result = $result; TimedOut = $timedOut }
}

function Push-PortMessage {
    <#
    .SYNOPSIS
    Posts a message (PostMessageW) and returns at once: $true when it was queued.
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][int]$Message,
        [int64]$WParam = 0,
        [int64]$LParam = 0
    )
    return [ThsUser32]::PostMessage($Handle, [uint32]$Message, $WParam, $LParam)
}

function Select-PortComboItem {
    <#
    .SYNOPSIS
    Selects the first combo box item starting with Text: SendMessageTimeoutW(CB_SELECTSTRING, -1, Text).
    Returns the index selected, or -1 (no such item, hung or gone).
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Handle,
        [Parameter(Mandatory = $true)][string]$Text
    )
    $result = [int64]0
    $err = 0
    if (-not [ThsUser32]::SendTimeoutString($Handle, $script:CB_SELECTSTRING, -1, $Text, $script:PORT_SEND_TIMEOUT_MS, [ref]$result, [ref]$err)) {
        return -1
    }
    return [int]$result
}

function Get-PortWindowRect {
    <#
    .SYNOPSIS
    A window's rectangle in screen coordinates (GetWindowRect): @{ Left; Top; Right; Bottom }, or $null when it is gone.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    $r = [ThsUser32]::GetWindowRectangle($Handle)
    if ($null -eq $r) { return $null }
    return @{ Left = [int]$r[0]; Top = [int]$r[1]; Right = [int]$r[2]; Bottom = [int]$r[3] }
}

function Get-PortWindowStyle {
    <#
    .SYNOPSIS
    A window's style bits (GetWindowLongW(GWL_STYLE)) as an unsigned 32-bit value in an [int64]; 0 when it is gone.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    return [int64][ThsUser32]::GetWindowStyle($Handle)
}
