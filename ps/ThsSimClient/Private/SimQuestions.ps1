# SimQuestions.ps1 - what the simulated client asks between the submit click and the order: its warnings (price
# deviation, risk-warning stocks) and the 委托确认, each a 是 / 否 popup; 是 on the last one places the order.
# Dot-sourced by ../ThsSimClient.psm1.

function Get-SimConfirmText {
    <#
    .SYNOPSIS
    The body of the 委托确认 popup for an order form.
    #>
    param([Parameter(Mandatory = $true)]$Form)
    $code = $Form.Code.Trim()
    $name = ''
    $q = Get-SimQuote -Code $code
    if ($null -ne $q) { $name = [string]$q.name }
    $holder = [string](Get-SimValue -Map $script:SimState.account.shareholders -Key (Get-SimCodeExchange -Code $code) -Default '')
    $sideText = '卖出'
    if ($Form.Side -eq 'buy') { $sideText = '买入' }
    if ($Form.ContainsKey('PageId')) { $credit = Get-SimCreditPage -PageId ([int]$Form.PageId); if ($null -ne $credit) { $sideText = $credit.Name } }   # 融资买入 ...
    return ($script:SimTexts.ConfirmBody -f $holder, $code, $name, $sideText, $Form.PriceText.Trim(), $Form.AmountText.Trim())
}

function Get-SimOrderWarnings {
    <#
    .SYNOPSIS
    The client's warnings for an order form, in the order it asks them: @{ Title; Text } each. A limit price further
    from the last price than client.warnPriceDeviationPct (%, 0 or absent = off); with client.riskWarnings, a buy of a
    name with ST (风险警示) or 退 (退市整理).
    #>
    param([Parameter(Mandatory = $true)]$Form)
    $t = $script:SimTexts
    $list = [System.Collections.ArrayList]::new()
    $q = Get-SimQuote -Code $Form.Code.Trim()
    if ($null -eq $q) { return , $list.ToArray() }
    $pct = Get-SimNumberSetting -Name 'warnPriceDeviationPct'
    $price = ConvertTo-SimPrice -Text $Form.PriceText
    $type = ([string]$Form.PriceTypeText).Trim()
    $limitOrder = (-not $type -or $type -eq $script:SimLimitTypeName)
    if ($pct -gt 0 -and $limitOrder -and $null -ne $price) {
        $last = [SimFast]::Decimal($q.last)
        $off = [Math]::Abs($price - $last) / $last * 100
        if ($off -gt $pct) {
            [void]$list.Add(@{ Title = $t.WarningTitle; Text = ($t.PriceDeviation -f (Format-SimDecimal $price 2), (Format-SimDecimal $last 2), (Format-SimDecimal $off 2), (Format-SimDecimal $pct 2)) })
        }
    }
    if ([bool][SimFast]::Setting('riskWarnings', $false) -and $Form.Side -eq 'buy') {
        $name = [string]$q.name
        if ($name.Contains('退')) { [void]$list.Add(@{ Title = $t.WarningTitle; Text = ($t.Delisting -f $name, $Form.Code.Trim()) }) }
        elseif ($name -match 'ST') { [void]$list.Add(@{ Title = $t.WarningTitle; Text = ($t.RiskWarning -f $name, $Form.Code.Trim()) }) }
    }
    return , $list.ToArray()
}

function Start-SimOrderQuestions {
    <#
    .SYNOPSIS
    What the client asks before it places an order: its warnings (Get-SimOrderWarnings), then 委托确认 when
    client.orderConfirm is on, each a 是 / 否 popup after popupMs; with none, the order is placed at once.
    .DESCRIPTION
    client.confirmShows (fault injection) changes fields of the form at the click ({ "amount": "1000" }; keys code, side,
    price, amount): a late overwrite of the form after the worker read it back. The confirmation and what 是 places
    both show the changed values.
    #>
    param([Parameter(Mandatory = $true)]$Form)
    $over = Get-SimOverrideSetting -Name 'confirmShows' -Keys @('code', 'side', 'price', 'amount')
    if ($over.ContainsKey('code')) { $Form.Code = [string]$over['code'] }
    if ($over.ContainsKey('side')) { $Form.Side = [string]$over['side'] }
    if ($over.ContainsKey('price')) { $Form.PriceText = [string]$over['price'] }
    if ($over.ContainsKey('amount')) { $Form.AmountText = [string]$over['amount'] }
    $questions = [System.Collections.ArrayList]::new()
    foreach ($w in (Get-SimOrderWarnings -Form $Form)) { [void]$questions.Add($w) }   # SimAccount.ps1
    if ([bool][SimFast]::Setting('orderConfirm', $false)) {
        [void]$questions.Add(@{ Title = $script:SimTexts.ConfirmTitle; Text = (Get-SimConfirmText -Form $Form) })
    }
    $Form['Questions'] = $questions
    Step-SimOrderQuestions -Form $Form
}

function Step-SimOrderQuestions {
    <#
    .SYNOPSIS
    Opens the order's next question (after popupMs), or places the order when none is left (是 to the last one).
    #>
    param([Parameter(Mandatory = $true)]$Form)
    $questions = $Form['Questions']
    if ($null -eq $questions -or $questions.Count -eq 0) { Submit-SimOrderWithReply -Form $Form; return }
    $next = $questions[0]
    $questions.RemoveAt(0)
    Add-SimEvent -Kind 'popup' -DelayMs (Get-SimDelayMs 'popupMs') -Data @{ Title = $next.Title; Text = $next.Text; Kind = 'confirm'; Form = $Form }
}
