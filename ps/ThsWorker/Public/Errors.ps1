# Errors.ps1 - the worker's one error shape: an exception carrying a protocol code and whether an order was submitted.

function New-ThsError {
    <#
    .SYNOPSIS
    Builds an exception with a protocol error code (see docs/PROTOCOL.md) for `throw`.
    .PARAMETER Code
    One of the worker error codes (client_not_found, page_not_found, field_rejected, outcome_unknown, ...).
    .PARAMETER Message
    What happened and what to do next, in Chinese first.
    .PARAMETER Submitted
    True when the submit click had already been sent: the order's outcome is then unknown, never "failed".
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Code,
        [Parameter(Mandatory = $true)][string]$Message,
        [switch]$Submitted
    )
    $ex = New-Object System.InvalidOperationException($Message)
    $ex.Data['ThsCode'] = $Code
    $ex.Data['ThsSubmitted'] = [bool]$Submitted
    return $ex
}

function ConvertTo-ThsErrorInfo {
    <#
    .SYNOPSIS
    Turns a caught ErrorRecord into the protocol's error object @{ code; message; submitted }.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)]$ErrorRecord)
    $ex = $ErrorRecord.Exception
    while ($null -ne $ex -and -not $ex.Data.Contains('ThsCode') -and $null -ne $ex.InnerException) {
        $ex = $ex.InnerException
    }
    if ($null -ne $ex -and $ex.Data.Contains('ThsCode')) {
        return [ordered]@{ code = [string]$ex.Data['ThsCode']; message = $ex.Message; submitted = [bool]$ex.Data['ThsSubmitted'] }
    }
    $where = ''
    if ($null -ne $ErrorRecord.InvocationInfo) { $where = ' (' + $ErrorRecord.InvocationInfo.PositionMessage.Split("`n")[0] + ')' }
    return [ordered]@{ code = 'internal'; message = ('worker internal error: ' + $ErrorRecord.Exception.Message + $where); submitted = $false }
}
