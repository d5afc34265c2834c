# Captcha.ps1 - grid reads on builds whose copy command demands a captcha: detect the dialog, read the code with the
# port's OCR, type it and answer OK, a bounded number of times; then the save-to-file export (Export.ps1).
# Read-ThsGridContent says which path gave the text: copy, captcha-ocr or export.

# Why OCR cannot run on this PC (no OCR language, no Windows PowerShell 5.1, ...), once seen: later reads of a build
# that demands a captcha go to the export at once instead of opening and cancelling the dialog each time.
$script:ThsOcrUnavailable = $null
# True once a copy command was answered with a captcha dialog during this worker's life.
$script:ThsCaptchaSeen = $false

function Find-ThsCaptchaDialog {
    <#
    .SYNOPSIS
    The client's visible captcha dialog (a #32770 holding the code edit 0x964 and the image 0x965): its handle, or 0.
    #>
    param([Parameter(Mandatory = $true)][AllowEmptyCollection()][object[]]$Popups)
    foreach ($w in $Popups) {
        $h = [int64]$w.Handle
        if ((Get-PortChild -Handle $h -ControlId $script:ID_CAPTCHA_EDIT) -ne 0 -and (Get-PortChild -Handle $h -ControlId $script:ID_CAPTCHA_IMAGE) -ne 0) {
            return $h
        }
    }
    return [int64]0
}

function Wait-ThsGridClipboard {
    <#
    .SYNOPSIS
    After a copy command: waits (CLIPBOARD_TIMEOUT_MS) for the clipboard sequence to leave Before and returns
    @{ Text; Captcha = 0 }, or @{ Text = $null; Captcha = dialog handle } when the client asks for a captcha instead.
    Any other popup, or no change in time, throws clipboard_failed.
    #>
    param([Parameter(Mandatory = $true)][uint32]$Before, [Parameter(Mandatory = $true)][int]$ProcessId)
    $deadline = New-ThsDeadline -Milliseconds $script:CLIPBOARD_TIMEOUT_MS
    while ($true) {
        if ((Get-PortClipboardSequence) -ne $Before) {
            $text = Get-PortClipboardText
            if ($null -ne $text) { return @{ Text = $text; Captcha = [int64]0 } }
        }
        $popups = Get-ThsPopups -ProcessId $ProcessId
        if ($popups.Count -gt 0) {
            $captcha = Find-ThsCaptchaDialog -Popups $popups
            if ($captcha -ne 0) { return @{ Text = $null; Captcha = $captcha } }
            $p = Read-ThsPopup -Popup $popups[0]
            # A dialog asking for a 验证码 whose edit / image are not there yet is a captcha still being built: poll on.
            if ($p.Text -and -not ($p.Text -like '*验证码*')) {
                throw (New-ThsError -Code 'clipboard_failed' -Message ('复制表格时客户端弹出了对话框：[' + $p.Title + '] ' + $p.Text))
            }
        }
        if (Test-ThsDeadlinePassed $deadline) { break }
        Wait-ThsTick -Deadline $deadline
    }
    throw (New-ThsError -Code 'clipboard_failed' -Message ('向表格发送复制命令后 ' + $script:CLIPBOARD_TIMEOUT_MS + ' ms 内剪贴板没有变化：剪贴板可能被其他程序占用。'))
}

function Close-ThsCaptchaDialog {
    <#
    .SYNOPSIS
    Cancels a captcha dialog (取消 2, else WM_CLOSE) so nothing is left open.
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog)
    $button = 0
    if ((Get-PortChild -Handle $Dialog -ControlId $script:ID_BTN_CANCEL) -ne 0) { $button = $script:ID_BTN_CANCEL }
    if (-not (Close-ThsPopup -Handle $Dialog -ButtonId $button)) {
        Write-ThsLog -Level 'warn' -Message 'the captcha dialog did not close when cancelled'
    }
}

function Close-ThsStaleCaptchas {
    <#
    .SYNOPSIS
    Before a copy: a captcha dialog already open belongs to an earlier copy and is refused even when answered right
    (stale): each is cancelled. Returns how many were closed.
    #>
    param([Parameter(Mandatory = $true)][int]$ProcessId)
    $closed = 0
    for ($i = 0; $i -lt $script:DRAIN_MAX_POPUPS; $i++) {
        $popups = Get-ThsPopups -ProcessId $ProcessId
        if ($popups.Count -eq 0) { break }
        $h = Find-ThsCaptchaDialog -Popups $popups
        if ($h -eq 0) { break }
        Write-ThsLog -Level 'warn' -Message 'captcha: a dialog from an earlier copy was open (stale): cancelled before the copy'
        Close-ThsCaptchaDialog -Dialog $h
        $closed++
    }
    return $closed
}

function Wait-ThsCaptchaRecreated {
    <#
    .SYNOPSIS
    The captcha dialog went after OK: the copy went through (the clipboard moves past Before: returns 0), or the build
    destroyed it for a wrong code and opens a new one (returns its handle) within CAPTCHA_RECREATE_WAIT_MS; 0 when
    neither shows by then (the caller's clipboard wait decides).
    #>
    param([Parameter(Mandatory = $true)][uint32]$Before, [Parameter(Mandatory = $true)][int]$ProcessId)
    $deadline = New-ThsDeadline -Milliseconds $script:CAPTCHA_RECREATE_WAIT_MS
    while ($true) {
        if ((Get-PortClipboardSequence) -ne $Before) { return [int64]0 }
        $popups = Get-ThsPopups -ProcessId $ProcessId
        if ($popups.Count -gt 0) {
            $h = Find-ThsCaptchaDialog -Popups $popups
            if ($h -ne 0) { return $h }
        }
        if (Test-ThsDeadlinePassed $deadline) { return [int64]0 }
        Wait-ThsTick -Deadline $deadline
    }
}

function Resolve-ThsCaptcha {
    <#
    .SYNOPSIS
    Answers a captcha dialog: reads the image with the port's OCR, types the code (WM_SETTEXT into 0x964), clicks OK,
    and tries again with the new code after a wrong one, at most CAPTCHA_MAX_ATTEMPTS times in all. Returns
    @{ Solved; Attempts; Reason; Recreated }; an unsolved dialog is cancelled (the caller falls back to the export).
    .DESCRIPTION
    A dialog that disappears after OK is not yet a success: some builds destroy it for a wrong code and open a new one
    (a new handle, a new image); that is the next attempt (Wait-ThsCaptchaRecreated). -Before is the clipboard
    sequence before the copy command, -ProcessId the client's.
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog, [uint32]$Before = 0, [int]$ProcessId = 0)
    $reason = $null
    $recreated = 0
    for ($attempt = 1; $attempt -le $script:CAPTCHA_MAX_ATTEMPTS; $attempt++) {
        $next = $null
        $edit = Get-PortChild -Handle $Dialog -ControlId $script:ID_CAPTCHA_EDIT
        $image = Get-PortChild -Handle $Dialog -ControlId $script:ID_CAPTCHA_IMAGE
        $ok = Get-PortChild -Handle $Dialog -ControlId $script:ID_BTN_OK
        if ($edit -eq 0 -or $image -eq 0 -or $ok -eq 0) {
            Close-ThsCaptchaDialog -Dialog $Dialog
            return @{ Solved = $false; Attempts = $attempt - 1; Reason = '验证码对话框缺少输入框、图片或确定按钮'; Recreated = $recreated }
        }
        $read = Read-PortCaptchaText -Handle $image
        if ($null -eq $read.Text) {
            $script:ThsOcrUnavailable = [string]$read.Reason
            Write-ThsLog -Level 'warn' -Message ('captcha: OCR unavailable: ' + $read.Reason)
            Close-ThsCaptchaDialog -Dialog $Dialog
            return @{ Solved = $false; Attempts = $attempt - 1; Reason = ('无法识别验证码：' + $read.Reason); Recreated = $recreated }
        }
        $code = ([string]$read.Text) -replace '[^0-9A-Za-z]', ''
        Set-ThsField -Handle $edit -Text $code -What '验证码'
        [void](Push-PortMessage -Handle $ok -Message $script:BM_CLICK -WParam 0 -LParam 0)
        $deadline = New-ThsDeadline -Milliseconds $script:CAPTCHA_ANSWER_TIMEOUT_MS
        while ($true) {
            $info = Get-PortWindowInfo -Handle $Dialog
            if (-not $info.Exists -or -not $info.Visible) {
                $next = [int64]0
                if ($ProcessId -ne 0) { $next = Wait-ThsCaptchaRecreated -Before $Before -ProcessId $ProcessId }
                if ($next -eq 0) { return @{ Solved = $true; Attempts = $attempt; Reason = $null; Recreated = $recreated } }
                break
            }
            # A wrong code: the client shows its error and a new image, and empties the edit.
            $now = Get-PortText -Handle $edit
            if ($null -ne $now -and $now -ne $code) { break }
            if (Test-ThsDeadlinePassed $deadline) { break }
            Wait-ThsTick -Deadline $deadline
        }
        if ($null -ne $next -and $next -ne 0) {
            # Destroyed and recreated for a wrong code: the new dialog is the next attempt.
            $recreated++
            $Dialog = $next
            $next = $null
            $reason = ('验证码识别 ' + $attempt + ' 次均未通过（客户端换了一个新的验证码对话框）')
            Write-ThsLog -Level 'warn' -Message ('captcha: attempt ' + $attempt + ' refused (' + $code + '): the dialog was recreated')
            continue
        }
        $errorText = ''
        $errCtl = Get-PortChild -Handle $Dialog -ControlId $script:ID_CAPTCHA_ERROR
        if ($errCtl -ne 0) { $errorText = [string](Get-PortText -Handle $errCtl) }
        $reason = ('验证码识别 ' + $attempt + ' 次均未通过（客户端：' + $errorText + '）')
        Write-ThsLog -Level 'warn' -Message ('captcha: attempt ' + $attempt + ' refused (' + $code + '): ' + $errorText)
    }
    Close-ThsCaptchaDialog -Dialog $Dialog
    return @{ Solved = $false; Attempts = $script:CAPTCHA_MAX_ATTEMPTS; Reason = $reason; Recreated = $recreated }
}

function Read-ThsGridContent {
    <#
    .SYNOPSIS
    A grid's text by the first path that works on this client: the copy command (0xE122) and the clipboard; when the
    client demands a captcha, the code read by OCR (bounded retries); else the client's save-to-file export.
    Returns @{ Text; Path = 'copy'|'captcha-ocr'|'export'; Attempts; Reason; Stale (captcha dialogs from earlier copies
    closed first); Recreated (dialogs the client replaced after a wrong code) }.
    .DESCRIPTION
    The whole read holds the desktop's clipboard lock (Enter-ThsClipboardLock, ClipboardLock.ps1): clients on one PC share one clipboard,
    and a worker that took another's copy for its own would read the wrong grid with the right headers. The lock
    still taken after CLIPBOARD_LOCK_TIMEOUT_MS: clipboard_failed, nothing copied.
    #>
    param([Parameter(Mandatory = $true)][int64]$Grid, [Parameter(Mandatory = $true)][int]$ProcessId)
    if (-not (Enter-ThsClipboardLock -TimeoutMs $script:CLIPBOARD_LOCK_TIMEOUT_MS)) {
        throw (New-ThsError -Code 'clipboard_failed' -Message ('剪贴板被另一个工作进程占用（读取另一个客户端的表格）超过 ' + $script:CLIPBOARD_LOCK_TIMEOUT_MS + ' ms：没有复制表格，请稍后再读。'))
    }
    try {
        return (Read-ThsGridContentLocked -Grid $Grid -ProcessId $ProcessId)
    } finally {
        Exit-ThsClipboardLock
    }
}

function Read-ThsGridContentLocked {
    <#
    .SYNOPSIS
    Read-ThsGridContent's work, with the clipboard lock held by the caller.
    #>
    param([Parameter(Mandatory = $true)][int64]$Grid, [Parameter(Mandatory = $true)][int]$ProcessId)
    $read = $null
    $stale = Close-ThsStaleCaptchas -ProcessId $ProcessId
    $recreated = 0
    if ($script:ThsCaptchaSeen -and $null -ne $script:ThsOcrUnavailable) {
        $read = @{ Text = (Export-ThsGridText -Grid $Grid -ProcessId $ProcessId); Path = 'export'; Attempts = 0; Reason = ('无法识别验证码：' + $script:ThsOcrUnavailable) }
    } else {
        $before = Get-PortClipboardSequence
        [void](Push-PortMessage -Handle $Grid -Message $script:WM_COMMAND -WParam $script:CMD_COPY -LParam 0)
        $r = Wait-ThsGridClipboard -Before $before -ProcessId $ProcessId
        if ($r.Captcha -eq 0) {
            $read = @{ Text = $r.Text; Path = 'copy'; Attempts = 0; Reason = $null }
        } else {
            $script:ThsCaptchaSeen = $true
            $solved = Resolve-ThsCaptcha -Dialog $r.Captcha -Before $before -ProcessId $ProcessId
            $recreated = $solved.Recreated
            if ($solved.Solved) {
                # The right code lets the client perform the copy it was asked for.
                $r2 = Wait-ThsGridClipboard -Before $before -ProcessId $ProcessId
                if ($r2.Captcha -eq 0) { $read = @{ Text = $r2.Text; Path = 'captcha-ocr'; Attempts = $solved.Attempts; Reason = $null } }
                else {
                    Close-ThsCaptchaDialog -Dialog $r2.Captcha
                    $solved.Reason = '输入正确验证码后客户端再次要求验证码'
                }
            }
            if ($null -eq $read) {
                $read = @{ Text = (Export-ThsGridText -Grid $Grid -ProcessId $ProcessId); Path = 'export'; Attempts = $solved.Attempts; Reason = $solved.Reason }
            }
        }
    }
    $read.Stale = $stale
    $read.Recreated = $recreated
    return $read
}
