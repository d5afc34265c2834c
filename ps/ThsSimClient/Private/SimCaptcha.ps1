# SimCaptcha.ps1 - the simulated client's 9.x build: a captcha dialog instead of the grid copy (and, when the state
# says so, before the save), the simulated OCR of its image, and the save-to-file export (另存为 dialog, GBK file).
# Dot-sourced by ../ThsSimClient.psm1. State: client.build ("8.x" copy works; "9.x" copy demands a captcha),
# client.captchaMisreads (the first N OCR reads of each captcha dialog are wrong), client.captchaMisreadRate (0..1, drawn from a generator
# seeded with client.captchaSeed: the same state gives the same reads), client.captchaOnSave (the save demands one
# too), client.ocr ("none": this PC has no OCR language). The 2025–2026 variants: client.captchaOnCopy ("build": as
# the build says; "always": every copy, whatever the build; "sometimes": half the copies, from the seeded generator),
# client.captchaKind ("upper4": digits and capitals, any case accepted; "digits4"; "alnum4": letters of both cases and
# digits, case-sensitive), client.captchaRecreateOnWrong (a wrong answer destroys the dialog and opens a new one with a
# new code), client.leftoverCaptcha (a captcha dialog from earlier is open at start: stale, it refuses every answer).

# Texts of the captcha and export dialogs. The captcha prompt's start and end are seen on real clients
# (检测到您正在拷贝数据…请先输入验证码); its middle, the error and the export texts are invented.
$script:SimCaptchaTexts = @{
    CopyPrompt = '检测到您正在拷贝数据，为保障账户数据安全，请先输入验证码'
    SavePrompt = '检测到您正在保存数据，为保障账户数据安全，请先输入验证码'
    Title      = '提示'
    Wrong      = '验证码错误，请重新输入'
    SaveTitle  = '另存为'
    NoFolder   = '{0}' + "`r`n" + '路径不存在。请检查路径是否正确。'
}
$script:SimCaptchaAlphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'
$script:SimCaptchaAlphabets = @{
    upper4  = $script:SimCaptchaAlphabet
    digits4 = '0123456789'
    alnum4  = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz'
}
$script:SimCaptchaLength = 4
$script:SimCaptchaRandom = $null

function Get-SimCaptchaRandom {
    <#
    .SYNOPSIS
    The captcha generator (codes and misreads), seeded from client.captchaSeed so runs repeat.
    #>
    if ($null -eq $script:SimCaptchaRandom) {
        $script:SimCaptchaRandom = New-Object System.Random ([int]([SimFast]::Decimal([SimFast]::Setting('captchaSeed', 7))))
    }
    return $script:SimCaptchaRandom
}

function New-SimCaptchaCode {
    <#
    .SYNOPSIS
    A new 4-character code.
    #>
    $rng = Get-SimCaptchaRandom
    $alphabet = Get-SimCaptchaAlphabet
    $sb = [System.Text.StringBuilder]::new()
    for ($i = 0; $i -lt $script:SimCaptchaLength; $i++) { [void]$sb.Append($alphabet[$rng.Next($alphabet.Length)]) }
    return $sb.ToString()
}

function Get-SimCaptchaAlphabet {
    <#
    .SYNOPSIS
    The characters of this build's captcha codes (client.captchaKind; the state loader checks the value).
    #>
    return [string]$script:SimCaptchaAlphabets[[string][SimFast]::Setting('captchaKind', 'upper4')]
}

function Test-SimCaptchaBuild {
    <#
    .SYNOPSIS
    True when this build demands a captcha for Purpose (copy on 9.x; save on 9.x when client.captchaOnSave).
    #>
    param([Parameter(Mandatory = $true)][ValidateSet('copy', 'save')][string]$Purpose)
    $nine = ([string][SimFast]::Setting('build', '8.x') -like '9*')
    if ($Purpose -eq 'save') { return ($nine -and [bool][SimFast]::Setting('captchaOnSave', $false)) }
    $when = [string][SimFast]::Setting('captchaOnCopy', 'build')
    if ($when -eq 'always') { return $true }
    if ($when -eq 'sometimes') { return ((Get-SimCaptchaRandom).NextDouble() -lt 0.5) }
    return $nine
}

function Show-SimCaptchaDialog {
    <#
    .SYNOPSIS
    Opens the captcha dialog: top-level #32770 owned by the main frame with the prompt (0x3EC), the image Static
    0x965, the code Edit 0x964, the error Static 0x966, 确定 1 and 取消 2. Returns its id.
    #>
    param([Parameter(Mandatory = $true)][int]$PageId, [Parameter(Mandatory = $true)][string]$Purpose, [int]$Reads = 0)
    $t = $script:SimCaptchaTexts
    $prompt = $t.CopyPrompt
    if ($Purpose -eq 'save') { $prompt = $t.SavePrompt }
    $dialog = New-SimWindow -Owner $script:SimMainId -ClassName $script:POPUP_CLASS -Text $t.Title
    [void](New-SimWindow -Parent $dialog -ClassName 'Static' -ControlId $script:ID_POPUP_TEXT -Text $prompt)
    [void](New-SimWindow -Parent $dialog -ClassName 'Static' -ControlId $script:ID_CAPTCHA_IMAGE)
    [void](New-SimWindow -Parent $dialog -ClassName 'Edit' -ControlId $script:ID_CAPTCHA_EDIT)
    [void](New-SimWindow -Parent $dialog -ClassName 'Static' -ControlId $script:ID_CAPTCHA_ERROR)
    [void](New-SimWindow -Parent $dialog -ClassName 'Button' -ControlId $script:ID_BTN_OK -Text '确定')
    [void](New-SimWindow -Parent $dialog -ClassName 'Button' -ControlId $script:ID_BTN_CANCEL -Text '取消')
    $script:SimPopups[$dialog] = @{ Kind = 'captcha'; Form = @{ Code = (New-SimCaptchaCode); Purpose = $Purpose; PageId = $PageId; Reads = $Reads } }
    return $dialog
}

function Read-SimCaptchaImage {
    <#
    .SYNOPSIS
    What OCR reads from a captcha image control: @{ Text; Reason } - the code, or a wrong one for the first
    client.captchaMisreads reads of this dialog and then at client.captchaMisreadRate; Text $null when client.ocr is "none".
    #>
    param([Parameter(Mandatory = $true)][int64]$Id)
    if ([string][SimFast]::Setting('ocr', 'builtin') -eq 'none') {
        return @{ Text = $null; Reason = 'no installed language has OCR (simulated: client.ocr = "none")' }
    }
    $w = Get-SimWindowRecord -Id $Id
    if ($null -eq $w -or -not $script:SimPopups.ContainsKey([int64]$w.Parent) -or $script:SimPopups[[int64]$w.Parent].Kind -ne 'captcha') {
        return @{ Text = ''; Reason = $null }
    }
    $form = $script:SimPopups[[int64]$w.Parent].Form
    $code = [string]$form.Code
    $form.Reads = [int]$form.Reads + 1
    $misread = $form.Reads -le [int]([SimFast]::Decimal([SimFast]::Setting('captchaMisreads', 0)))
    $rate = [double]([SimFast]::Decimal([SimFast]::Setting('captchaMisreadRate', 0)))
    if (-not $misread -and $rate -gt 0) { $misread = (Get-SimCaptchaRandom).NextDouble() -lt $rate }
    if (-not $misread) { return @{ Text = $code; Reason = $null } }
    # A typical OCR slip: one character read as its look-alike neighbour in the alphabet.
    $alphabet = Get-SimCaptchaAlphabet
    $i = $alphabet.IndexOf($code[0])
    $wrong = [string]$alphabet[($i + 1) % $alphabet.Length] + $code.Substring(1)
    return @{ Text = $wrong; Reason = $null }
}

function Receive-SimDialogClick {
    <#
    .SYNOPSIS
    A click on a button of the captcha or the save dialog: 确定 with the right code performs the pending copy / save
    (a wrong one shows the error, a new code and empties the edit); 保存 writes the export file; 取消 closes.
    Returns $true when the click belonged to one of these dialogs.
    #>
    param([Parameter(Mandatory = $true)]$Window)
    $dialog = [int64]$Window.Parent
    if (-not $script:SimPopups.ContainsKey($dialog)) { return $false }
    $info = $script:SimPopups[$dialog]
    if ($info.Kind -ne 'captcha' -and $info.Kind -ne 'save') { return $false }
    if ($Window.ControlId -ne $script:ID_BTN_OK) {
        if ($Window.ControlId -eq $script:ID_BTN_CANCEL) { Remove-SimWindow -Id $dialog }
        return $true
    }
    if ($info.Kind -eq 'save') {
        Complete-SimExport -Dialog $dialog -PageId $info.Form.PageId
        return $true
    }
    $typed = (Get-SimControlText -Page $dialog -ControlId $script:ID_CAPTCHA_EDIT).Trim()
    $right = ($typed -ieq [string]$info.Form.Code)
    if ([string][SimFast]::Setting('captchaKind', 'upper4') -eq 'alnum4') { $right = ($typed -ceq [string]$info.Form.Code) }
    if ($info.Form.Purpose -eq 'stale') { $right = $false }   # a dialog from earlier: no answer opens anything
    if ($right) {
        Remove-SimWindow -Id $dialog
        if ($info.Form.Purpose -eq 'save') {
            Add-SimEvent -Kind 'saveDialog' -DelayMs (Get-SimDelayMs 'popupMs') -Data @{ PageId = $info.Form.PageId }
        } else {
            Add-SimEvent -Kind 'clipboard' -DelayMs (Get-SimDelayMs 'clipboardMs') -Data @{ PageId = $info.Form.PageId }
        }
        return $true
    }
    if ([SimFast]::Setting('captchaRecreateOnWrong', $false) -eq $true -and $info.Form.Purpose -ne 'stale') {
        # Some builds: the dialog is destroyed and a new one (new handle, new code) comes after popupMs.
        Remove-SimWindow -Id $dialog
        # The OCR reads so far carry over: client.captchaMisreads counts per captcha, recreated or not.
        Add-SimEvent -Kind 'captcha' -DelayMs (Get-SimDelayMs 'popupMs') -Data @{ PageId = $info.Form.PageId; Purpose = $info.Form.Purpose; Reads = [int]$info.Form.Reads }
        return $true
    }
    $info.Form.Code = New-SimCaptchaCode
    [SimFast]::SetControlText($dialog, $script:ID_CAPTCHA_ERROR, $script:SimCaptchaTexts.Wrong)
    [SimFast]::SetControlText($dialog, $script:ID_CAPTCHA_EDIT, '')
    return $true
}

function Start-SimGridCommand {
    <#
    .SYNOPSIS
    The copy (0xE122) or save (0xE103) command on a page's grid: on a captcha build the captcha dialog comes first;
    otherwise the copy fills the clipboard and the save opens the 另存为 dialog.
    #>
    param([Parameter(Mandatory = $true)][int]$PageId, [Parameter(Mandatory = $true)][int]$CommandId)
    $purpose = 'copy'
    if ($CommandId -eq $script:CMD_SAVE) { $purpose = 'save' }
    if (Test-SimCaptchaBuild -Purpose $purpose) {
        Add-SimEvent -Kind 'captcha' -DelayMs (Get-SimDelayMs 'popupMs') -Data @{ PageId = $PageId; Purpose = $purpose }
    } elseif ($purpose -eq 'save') {
        Add-SimEvent -Kind 'saveDialog' -DelayMs (Get-SimDelayMs 'popupMs') -Data @{ PageId = $PageId }
    } else {
        Add-SimEvent -Kind 'clipboard' -DelayMs (Get-SimDelayMs 'clipboardMs') -Data @{ PageId = $PageId }
    }
}

function Show-SimSaveDialog {
    <#
    .SYNOPSIS
    Opens the 另存为 dialog of the classic file dialog: title 另存为, file name Edit 1152 (a default name), 保存 1, 取消 2.
    #>
    param([Parameter(Mandatory = $true)][int]$PageId)
    $dialog = New-SimWindow -Owner $script:SimMainId -ClassName $script:POPUP_CLASS -Text $script:SimCaptchaTexts.SaveTitle
    [void](New-SimWindow -Parent $dialog -ClassName 'Static' -ControlId 1090 -Text '文件名(&N):')
    [void](New-SimWindow -Parent $dialog -ClassName 'Edit' -ControlId $script:ID_SAVE_FILE_NAME -Text 'table.xls')
    [void](New-SimWindow -Parent $dialog -ClassName 'Button' -ControlId $script:ID_BTN_OK -Text '保存(&S)')
    [void](New-SimWindow -Parent $dialog -ClassName 'Button' -ControlId $script:ID_BTN_CANCEL -Text '取消')
    $script:SimPopups[$dialog] = @{ Kind = 'save'; Form = @{ PageId = $PageId } }
    return $dialog
}

function ConvertTo-SimLocalPath {
    <#
    .SYNOPSIS
    A path as this process can open it: unchanged on Windows; elsewhere a Wine path Z:\x\y (Wine maps Z: to /) becomes
    /x/y, so the model can write the file a worker under Wine asked for.
    #>
    param([Parameter(Mandatory = $true)][string]$Path)
    if ([Environment]::OSVersion.Platform -eq [PlatformID]::Win32NT) { return $Path }
    if ($Path -match '^[Zz]:[\\/](.*)$') { return ('/' + ($Matches[1] -replace '\\', '/')) }
    return $Path
}

function Get-SimTextEncoding {
    <#
    .SYNOPSIS
    The encoding of a name: gbk (code page 936, registering the code-pages provider on .NET when needed) or utf8.
    #>
    param([Parameter(Mandatory = $true)][ValidateSet('gbk', 'utf8')][string]$Name)
    if ($Name -eq 'utf8') { return (New-Object System.Text.UTF8Encoding -ArgumentList $false) }
    try {
        return [System.Text.Encoding]::GetEncoding(936)
    } catch {
        [System.Text.Encoding]::RegisterProvider([System.Text.CodePagesEncodingProvider]::Instance)
        return [System.Text.Encoding]::GetEncoding(936)
    }
}

function Get-SimExportText {
    <#
    .SYNOPSIS
    The text of a page's grid, as the copy puts it on the clipboard and the export writes it (tab-separated, CR LF,
    header first).
    #>
    param([Parameter(Mandatory = $true)][int]$PageId)
    if ($PageId -eq $script:PAGE_FUNDS) { return (Get-SimPositionsText) }
    if ($PageId -eq $script:PAGE_ORDERS) { return (Get-SimOrdersText) }
    if ($PageId -eq $script:PAGE_TRADES) { return (Get-SimTradesText) }
    if ($PageId -eq $script:PAGE_IPO) { return (Get-SimIpoText) }
    if ($PageId -eq $script:PAGE_CANCEL) { return (Get-SimCancelGridText) }   # SimCancelPage.ps1
    if ($null -ne (Get-SimCreditPage -PageId $PageId)) { return (Get-SimCreditGridText -PageId $PageId) }   # SimCreditPages.ps1
    return ''
}

function Complete-SimExport {
    <#
    .SYNOPSIS
    保存 on the save dialog: writes the page's grid to the file named in the edit (GBK) and closes the dialog; a
    folder that does not exist gets the client's refusal popup and the dialog stays.
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog, [Parameter(Mandatory = $true)][int]$PageId)
    $name = (Get-SimControlText -Page $Dialog -ControlId $script:ID_SAVE_FILE_NAME).Trim()
    $local = ConvertTo-SimLocalPath -Path $name
    $dir = ''
    if ([System.IO.Path]::IsPathRooted($local)) { $dir = [System.IO.Path]::GetDirectoryName($local) }
    if (-not $dir -or -not [System.IO.Directory]::Exists($dir)) {
        [void](Show-SimPopup -Title $script:SimCaptchaTexts.SaveTitle -Text ($script:SimCaptchaTexts.NoFolder -f $name))
        return
    }
    [System.IO.File]::WriteAllText($local, (Get-SimExportText -PageId $PageId), (Get-SimTextEncoding -Name 'gbk'))
    Remove-SimWindow -Id $Dialog
}
