#requires -Version 5.1
<#
.SYNOPSIS
Reads the text of one image file with Windows' built-in OCR (Windows.Media.Ocr through WinRT) and prints one line.

.DESCRIPTION
Runs only in Windows PowerShell 5.1 on Windows 10 or later: PowerShell 7 cannot load WinRT types. Port.Win32.ps1
(Read-PortCaptchaText) runs it in-process when the worker itself runs on 5.1, and as a one-shot
`powershell.exe -File Ocr.WinRT.ps1 -ImagePath ...` when the worker runs on PowerShell 7. Its output is its protocol,
exactly one line:
    THS-OCR OK <base64 of the UTF-8 text>
    THS-OCR NOLANG                             no installed language has OCR
    THS-OCR ERROR <base64 of the UTF-8 message>
Every WinRT wait is bounded by TimeoutMs.

.PARAMETER ImagePath
The image (a BMP written by the port).

.PARAMETER TimeoutMs
Bound of each asynchronous WinRT operation.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidateNotNullOrEmpty()][string]$ImagePath,
    [int]$TimeoutMs = 20000
)

function ConvertTo-ThsOcrBase64 {
    <#
    .SYNOPSIS
    UTF-8 bytes of a text as base64 (the answer line stays ASCII whatever the console code page).
    #>
    param([AllowEmptyString()][string]$Text)
    return [Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($Text))
}

function Wait-ThsOcrOperation {
    <#
    .SYNOPSIS
    Waits (bounded) for a WinRT IAsyncOperation through WindowsRuntimeSystemExtensions.AsTask and returns its result.
    #>
    param([Parameter(Mandatory = $true)]$Operation, [Parameter(Mandatory = $true)][type]$ResultType, [int]$Milliseconds)
    $asTask = $null
    foreach ($m in [System.WindowsRuntimeSystemExtensions].GetMethods()) {
        if ($m.Name -ne 'AsTask' -or -not $m.IsGenericMethodDefinition) { continue }
        $ps = $m.GetParameters()
        if ($ps.Count -eq 1 -and $ps[0].ParameterType.Name -eq 'IAsyncOperation`1') { $asTask = $m; break }
    }
    if ($null -eq $asTask) { throw 'WindowsRuntimeSystemExtensions.AsTask(IAsyncOperation) was not found' }
    $task = $asTask.MakeGenericMethod($ResultType).Invoke($null, @($Operation))
    if (-not $task.Wait($Milliseconds)) { throw ('a WinRT operation did not finish within ' + $Milliseconds + ' ms') }
    return $task.Result
}

function Read-ThsOcrImage {
    <#
    .SYNOPSIS
    The answer line for one image: OK with the text, NOLANG, or ERROR with the message.
    #>
    param([Parameter(Mandatory = $true)][string]$Path, [int]$Milliseconds)
    try {
        Add-Type -AssemblyName System.Runtime.WindowsRuntime
        $null = [Windows.Media.Ocr.OcrEngine, Windows.Foundation, ContentType = WindowsRuntime]
        $null = [Windows.Media.Ocr.OcrResult, Windows.Foundation, ContentType = WindowsRuntime]
        $null = [Windows.Storage.StorageFile, Windows.Storage, ContentType = WindowsRuntime]
        $null = [Windows.Storage.FileAccessMode, Windows.Storage, ContentType = WindowsRuntime]
        $null = [Windows.Storage.Streams.IRandomAccessStream, Windows.Storage.Streams, ContentType = WindowsRuntime]
        $null = [Windows.Graphics.Imaging.BitmapDecoder, Windows.Graphics, ContentType = WindowsRuntime]
        $null = [Windows.Graphics.Imaging.SoftwareBitmap, Windows.Graphics, ContentType = WindowsRuntime]
        $engine = [Windows.Media.Ocr.OcrEngine]::TryCreateFromUserProfileLanguages()
        if ($null -eq $engine) { return 'THS-OCR NOLANG' }
        $full = [System.IO.Path]::GetFullPath($Path)
        $file = Wait-ThsOcrOperation -Operation ([Windows.Storage.StorageFile]::GetFileFromPathAsync($full)) -ResultType ([Windows.Storage.StorageFile]) -Milliseconds $Milliseconds
        $stream = Wait-ThsOcrOperation -Operation ($file.OpenAsync([Windows.Storage.FileAccessMode]::Read)) -ResultType ([Windows.Storage.Streams.IRandomAccessStream]) -Milliseconds $Milliseconds
        try {
            $decoder = Wait-ThsOcrOperation -Operation ([Windows.Graphics.Imaging.BitmapDecoder]::CreateAsync($stream)) -ResultType ([Windows.Graphics.Imaging.BitmapDecoder]) -Milliseconds $Milliseconds
            $bitmap = Wait-ThsOcrOperation -Operation ($decoder.GetSoftwareBitmapAsync()) -ResultType ([Windows.Graphics.Imaging.SoftwareBitmap]) -Milliseconds $Milliseconds
            $result = Wait-ThsOcrOperation -Operation ($engine.RecognizeAsync($bitmap)) -ResultType ([Windows.Media.Ocr.OcrResult]) -Milliseconds $Milliseconds
            return ('THS-OCR OK ' + (ConvertTo-ThsOcrBase64 -Text ([string]$result.Text)))
        } finally {
            $stream.Dispose()
        }
    } catch {
        $err = $_
        return ('THS-OCR ERROR ' + (ConvertTo-ThsOcrBase64 -Text ([string]$err.Exception.Message)))
    }
}

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
# The answer line is this script's output (captured by the caller in-process, or read from the one-shot's stdout).
Read-ThsOcrImage -Path $ImagePath -Milliseconds $TimeoutMs
