# Submit.ps1 - the one submit of the worker: orders, cancels and IPO subscriptions all click their button through
# Invoke-ThsSubmit, which prints the events the bridge relies on, and the popup table (../popup-texts.json,
# docs/popups.md) that says what a result popup's text means. An unknown text is "outcome unknown", never a refusal.

# The popup table, the one source for PowerShell, TypeScript (src/core/popups.ts) and docs/popups.md (checked by a test).
$script:ThsPopupTable = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText([System.IO.Path]::Combine($PSScriptRoot, '../popup-texts.json'), [System.Text.Encoding]::UTF8))
$script:ThsActions = @('buy', 'sell', 'cancel', 'ipo', 'repay')

function Get-ThsWarningKinds {
    <#
    .SYNOPSIS
    The warning kinds of the popup table that accept_warnings may list (every kind but unknown).
    #>
    $kinds = [System.Collections.Generic.List[string]]::new()
    foreach ($w in @($script:ThsPopupTable.warnings)) { $kinds.Add([string]$w.kind) }
    return , $kinds.ToArray()
}

function Test-ThsAcceptWarnings {
    <#
    .SYNOPSIS
    Validates -AcceptWarnings: each entry a warning kind of the popup table; throws naming the valid kinds otherwise.
    #>
    param([AllowEmptyCollection()][string[]]$Kinds)
    $valid = Get-ThsWarningKinds
    foreach ($k in @($Kinds)) {
        if ($valid -notcontains $k) {
            throw ('AcceptWarnings "' + $k + '" is not a warning kind of ps/ThsWorker/popup-texts.json: use ' + ($valid -join ', ') + ' (unknown questions are always answered No).')
        }
    }
    return $true
}

function ConvertFrom-ThsResultText {
    <#
    .SYNOPSIS
    What a result popup's text means for an action, by the popup table: @{ Outcome = accepted | rejected | unknown;
    Code (the registry code of a refusal or a broker failure; outcome_unknown for a text the table does not know);
    EntrustNo (accepted only); Success; Id (the table entry) }.
    .DESCRIPTION
    Entries are tried in the table's order, case-sensitive; the first one of the action whose pattern matches decides.
    A text with one of the table's negations (未成功, 不成功, 失败) is never a success, whatever else it says.
    .PARAMETER Action
    buy, sell, cancel, ipo or repay (直接还款 / 直接还券): a success text of one action is not a success of another.
    #>
    param(
        [AllowEmptyString()][string]$Text,
        [Parameter(Mandatory = $true)][ValidateSet('buy', 'sell', 'cancel', 'ipo', 'repay')][string]$Action
    )
    $t = ([string]$Text).Trim()
    $negated = $false
    foreach ($n in @($script:ThsPopupTable.negations)) { if ($t.Contains([string]$n)) { $negated = $true } }
    foreach ($e in @($script:ThsPopupTable.results)) {
        if (@($e.actions) -notcontains $Action) { continue }
        $accepted = ([string]$e.outcome -eq 'accepted')
        if ($accepted -and $negated) { continue }
        if (-not [regex]::IsMatch($t, [string]$e.match)) { continue }
        $no = $null
        if ($accepted -and $t -match '合同编号[：:]\s*([A-Za-z0-9]+)') { $no = $Matches[1] }
        $code = $null
        if ($null -ne $e.code) { $code = [string]$e.code }
        return @{ Outcome = [string]$e.outcome; Code = $code; EntrustNo = $no; Success = $accepted; Id = [string]$e.id }
    }
    return @{ Outcome = 'unknown'; Code = 'outcome_unknown'; EntrustNo = $null; Success = $false; Id = $null }
}

function Invoke-ThsSubmit {
    <#
    .SYNOPSIS
    Clicks a submit button and returns the client's answer: @{ Title; Text; Confirmations; Warnings; EntrustNo; Success;
    Refusal; Warning }. A refusal (the client's, or the worker's 否 to a confirmation or a warning) has Success $false
    and Refusal = its registry code.
    .DESCRIPTION
    Prints `submitting`, posts BM_CLICK to the button, makes one cheap port call (on Windows a no-op query; in the
    simulation the moment the client handles its queue) and prints `submitted`: the click was delivered. Then answers
    the questions (Wait-ThsResultPopup: a confirmation that shows what -Expect says gets 是, a warning whose kind is in
    -AcceptWarnings gets 是, anything else 否), reads and closes the result popup and prints `answered`. The result text
    is classified by the popup table (ConvertFrom-ThsResultText). Thrown with submitted set (the outcome is unknown:
    check today's orders, never retry): outcome_unknown when no result popup comes within POPUP_TIMEOUT_MS (with
    -ResultDisplay Toast, for a buy or sell: TOAST_POPUP_TIMEOUT_MS; thrown with NoPopup, the protocol's popup: false)
    or its text is not in the table; the table's own unknown code (broker_forward_failed, broker_begin_failed,
    broker_send_failed) when it is a server-side popup saying the link to the broker failed.
    .PARAMETER What
    The action in messages (买入委托, 撤单, 新股申购 ...).
    .PARAMETER Action
    buy, sell, cancel, ipo or repay (直接还款 / 直接还券): which rows of the popup table apply.
    .PARAMETER Expect
    What the confirmation must show (see Test-ThsConfirmation); $null = no confirmation can match (answered 否).
    .PARAMETER AcceptWarnings
    Warning kinds of the popup table answered 是 (the risk config's accept_warnings); any other warning gets 否.
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Button,
        [Parameter(Mandatory = $true)][int]$ProcessId,
        [Parameter(Mandatory = $true)][string]$What,
        [Parameter(Mandatory = $true)][ValidateSet('buy', 'sell', 'cancel', 'ipo', 'repay')][string]$Action,
        $Expect = $null,
        [AllowEmptyCollection()][string[]]$AcceptWarnings = @()
    )
    Write-ThsEvent -Event 'submitting'
    [void](Push-PortMessage -Handle $Button -Message $script:BM_CLICK -WParam 0 -LParam 0)
    [void](Get-PortWindowInfo -Handle $Button)
    Write-ThsEvent -Event 'submitted'
    $timeout = $script:POPUP_TIMEOUT_MS
    if ($script:ThsOptions.ResultDisplay -eq 'toast' -and @('buy', 'sell') -contains $Action) { $timeout = $script:TOAST_POPUP_TIMEOUT_MS }
    $popup = Wait-ThsResultPopup -ProcessId $ProcessId -Action $Action -Expect $Expect -AcceptWarnings $AcceptWarnings -TimeoutMs $timeout
    if ($null -eq $popup) {
        throw (New-ThsError -Submitted -NoPopup -Code 'outcome_unknown' -Message ('已点击提交，但 ' + $timeout + ' ms 内没有出现结果弹窗：' + $What + '结果未知，请在客户端的当日委托里核对，不要直接重试。'))
    }
    Write-ThsEvent -Event 'answered'
    $answer = @{
        Title = $popup.Title; Text = $popup.Text; Confirmations = $popup.Confirmations; Warnings = $popup.Warnings
        EntrustNo = $null; Success = $false; Refusal = $null; Warning = $null
    }
    if ($popup.Refused) {
        # The worker answered 否 and the dialog closed: nothing was placed, a final answer.
        $answer.Refusal = $popup.Refusal; $answer.Warning = $popup.Warning; $answer.Text = $popup.Message
        return $answer
    }
    $said = ConvertFrom-ThsResultText -Text $popup.Text -Action $Action
    if ($said.Outcome -eq 'unknown' -and $said.Code -ne 'outcome_unknown') {
        # A server-side popup of the table (broker_forward_failed, broker_begin_failed, broker_send_failed): its own code.
        throw (New-ThsError -Submitted -Code $said.Code -Message ('客户端报告与券商主站通信失败：“' + $popup.Text + '”。' + $What + '结果未知，正在对账，请在客户端的当日委托里核对，不要直接重试。'))
    }
    if ($said.Outcome -eq 'unknown') {
        throw (New-ThsError -Submitted -Code 'outcome_unknown' -Message ('客户端的结果弹窗内容不在弹窗表（docs/popups.md）中：“' + $popup.Text + '”。' + $What + '结果未知，请在客户端的当日委托里核对，不要直接重试。'))
    }
    $answer.Success = $said.Success
    $answer.EntrustNo = $said.EntrustNo
    if (-not $said.Success) { $answer.Refusal = $said.Code }
    return $answer
}
