# Errors.ps1 - the worker's one error shape: an exception carrying a protocol code and whether an order was submitted,
# and the registry of every code the worker can send (docs/PROTOCOL.md "Error codes from the worker").

# Code -> what it means. New-ThsError refuses any other code; Get-ThsErrorCodes hands the list to the bridge's tests.
$script:ThsErrorCodes = [ordered]@{
    bad_request           = 'unknown command or bad args'
    client_not_found      = 'no trading window'
    client_elevated       = 'the client runs as administrator and the worker does not (UIPI)'
    client_not_responding = 'a SendMessageTimeout to the client timed out'
    page_not_found        = 'a page did not appear after its WM_COMMAND'
    control_not_found     = 'an expected control id was missing on the page'
    field_rejected        = 'a WM_SETTEXT did not take'
    stock_not_recognised  = 'the stock name label stayed empty after the code was typed (and retyped): nothing clicked'
    price_mode_stuck      = 'label 1400 stayed in market mode after one click (limit order): nothing submitted'
    broker_disconnected   = 'the status bar says the link to the broker is down: reads could be stale, nothing clicked'
    label_timeout         = 'a label did not fill in time'
    max_quantity_zero     = 'amount=max and the client shows 0'
    client_ambiguous      = 'the trading window holds both the plain menu tree 129 and the credit tree 513: nothing placed'
    not_cash_account      = "a reverse repo asked of a credit account's client: nothing placed"
    not_credit_account    = "a credit (margin) page was asked of a cash account's client (no credit tree 513)"
    menu_item_not_found   = "the credit menu tree has no item at the page's path (or refused it)"
    invalid_price_type    = "a market order of a credit account other than a margin buy (its only market page): nothing typed"
    repo_unit_unknown     = "a reverse repo: the client's quantity unit could not be told from its max label and cash: nothing submitted"
    clipboard_failed      = 'the grid copy did not reach the clipboard'
    cancel_ambiguous      = 'several open orders share the code: nothing clicked'
    sim_only              = 'sim on a worker that does not run -Backend Sim'
    invalid_stock_code    = 'sim: no quote for the code'
    captcha_failed        = 'the export demanded a captcha that could not be read'
    export_failed         = 'the save-to-file export failed'
    ipo_not_offered       = 'ipo_subscribe with a code not offered today'
    outcome_unknown       = 'the submit click was sent but no result popup came, or its text is not in the popup table'
    broker_forward_failed = 'the result popup says 事务处理机转发数据失败: the outcome is unknown'
    broker_begin_failed   = 'the result popup says Begin failed!: the outcome is unknown'
    broker_send_failed    = 'the result popup says [主站]数据发送错误: the outcome is unknown'
    confirmation_mismatch = 'the confirmation did not show what was asked: answered No, nothing placed'
    client_warning        = 'the client warned (price deviation, risk-warning stock ...): answered No, nothing placed'
    internal              = 'an unexpected exception in the worker'
}

function Get-ThsErrorCodes {
    <#
    .SYNOPSIS
    Every error code the worker can send, sorted (the registry New-ThsError checks against).
    .EXAMPLE
    Import-Module ./ps/ThsWorker/ThsWorker.psd1; Get-ThsErrorCodes
    #>
    [CmdletBinding()]
    [OutputType([string[]])]
    param()
    $codes = [System.Collections.Generic.List[string]]::new()
    foreach ($k in $script:ThsErrorCodes.Keys) { $codes.Add([string]$k) }
    $codes.Sort([System.StringComparer]::Ordinal)
    return $codes.ToArray()
}

function New-ThsError {
    <#
    .SYNOPSIS
    Builds an exception with a protocol error code (see docs/PROTOCOL.md) for `throw`.
    .PARAMETER Code
    One of the worker error codes of Get-ThsErrorCodes (client_not_found, page_not_found, outcome_unknown, ...); any
    other code is refused (a programming error: add it to the registry and to docs/PROTOCOL.md first).
    .PARAMETER Message
    What happened and what to do next, in Chinese first.
    .PARAMETER Submitted
    True when the submit click had already been sent: the order's outcome is then unknown, never "failed".
    .PARAMETER NoPopup
    With outcome_unknown: no result popup came at all (the protocol's `popup: false`; in the quick-trade mode a success
    looks like this, so the server looks for the order in today's orders).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string]$Code,
        [Parameter(Mandatory = $true)][string]$Message,
        [switch]$Submitted,
        [switch]$NoPopup
    )
    if (-not $script:ThsErrorCodes.Contains($Code)) {
        throw ('New-ThsError: "' + $Code + '" is not a worker error code (Get-ThsErrorCodes): add it to the registry in ps/ThsWorker/Private/Errors.ps1 and to docs/PROTOCOL.md.')
    }
    $ex = New-Object System.InvalidOperationException($Message)
    $ex.Data['ThsCode'] = $Code
    $ex.Data['ThsSubmitted'] = [bool]$Submitted
    if ($NoPopup) { $ex.Data['ThsNoPopup'] = $true }
    return $ex
}

function ConvertTo-ThsErrorInfo {
    <#
    .SYNOPSIS
    Turns a caught ErrorRecord into the protocol's error object @{ code; message; submitted } (and popup = $false when
    no result popup came).
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)]$ErrorRecord)
    $ex = $ErrorRecord.Exception
    while ($null -ne $ex -and -not $ex.Data.Contains('ThsCode') -and $null -ne $ex.InnerException) {
        $ex = $ex.InnerException
    }
    if ($null -ne $ex -and $ex.Data.Contains('ThsCode')) {
        $info = [ordered]@{ code = [string]$ex.Data['ThsCode']; message = $ex.Message; submitted = [bool]$ex.Data['ThsSubmitted'] }
        if ($ex.Data.Contains('ThsNoPopup')) { $info['popup'] = $false }
        return $info
    }
    $where = ''
    if ($null -ne $ErrorRecord.InvocationInfo) { $where = ' (' + $ErrorRecord.InvocationInfo.PositionMessage.Split("`n")[0] + ')' }
    return [ordered]@{ code = 'internal'; message = ('worker internal error: ' + $ErrorRecord.Exception.Message + $where); submitted = $false }
}
