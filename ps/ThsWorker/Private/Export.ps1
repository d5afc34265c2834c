# Export.ps1 - the fallback grid read: the client's save-to-file export (the save command to the grid, the 另存为
# dialog answered with a file name and 保存, the GBK tab-separated file read back and deleted). Messages only.

function Get-ThsExportDirectory {
    <#
    .SYNOPSIS
    Where exported grid files are written: Initialize-ThsWorker -ExportDir (under Wine the bench points it at a Z: path
    the simulated client can reach; default the user's temp folder).
    #>
    return $script:ThsOptions.ExportDir
}

function Find-ThsSaveDialog {
    <#
    .SYNOPSIS
    The client's save-as dialog among its popups: @{ Dialog; Edit; Save } (file name edit: 1152, or the edit inside
    the 1148 combo of the Vista-style dialog, or the first edit; Save = button 1), or $null.
    #>
    param([Parameter(Mandatory = $true)][AllowEmptyCollection()][object[]]$Popups)
    foreach ($w in $Popups) {
        $h = [int64]$w.Handle
        if ((Get-PortChild -Handle $h -ControlId $script:ID_CAPTCHA_EDIT) -ne 0) { continue }
        $save = Get-PortChild -Handle $h -ControlId $script:ID_BTN_OK
        if ($save -eq 0) { continue }
        $tree = Get-ThsTree -Handle $h
        $edit = [int64]0
        $first = [int64]0
        $combo = [int64]0
        foreach ($c in $tree) {
            if ($c.ControlId -eq $script:ID_SAVE_FILE_NAME_COMBO) { $combo = [int64]$c.Handle }
            if ($c.ClassName -ne 'Edit') { continue }
            if ($first -eq 0) { $first = [int64]$c.Handle }
            if ($c.ControlId -eq $script:ID_SAVE_FILE_NAME) { $edit = [int64]$c.Handle }
        }
        if ($edit -eq 0 -and $combo -ne 0) {
            foreach ($c in (Get-ThsSubtree -Tree $tree -Root $combo)) { if ($c.ClassName -eq 'Edit') { $edit = [int64]$c.Handle; break } }
        }
        if ($edit -eq 0) { $edit = $first }
        if ($edit -ne 0) { return @{ Dialog = $h; Edit = $edit; Save = $save } }
    }
    return $null
}

function Export-ThsGridText {
    <#
    .SYNOPSIS
    Saves a grid to a new file through the client's own export and returns the file's text (GBK, tab-separated,
    header first). The file is deleted after reading. Throws export_failed (or captcha_failed when the save itself
    demands a captcha that cannot be read).
    .DESCRIPTION
    Posts WM_COMMAND ID_FILE_SAVE (0xE103) to the grid, the message twin of Ctrl+S; waits for the 另存为 dialog; sets the
    file name with WM_SETTEXT and clicks 保存 (button 1) with a posted BM_CLICK; answers an overwrite question with 是;
    waits for the file and reads it with Read-PortTextFile -Encoding gbk.
    #>
    param([Parameter(Mandatory = $true)][int64]$Grid, [Parameter(Mandatory = $true)][int]$ProcessId)
    $path = [System.IO.Path]::Combine((Get-ThsExportDirectory), ('ths-grid-' + $PID + '-' + [Guid]::NewGuid().ToString('N').Substring(0, 12) + '.xls'))
    [void](Push-PortMessage -Handle $Grid -Message $script:WM_COMMAND -WParam $script:CMD_SAVE -LParam 0)
    $dialog = $null
    $deadline = New-ThsDeadline -Milliseconds $script:EXPORT_DIALOG_TIMEOUT_MS
    while ($null -eq $dialog) {
        $popups = Get-ThsPopups -ProcessId $ProcessId
        if ($popups.Count -gt 0) {
            $captcha = Find-ThsCaptchaDialog -Popups $popups
            if ($captcha -ne 0) {
                $solved = Resolve-ThsCaptcha -Dialog $captcha
                if (-not $solved.Solved) {
                    throw (New-ThsError -Code 'captcha_failed' -Message ('客户端在复制和保存表格前都要求验证码，' + $solved.Reason + '：请在客户端手工输入一次验证码，或安装带 OCR 的语言（见 README）。'))
                }
                $deadline = New-ThsDeadline -Milliseconds $script:EXPORT_DIALOG_TIMEOUT_MS
                continue
            }
            $dialog = Find-ThsSaveDialog -Popups $popups
        }
        if ($null -ne $dialog) { break }
        if (Test-ThsDeadlinePassed $deadline) {
            throw (New-ThsError -Code 'export_failed' -Message ('向表格发送保存命令（0xE103）后 ' + $script:EXPORT_DIALOG_TIMEOUT_MS + ' ms 内没有出现“另存为”对话框：此客户端版本可能不响应该命令。'))
        }
        Wait-ThsTick -Deadline $deadline
    }
    Set-ThsField -Handle $dialog.Edit -Text $path -What '文件名'
    [void](Push-PortMessage -Handle $dialog.Save -Message $script:BM_CLICK -WParam 0 -LParam 0)
    $text = $null
    $deadline = New-ThsDeadline -Milliseconds $script:EXPORT_FILE_TIMEOUT_MS
    while ($true) {
        $info = Get-PortWindowInfo -Handle $dialog.Dialog
        $open = $info.Exists -and $info.Visible
        foreach ($raw in (Get-ThsPopups -ProcessId $ProcessId)) {
            if ([int64]$raw.Handle -eq $dialog.Dialog) { continue }
            $p = Read-ThsPopup -Popup $raw
            if (-not $p.Text) { continue }
            if ($p.Buttons -contains $script:ID_BTN_YES -and ($p.Text -like '*替换*' -or $p.Text -like '*覆盖*' -or $p.Text -like '*已存在*')) {
                [void](Close-ThsPopup -Handle $p.Handle -ButtonId $script:ID_BTN_YES)
                continue
            }
            [void](Clear-ThsPopups -ProcessId $ProcessId)
            throw (New-ThsError -Code 'export_failed' -Message ('保存表格时客户端提示：[' + $p.Title + '] ' + $p.Text))
        }
        if (-not $open) {
            $now = Read-PortTextFile -Path $path -Encoding 'gbk'
            # Complete when two reads one tick apart agree (the client may still be writing).
            if ($null -ne $now -and $now.Length -gt 0 -and $null -ne $text -and $now -eq $text) { break }
            $text = $now
        }
        if (Test-ThsDeadlinePassed $deadline) {
            if ($open) { [void](Close-ThsPopup -Handle $dialog.Dialog -ButtonId $script:ID_BTN_CANCEL) }
            [void](Remove-PortFile -Path $path)
            throw (New-ThsError -Code 'export_failed' -Message ('点击“保存”后 ' + $script:EXPORT_FILE_TIMEOUT_MS + ' ms 内没有得到导出文件 ' + $path + '：请检查该目录是否可写（-ExportDir / THS_EXPORT_DIR）。'))
        }
        Wait-ThsTick -Deadline $deadline
    }
    [void](Remove-PortFile -Path $path)
    return $text
}
