# Ipo.ps1 - new-share subscription (新股申购, page 554): today's offers from the page's grid, and a subscription at
# the maximum quantity for each (or one) through the page's form, answered with the client's own text.

function Get-ThsIpoOffers {
    <#
    .SYNOPSIS
    Today's new shares as the IPO page's grid shows them (证券代码, 证券名称, 发行价, 可申购数量 ...): @{ Columns; Rows }.
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Sim; (Get-ThsIpoOffers).Rows | Format-Table
    #>
    [CmdletBinding()]
    param()
    $ctx = Enter-ThsCommand -Name 'ipo'
    return (Read-ThsGridPage -PageId $script:PAGE_IPO -ProcessId $ctx.Main.ProcessId)
}

function Invoke-ThsIpoSubscribe {
    <#
    .SYNOPSIS
    Subscribes today's new shares at each one's maximum quantity (all of them, or the one Code), one form submit per
    code; returns @{ results = one entry per code (success, the client's text, contract number); offers }.
    .DESCRIPTION
    For each offer: sets the code (WM_SETTEXT), waits for the name and the maximum-quantity labels, sets the issue
    price when the client left it empty, sets the amount to the maximum, prints the `submitting` event, clicks 申购 and
    reads the result popup. A refusal is a result with success = $false and refusal = its code: the popup table's
    (docs/popups.md; already subscribed, no quota ...), confirmation_mismatch (a confirmation that does not show the
    code, issue price and quantity: answered 否) or client_warning (any other question: answered 否). Thrown with
    submitted set: outcome_unknown (no result popup, or a text the table does not know), broker_forward_failed / broker_begin_failed / broker_send_failed.
    .PARAMETER Code
    One offer's code; empty = every offer of today.
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Sim; (Invoke-ThsIpoSubscribe).results
    #>
    [CmdletBinding()]
    param([AllowEmptyString()][ValidatePattern('^$|^\d{6}$')][string]$Code = '')
    $ctx = Enter-ThsCommand -Name 'ipo_subscribe'
    $main = $ctx.Main
    $grid = Read-ThsGridPage -PageId $script:PAGE_IPO -ProcessId $main.ProcessId
    $offers = @($grid.Rows)
    if ($Code) {
        $offers = @($grid.Rows | Where-Object { $_['证券代码'] -eq $Code })
        if ($offers.Count -eq 0) {
            $codes = @($grid.Rows | ForEach-Object { [string]$_['证券代码'] }) -join '、'
            if (-not $codes) { $codes = '无' }
            throw (New-ThsError -Code 'ipo_not_offered' -Message ('今日可申购的新股中没有 ' + $Code + '（今日：' + $codes + '）。'))
        }
    }
    $results = [System.Collections.ArrayList]::new()
    if ($offers.Count -eq 0) { return [ordered]@{ results = $results.ToArray(); offers = 0 } }
    $page = Switch-ThsPage -PageId $script:PAGE_IPO -Grid
    $codeH = Get-ThsRequiredControl -Page $page -ControlId $script:ID_CODE -What '申购代码'
    $amountH = Get-ThsRequiredControl -Page $page -ControlId $script:ID_AMOUNT -What '申购数量'
    $submitH = Get-ThsRequiredControl -Page $page -ControlId $script:ID_SUBMIT -What '申购按钮'
    $priceH = [int64]0
    $ctl = Find-ThsControl -Controls $page.Controls -ControlId $script:ID_PRICE
    if ($null -ne $ctl) { $priceH = [int64]$ctl.Handle }
    $nameH = [int64]0
    $ctl = Find-ThsControl -Controls $page.Controls -ControlId $script:ID_NAME
    if ($null -ne $ctl) { $nameH = [int64]$ctl.Handle }
    $maxH = [int64]0
    $ctl = Find-ThsControl -Controls $page.Controls -ControlId $script:ID_MAX_BUY
    if ($null -ne $ctl) { $maxH = [int64]$ctl.Handle }
    $inv = [System.Globalization.CultureInfo]::InvariantCulture
    foreach ($offer in $offers) {
        $offerCode = [string]$offer['证券代码']
        [void](Clear-ThsPopups -ProcessId $main.ProcessId)
        Set-ThsField -Handle $amountH -Text '' -What '申购数量'
        if ($priceH -ne 0) { Set-ThsField -Handle $priceH -Text '' -What '申购价格' }
        if ($maxH -ne 0) { [void](Set-PortText -Handle $maxH -Text '') }
        Set-ThsField -Handle $codeH -Text $offerCode -What '申购代码'
        $name = [string]$offer['证券名称']
        if ($nameH -ne 0) {
            $shown = Wait-ThsLabel -Handle $nameH
            if ($null -ne $shown) { $name = $shown }
        }
        $quantity = [int64]$offer['可申购数量']
        if ($maxH -ne 0) {
            $maxText = Wait-ThsLabel -Handle $maxH
            if ($null -ne $maxText -and $maxText -match '(\d+)') { $quantity = [int64]$Matches[1] }
        }
        $price = ''
        if ($null -ne $offer['发行价']) { $price = ([decimal]$offer['发行价']).ToString('0.00##', $inv) }
        if ($quantity -le 0) {
            [void]$results.Add([ordered]@{ code = $offerCode; name = $name; price = $price; amount = 0; success = $false
                    message = ('客户端显示 ' + $offerCode + ' 的可申购数量为 0，没有申购。'); entrustNo = $null; error = 'max_quantity_zero' })
            continue
        }
        if ($priceH -ne 0 -and $price -and -not (Get-ThsText -Handle $priceH).Trim()) { Set-ThsField -Handle $priceH -Text $price -What '申购价格' }
        Set-ThsField -Handle $amountH -Text ([string]$quantity) -What '申购数量'
        if ((Get-ThsText -Handle $codeH) -ne $offerCode) { Set-ThsField -Handle $codeH -Text $offerCode -What '申购代码' }
        $confirm = @{ Side = ''; Code = $offerCode; Price = $price; Amount = [string]$quantity }
        $popup = Invoke-ThsSubmit -Button $submitH -ProcessId $main.ProcessId -What '新股申购' -Action 'ipo' -Expect $confirm
        $one = [ordered]@{ code = $offerCode; name = $name; price = $price; amount = $quantity; success = $popup.Success
            message = $popup.Text; entrustNo = $popup.EntrustNo; error = $popup.Refusal }
        if ($popup.Refusal) { $one['refusal'] = $popup.Refusal }
        if ($popup.Warning) { $one['warning'] = $popup.Warning }
        [void]$results.Add($one)
    }
    [void](Clear-ThsPopups -ProcessId $main.ProcessId)
    return [ordered]@{ results = $results.ToArray(); offers = $offers.Count }
}
