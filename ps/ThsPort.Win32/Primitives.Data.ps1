# Primitives.Data.ps1 - the Win32 port's data primitives: the clipboard, process elevation, the session lock, the captcha image through
# Windows OCR, text files and their removal. Dot-sourced by ThsPort.Win32.psm1.

function Get-PortClipboardSequence {
    <#
    .SYNOPSIS
    The clipboard sequence number (GetClipboardSequenceNumber): it changes whenever the clipboard does.
    #>
    return [ThsUser32]::GetClipboardSequenceNumber()
}

function Get-PortClipboardText {
    <#
    .SYNOPSIS
    The clipboard's Unicode text, read on a dedicated STA thread (OpenClipboard retried while another process holds
    it, GetClipboardData(CF_UNICODETEXT), CloseClipboard). Returns the string, or $null (busy, empty or no text).
    #>
    return [ThsUser32]::ReadClipboardText($script:CLIPBOARD_OPEN_TRIES, $script:CLIPBOARD_OPEN_WAIT_MS, $script:CLIPBOARD_READ_TIMEOUT_MS)
}

function Test-PortProcessElevated {
    <#
    .SYNOPSIS
    Whether a process runs elevated (OpenProcess + OpenProcessToken + GetTokenInformation(TokenElevation)).
    Returns $true / $false, or $null when it cannot be known (access denied, process gone).
    #>
    param([Parameter(Mandatory = $true)][int64]$ProcessId)
    $e = [ThsUser32]::GetProcessElevation([uint32]$ProcessId)
    if ($e -lt 0) { return $null }
    return ($e -eq 1)
}

function Test-PortSelfElevated {
    <#
    .SYNOPSIS
    Whether this PowerShell process runs elevated ($false when it cannot be told).
    #>
    return ([ThsUser32]::GetProcessElevation(0) -eq 1)
}

function Get-PortSessionLocked {
    <#
    .SYNOPSIS
    Whether this process's Windows session is locked (WTSQuerySessionInformationW, WTSSessionInfoEx: SessionFlags).
    Returns $true / $false, or $null when it cannot be told (older Windows, the query failed). Window messages keep
    working on a locked screen; the doctor reports it.
    #>
    $state = [ThsUser32]::GetSessionLockState()
    if ($state -lt 0) { return $null }
    return ($state -eq 1)
}

function Read-PortCaptchaText {
    <#
    .SYNOPSIS
    Reads a captcha image control with Windows' built-in OCR (Windows.Media.Ocr through WinRT): PrintWindow of the
    control into a BMP file, then Ocr.WinRT.ps1 (beside this module) in Windows PowerShell 5.1 - in this process on 5.1, as a one-shot
    powershell.exe on PowerShell 7 (which cannot load WinRT types), bounded by $OCR_TIMEOUT_MS.
    Returns @{ Text; Reason }: Text is what OCR read ('' when it read nothing); Text is $null, with Reason saying why,
    when no OCR could run (no installed language has OCR, no powershell.exe, WinRT error, timeout).
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle)
    $ocrScript = [System.IO.Path]::Combine($script:ThsPortRoot, 'Ocr.WinRT.ps1')
    $image = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), ('ths-captcha-' + $PID + '-' + [Guid]::NewGuid().ToString('N') + '.bmp'))
    try {
        $failed = [ThsUser32]::CaptureWindowBitmap($Handle, $image, 96, 8)
        if ($null -ne $failed) { return @{ Text = $null; Reason = ('the captcha image could not be captured: ' + $failed) } }
        $output = ''
        if ($PSVersionTable.PSEdition -eq 'Desktop') {
            $output = (@(& $ocrScript -ImagePath $image -TimeoutMs $script:OCR_TIMEOUT_MS) | ForEach-Object { [string]$_ }) -join "`n"
        } else {
            $exe = [System.IO.Path]::Combine([Environment]::GetFolderPath([Environment+SpecialFolder]::System), 'WindowsPowerShell\v1.0\powershell.exe')
            if (-not [System.IO.File]::Exists($exe)) {
                return @{ Text = $null; Reason = ('Windows PowerShell 5.1 (' + $exe + ') was not found: PowerShell 7 cannot load the WinRT OCR types itself, and Windows 10 / 11 ship powershell.exe') }
            }
            $psi = [System.Diagnostics.ProcessStartInfo]::new()
            $psi.FileName = $exe
            $psi.Arguments = '-NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "' + $ocrScript + '" -ImagePath "' + $image + '" -TimeoutMs ' + $script:OCR_TIMEOUT_MS
            $psi.UseShellExecute = $false
            $psi.CreateNoWindow = $true
            $psi.RedirectStandardOutput = $true
            $psi.RedirectStandardError = $true
            $proc = [System.Diagnostics.Process]::Start($psi)
            try {
                $stdout = $proc.StandardOutput.ReadToEndAsync()
                $stderr = $proc.StandardError.ReadToEndAsync()
                if (-not $proc.WaitForExit($script:OCR_TIMEOUT_MS)) {
                    try { $proc.Kill() } catch { Write-Verbose ('could not stop the OCR process: ' + $_.Exception.Message) }
                    return @{ Text = $null; Reason = ('OCR in powershell.exe did not finish within ' + $script:OCR_TIMEOUT_MS + ' ms') }
                }
                if ($stdout.Wait($script:PORT_SEND_TIMEOUT_MS)) { $output = $stdout.Result }
                if (-not $output -and $stderr.Wait($script:PORT_SEND_TIMEOUT_MS)) { $output = 'THS-OCR STDERR ' + $stderr.Result }
            } finally {
                $proc.Dispose()
            }
        }
        foreach ($line in ($output -split "`r?`n")) {
            if ($line -match '^THS-OCR OK (\S*)$') {
                return @{ Text = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Matches[1])).Trim(); Reason = $null }
            }
            if ($line -match '^THS-OCR NOLANG') {
                return @{ Text = $null; Reason = 'no installed language has OCR (OcrEngine.TryCreateFromUserProfileLanguages returned null): add one in Settings > Time & language > Language, e.g. English (United States), with its optical character recognition feature' }
            }
            if ($line -match '^THS-OCR ERROR (\S*)$') {
                return @{ Text = $null; Reason = ('Windows OCR failed: ' + [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Matches[1]))) }
            }
        }
        $shown = $output
        if ($shown.Length -gt 300) { $shown = $shown.Substring(0, 300) }
        return @{ Text = $null; Reason = ('Windows OCR gave no answer: ' + $shown) }
    } finally {
        if ([System.IO.File]::Exists($image)) { [System.IO.File]::Delete($image) }
    }
}

function Read-PortTextFile {
    <#
    .SYNOPSIS
    A whole text file (File.ReadAllText) in the given encoding: gbk = code page 936 (the client's export), or utf8.
    Returns the text, or $null when the file does not exist or cannot be read yet (still being written).
    #>
    param(
        [Parameter(Mandatory = $true)][string]$Path,
        [ValidateSet('gbk', 'utf8')][string]$Encoding = 'gbk'
    )
    if (-not [System.IO.File]::Exists($Path)) { return $null }
    $enc = [System.Text.Encoding]::UTF8
    if ($Encoding -eq 'gbk') {
        try {
            $enc = [System.Text.Encoding]::GetEncoding(936)
        } catch {
            # .NET (PowerShell 7) knows code page 936 only once the code-pages provider is registered.
            [System.Text.Encoding]::RegisterProvider([System.Text.CodePagesEncodingProvider]::Instance)
            $enc = [System.Text.Encoding]::GetEncoding(936)
        }
    }
    try {
        return [System.IO.File]::ReadAllText($Path, $enc)
    } catch [System.IO.IOException] {
        return $null
    } catch [System.UnauthorizedAccessException] {
        return $null
    }
}

function Remove-PortFile {
    <#
    .SYNOPSIS
    Deletes a file (File.Delete): $true when it is gone afterwards (also when it never existed).
    #>
    param([Parameter(Mandatory = $true)][string]$Path)
    try {
        if ([System.IO.File]::Exists($Path)) { [System.IO.File]::Delete($Path) }
    } catch [System.IO.IOException] {
        return $false
    } catch [System.UnauthorizedAccessException] {
        return $false
    }
    return (-not [System.IO.File]::Exists($Path))
}

function Get-PortProcessPath {
    <#
    .SYNOPSIS
    The full path of a process's exe (OpenProcess + QueryFullProcessImageNameW), or $null when it cannot be read
    (access denied, process gone).
    #>
    param([Parameter(Mandatory = $true)][int64]$ProcessId)
    $p = [ThsUser32]::GetProcessImagePath([uint32]$ProcessId)
    if ([string]::IsNullOrEmpty($p)) { return $null }
    return [string]$p
}

function Get-PortFileVersion {
    <#
    .SYNOPSIS
    The version an exe carries (FileVersionInfo.GetVersionInfo: ProductVersion, else FileVersion), or $null when the
    file has no version resource or cannot be read. The doctor reports it as the client's build.
    #>
    param([Parameter(Mandatory = $true)][string]$Path)
    try { $info = [System.Diagnostics.FileVersionInfo]::GetVersionInfo($Path) } catch { return $null }
    foreach ($v in @([string]$info.ProductVersion, [string]$info.FileVersion)) { if ($v.Trim()) { return $v.Trim() } }
    return $null
}
