# OrderForm.ps1 - the order form's own fields, for Invoke-ThsOrder (Orders.ps1): a clean form, the exchange combo 1003,
# the market-order type combo 1541 and the limit / market price-mode label 1400.

$script:ThsExchangeComboText = @{ SH = '上海Ａ股'; SZ = '深圳Ａ股'; BJ = '北京Ａ股' }
# Market-order types of combo 1541, from the one list the HTTP layer reads too (market-types.json; which exchange has
# which is checked by the HTTP layer and by the client).
$script:ThsMarketTypes = [System.Collections.Generic.List[string]]::new()
foreach ($thsType in (ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText([System.IO.Path]::Combine($PSScriptRoot, '../market-types.json'), [System.Text.Encoding]::UTF8)))) {
    $script:ThsMarketTypes.Add([string]$thsType.name)
}
Remove-Variable -Name thsType
$script:ThsLimitType = '限价委托'

function Test-ThsPriceTypeName {
    <#
    .SYNOPSIS
    Validates -PriceType: empty (a limit order) or one of market-types.json's names; throws naming them otherwise.
    #>
    param([AllowEmptyString()][string]$Name)
    if ($Name -eq '' -or $script:ThsMarketTypes.Contains($Name)) { return $true }
    throw ('PriceType "' + $Name + '" is not a market-order type of combo 1541: use one of ' + ($script:ThsMarketTypes -join ', ') + ', or none for a limit order.')
}

function Clear-ThsOrderForm {
    <#
    .SYNOPSIS
    Empties the amount, price and code edits (typed when this worker types its input) and the name and max labels.
    #>
    param([int64]$CodeHandle, [int64]$PriceHandle, [int64]$AmountHandle, [int64]$NameHandle, [int64]$MaxHandle = 0)
    Set-ThsField -Handle $AmountHandle -Text '' -What '委托数量' -Typed:$script:ThsTypeInput
    Set-ThsField -Handle $PriceHandle -Text '' -What '委托价格' -Typed:$script:ThsTypeInput
    Set-ThsField -Handle $CodeHandle -Text '' -What '证券代码' -Typed:$script:ThsTypeInput
    [void](Set-PortText -Handle $NameHandle -Text '')
    if ($MaxHandle -ne 0) { [void](Set-PortText -Handle $MaxHandle -Text '') }
}

function Select-ThsExchange {
    <#
    .SYNOPSIS
    Selects the exchange in combo 1003 when one was asked for and the client shows another.
    #>
    param($Page, [string]$Exchange)
    if (-not $Exchange) { return }
    $combo = Find-ThsControl -Controls $Page.Controls -ControlId $script:ID_EXCHANGE
    if ($null -eq $combo) { return }
    $want = $script:ThsExchangeComboText[$Exchange]
    $now = Get-PortText -Handle ([int64]$combo.Handle)
    if ($now -eq $want) { return }
    $index = Select-PortComboItem -Handle ([int64]$combo.Handle) -Text $want
    if ($index -lt 0) { Write-ThsLog -Level 'warn' -Message ('exchange combo has no item ' + $want + ' (shows ' + $now + ')') }
}

function Test-ThsMarketModeText {
    <#
    .SYNOPSIS
    True when label 1400 shows market mode: its text has 市价 (limit mode reads 买入价格 / 卖出价格). Any other text,
    unknown to us, is taken as limit mode: the label is then left alone (a click would turn it to market).
    #>
    param([AllowEmptyString()][AllowNull()][string]$Text)
    return ([string]$Text).Contains('市价')
}

function Confirm-ThsLimitPriceMode {
    <#
    .SYNOPSIS
    A limit order: when the price-mode label 1400 shows market mode (the client switched to the mode it remembers for
    the code), clicks it once and waits for limit mode; still market: price_mode_stuck, nothing submitted.
    .DESCRIPTION
    The label is a Static with SS_NOTIFY: a click reaches the page as WM_COMMAND STN_CLICKED with the label's handle,
    which is what is sent (message-level, no focus). A page without the label is as before. Waits at most
    PRICE_MODE_TOGGLE_TIMEOUT_MS (the client asks the server).
    #>
    param([Parameter(Mandatory = $true)]$Page)
    $label = Find-ThsControl -Controls $Page.Controls -ControlId $script:ID_PRICE_MODE
    if ($null -eq $label) { return }
    $h = [int64]$label.Handle
    $text = Get-ThsText -Handle $h
    if (-not (Test-ThsMarketModeText -Text $text)) { return }
    Write-ThsLog -Level 'info' -Message ('price-mode label shows ' + $text + ': clicking it for a limit order')
    $wParam = ([int64]$script:STN_CLICKED -shl 16) -bor [int64]$script:ID_PRICE_MODE
    $sent = Send-PortMessage -Handle ([int64]$Page.Page) -Message $script:WM_COMMAND -WParam $wParam -LParam $h
    if ($sent.TimedOut) {
        throw (New-ThsError -Code 'client_not_responding' -Message ('切换限价 / 市价时交易客户端 ' + $script:PORT_SEND_TIMEOUT_MS + ' ms 内没有响应：请检查客户端，没有下单。'))
    }
    $deadline = New-ThsDeadline -Milliseconds $script:PRICE_MODE_TOGGLE_TIMEOUT_MS
    $text = Get-ThsText -Handle $h
    while ((Test-ThsMarketModeText -Text $text) -and -not (Test-ThsDeadlinePassed $deadline)) {
        Wait-ThsTick -Deadline $deadline
        $text = Get-ThsText -Handle $h
    }
    if (Test-ThsMarketModeText -Text $text) {
        throw (New-ThsError -Code 'price_mode_stuck' -Message ('价格标签（id ' + $script:ID_PRICE_MODE + '）显示“' + $text + '”（市价模式），点击后 ' + $script:PRICE_MODE_TOGGLE_TIMEOUT_MS + ' ms 内没有切回限价：限价委托没有下单。'))
    }
}

function Select-ThsPriceType {
    <#
    .SYNOPSIS
    Sets combo 1541 to a market-order type, or back to 限价委托 for a limit order when a market type is showing, then
    tells the page (WM_COMMAND CBN_SELCHANGE, as a user's choice would) and reads the choice back.
    .DESCRIPTION
    CB_SELECTSTRING changes the combo without notifying its parent; the client reads the choice on CBN_SELCHANGE, so
    it is sent to the page like the combo itself would. A limit order on a page without the combo is fine; a market
    order is not (control_not_found), and a choice that does not read back is field_rejected: nothing is submitted.
    #>
    param([Parameter(Mandatory = $true)]$Page, [AllowEmptyString()][string]$PriceType)
    $combo = Find-ThsControl -Controls $Page.Controls -ControlId $script:ID_PRICE_TYPE
    if ($null -eq $combo -and $PriceType) {
        # A page is built control by control: give a late combo the page's own deadline before giving up.
        $deadline = New-ThsDeadline -Milliseconds $script:PAGE_SWITCH_TIMEOUT_MS
        while ($null -eq $combo -and -not (Test-ThsDeadlinePassed $deadline)) {
            Wait-ThsTick -Deadline $deadline
            $combo = Find-ThsControl -Controls (Get-ThsSubtree -Tree (Get-ThsTree -Handle (Get-ThsMainWindow).Handle) -Root ([int64]$Page.Page)) -ControlId $script:ID_PRICE_TYPE
        }
    }
    if ($null -eq $combo) {
        if (-not $PriceType) { return }
        throw (New-ThsError -Code 'control_not_found' -Message ('页面上没有找到委托方式下拉框（id ' + $script:ID_PRICE_TYPE + '），无法下市价委托“' + $PriceType + '”：客户端版本可能不同。'))
    }
    $h = [int64]$combo.Handle
    $now = Get-ThsText -Handle $h
    $want = $PriceType
    if (-not $PriceType) {
        if (-not $script:ThsMarketTypes.Contains($now)) { return }  # already a limit order
        $want = $script:ThsLimitType
    }
    if ($now -ne $want) {
        $index = Select-PortComboItem -Handle $h -Text $want
        if ($index -lt 0) {
            throw (New-ThsError -Code 'field_rejected' -Message ('委托方式下拉框（id ' + $script:ID_PRICE_TYPE + '）里没有“' + $want + '”（现在是“' + $now + '”）：客户端版本可能不同，没有下单。'))
        }
        $wParam = ([int64]$script:CBN_SELCHANGE -shl 16) -bor [int64]$script:ID_PRICE_TYPE
        $sent = Send-PortMessage -Handle ([int64]$Page.Page) -Message $script:WM_COMMAND -WParam $wParam -LParam $h
        if ($sent.TimedOut) {
            throw (New-ThsError -Code 'client_not_responding' -Message ('选择委托方式时交易客户端 ' + $script:PORT_SEND_TIMEOUT_MS + ' ms 内没有响应：请检查客户端。'))
        }
    }
    $shown = Get-ThsText -Handle $h
    if ($shown -ne $want) {
        throw (New-ThsError -Code 'field_rejected' -Message ('委托方式下拉框没有选中“' + $want + '”（读回“' + $shown + '”），没有下单。'))
    }
}
