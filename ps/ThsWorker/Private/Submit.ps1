# Submit.ps1 - the one submit of the worker: orders, cancels and IPO subscriptions all click their button through
# Invoke-ThsSubmit, which prints the events the bridge relies on and decides "outcome unknown".

function ConvertFrom-ThsResultText {
    <#
    .SYNOPSIS
    What a result popup's text says: @{ EntrustNo = the contract number (合同编号：...) or $null; Success = a contract
    number or 成功 in the text }.
    #>
    param([AllowEmptyString()][string]$Text)
    $entrustNo = $null
    if ($Text -match '合同编号[：:]\s*([A-Za-z0-9]+)') { $entrustNo = $Matches[1] }
    return @{ EntrustNo = $entrustNo; Success = (($null -ne $entrustNo) -or ($Text -like '*成功*')) }
}

function Invoke-ThsSubmit {
    <#
    .SYNOPSIS
    Clicks a submit button and returns the client's answer: @{ Title; Text; Confirmations; EntrustNo; Success }.
    .DESCRIPTION
    Prints `submitting`, posts BM_CLICK to the button, makes one cheap port call (on Windows a no-op query; in the
    simulation the moment the client handles its queue) and prints `submitted`: the click was delivered. Then answers
    confirmations with 是, reads and closes the result popup and prints `answered`. When no result popup comes within
    POPUP_TIMEOUT_MS it throws outcome_unknown with submitted set: the click was sent, so the outcome is unknown (check
    today's orders), never "failed". Any error after `submitting` is reported submitted by Invoke-ThsRequest too.
    .PARAMETER What
    The action in the outcome_unknown message (买入委托, 撤单, 新股申购 ...).
    #>
    param(
        [Parameter(Mandatory = $true)][int64]$Button,
        [Parameter(Mandatory = $true)][int]$ProcessId,
        [Parameter(Mandatory = $true)][string]$What
    )
    Write-ThsEvent -Event 'submitting'
    [void](Push-PortMessage -Handle $Button -Message $script:BM_CLICK -WParam 0 -LParam 0)
    [void](Get-PortWindowInfo -Handle $Button)
    Write-ThsEvent -Event 'submitted'
    $popup = Wait-ThsResultPopup -ProcessId $ProcessId
    if ($null -eq $popup) {
        throw (New-ThsError -Submitted -Code 'outcome_unknown' -Message ('已点击提交，但 ' + $script:POPUP_TIMEOUT_MS + ' ms 内没有出现结果弹窗：' + $What + '结果未知，请在客户端的当日委托里核对，不要直接重试。'))
    }
    Write-ThsEvent -Event 'answered'
    $said = ConvertFrom-ThsResultText -Text $popup.Text
    return @{ Title = $popup.Title; Text = $popup.Text; Confirmations = $popup.Confirmations; EntrustNo = $said.EntrustNo; Success = $said.Success }
}
