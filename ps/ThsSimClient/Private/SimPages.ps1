# SimPages.ps1 - the simulated client's window tree: the main frame, the page dialogs and their controls, popups
# (docs/WINDOW-PORT.md). Dot-sourced by ../ThsSimClient.psm1 after SimWindows.ps1.

# Price types offered by combo 1541: 限价委托, then the market-order types of SimMatching.ps1 in their order.
$script:SimMarketOrderTypes = @(@($script:SimLimitTypeName) + @($script:SimMarketTypes.Keys))

function Initialize-SimWindowTree {
    <#
    .SYNOPSIS
    Builds the main frame: menu tree 129 and MDIClient 0xE900 -> page container 0xE901 (no page yet).
    #>
    Reset-SimWindows
    $frameClass = [string][SimFast]::Setting('frameClass', 'AfxMDIFrame140s')
    $wndClass = 'AfxWnd140s'
    if ($frameClass -like '*42s') { $wndClass = 'AfxWnd42s' }
    $script:SimMainId = New-SimWindow -ClassName $frameClass -Text ([string][SimFast]::Setting('title', '网上股票交易系统5.0'))
    if (Test-SimCreditAccount) { Add-SimCreditWindows } else { [void](New-SimWindow -Parent $script:SimMainId -ClassName 'SysTreeView32' -ControlId $script:ID_MENU_TREE) }   # SimCredit.ps1: tab 1001, tree 513
    $mdi = New-SimWindow -Parent $script:SimMainId -ClassName 'MDIClient' -ControlId $script:ID_MDI_CLIENT
    $script:SimContainerId = New-SimWindow -Parent $mdi -ClassName $wndClass -ControlId $script:ID_PAGE_CONTAINER
}

function New-SimTradePage {
    <#
    .SYNOPSIS
    The buy (161) or sell (162) page dialog with its edits, labels, combos and submit button.
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog, [Parameter(Mandatory = $true)][int]$PageId)
    $isBuy = [SimFast]::BuyPage($PageId)
    foreach ($id in @($script:ID_CODE, $script:ID_PRICE, $script:ID_AMOUNT)) { [void](New-SimWindow -Parent $Dialog -ClassName 'Edit' -ControlId $id) }
    $button = '卖出[S]'
    $maxId = $script:ID_MAX_SELL
    if ($isBuy) { $button = '买入[B]'; $maxId = $script:ID_MAX_BUY }
    [void](New-SimWindow -Parent $Dialog -ClassName 'Button' -ControlId $script:ID_SUBMIT -Text $button)
    [void](New-SimWindow -Parent $Dialog -ClassName 'Static' -ControlId $script:ID_NAME)
    [void](New-SimWindow -Parent $Dialog -ClassName 'Static' -ControlId $maxId)
    foreach ($id in @($script:ID_LAST, $script:ID_LIMIT_UP, $script:ID_LIMIT_DOWN)) { [void](New-SimWindow -Parent $Dialog -ClassName 'Static' -ControlId $id -Text '-') }
    # The optional controls (exchange combo, price-mode label, price-type combo): with client.optionalControlsLate (a
    # fault injection: pages are built control by control) only once the page's code edit is first heard.
    if ([SimFast]::Setting('optionalControlsLate', $false) -ne $true) { Add-SimTradePageOptionals -Dialog $Dialog -PageId $PageId }
}

function Add-SimTradePageOptionals {
    <#
    .SYNOPSIS
    The controls of a trade page the worker does not wait for (Pages.ps1 ThsPageControls): exchange combo 1003 (unless
    client.exchangeCombo is false), label 1400 and combo 1541 (not on a credit account's limit pages: its market
    orders have a page of their own, 市价委托 -> 融资买入). Those already there are not created again.
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog, [Parameter(Mandatory = $true)][int]$PageId)
    # client.exchangeCombo = $false: builds without the exchange selector (THS-UI-FACTS: "Exchange selector removed").
    if ([SimFast]::Setting('exchangeCombo', $true) -ne $false -and (Find-SimControl -Root $Dialog -ControlId $script:ID_EXCHANGE) -eq 0) {
        $exchanges = @($script:SimExchangeNames.SH, $script:SimExchangeNames.SZ, $script:SimExchangeNames.BJ)
        [void](New-SimWindow -Parent $Dialog -ClassName 'ComboBox' -ControlId $script:ID_EXCHANGE -Items $exchanges)
    }
    # Label 1400 (买入价格 / 卖出价格): the limit / market toggle of SimFields.ps1 (Receive-SimPriceModeClick).
    if ((Find-SimControl -Root $Dialog -ControlId $script:ID_PRICE_MODE) -eq 0) {
        [void](New-SimWindow -Parent $Dialog -ClassName 'Static' -ControlId $script:ID_PRICE_MODE -Text (Get-SimPriceModeText -PageId $PageId -Mode (Get-SimPriceMode -PageId $PageId)))
    }
    $credit = Get-SimCreditPage -PageId $PageId   # SimCredit.ps1
    if (($null -eq $credit -or $credit.Market) -and (Find-SimControl -Root $Dialog -ControlId $script:ID_PRICE_TYPE) -eq 0) {
        [void](New-SimWindow -Parent $Dialog -ClassName 'ComboBox' -ControlId $script:ID_PRICE_TYPE -Items $script:SimMarketOrderTypes)
    }
}

function New-SimGrid {
    <#
    .SYNOPSIS
    The grid of a page: HexinScrollWnd 1047 -> HexinScrollWnd2 200 -> CVirtualGridCtrl 1047.
    #>
    param([Parameter(Mandatory = $true)][int64]$Dialog)
    $outer = New-SimWindow -Parent $Dialog -ClassName 'HexinScrollWnd' -ControlId $script:ID_GRID
    $inner = New-SimWindow -Parent $outer -ClassName 'HexinScrollWnd2' -ControlId 200
    [void](New-SimWindow -Parent $inner -ClassName $script:GRID_CLASS -ControlId $script:ID_GRID)
}

function New-SimPage {
    <#
    .SYNOPSIS
    Creates the dialog of a page under the container (hidden) and returns its id, or 0 for a page the simulation
    does not have. New pages (163 cancel, 554 IPO...) are one more case here.
    #>
    param([Parameter(Mandatory = $true)][int]$PageId)
    if (-not (Test-SimPageAvailable -PageId $PageId)) { return [int64]0 }
    $dialog = New-SimWindow -Parent $script:SimContainerId -ClassName $script:POPUP_CLASS -Visible $false
    if ($null -ne (Get-SimCreditPage -PageId $PageId)) {
        New-SimCreditPage -Dialog $dialog -PageId $PageId   # SimCredit.ps1
    } elseif ($PageId -eq $script:PAGE_BUY -or $PageId -eq $script:PAGE_SELL) {
        New-SimTradePage -Dialog $dialog -PageId $PageId
    } elseif ($PageId -eq $script:PAGE_CANCEL) {
        New-SimCancelPage -Dialog $dialog   # SimCancelPage.ps1
    } elseif ($PageId -eq $script:PAGE_IPO) {
        New-SimIpoPage -Dialog $dialog   # SimIpo.ps1
    } elseif ($PageId -eq $script:PAGE_FUNDS) {
        foreach ($id in @(1012, 1013, 1014, 1015, 1016, 1017, 1026, 1027)) { [void](New-SimWindow -Parent $dialog -ClassName 'Static' -ControlId $id) }
        New-SimGrid -Dialog $dialog
    } else {
        New-SimGrid -Dialog $dialog
    }
    $script:SimPageDialogs[$PageId] = $dialog
    $script:SimDialogPages[$dialog] = $PageId
    return $dialog
}

function Show-SimPageWindow {
    <#
    .SYNOPSIS
    Makes a page's dialog the visible one (creating it on the first visit); returns its id or 0.
    #>
    param([Parameter(Mandatory = $true)][int]$PageId)
    $dialog = [int64]0
    if ($script:SimPageDialogs.ContainsKey($PageId)) { $dialog = [int64]$script:SimPageDialogs[$PageId] } else { $dialog = New-SimPage -PageId $PageId }
    if ($dialog -eq 0) { return $dialog }
    foreach ($d in @($script:SimDialogPages.Keys)) {
        $w = $script:SimWin[[int64]$d]
        $visible = ([int64]$d -eq $dialog)
        if ($w.Visible -ne $visible) { $w.Visible = $visible; $script:SimRevision++; $w.Rev = $script:SimRevision }
    }
    $script:SimActivePageId = $PageId
    return $dialog
}

function Show-SimPopup {
    <#
    .SYNOPSIS
    Opens a popup: top-level #32770 owned by the main frame, Static 1365 title, Static 0x3EC body, buttons
    (1 确定; 6 是 / 7 否 for confirmations). Returns its id.
    #>
    param(
        [Parameter(Mandatory = $true)][string]$Title,
        [Parameter(Mandatory = $true)][AllowEmptyString()][string]$Text,
        [ValidateSet('info', 'confirm')][string]$Kind = 'info',
        $Form = $null
    )
    $popup = New-SimWindow -Owner $script:SimMainId -ClassName $script:POPUP_CLASS -Text $Title
    [void](New-SimWindow -Parent $popup -ClassName 'Static' -ControlId $script:ID_POPUP_TITLE -Text $Title)
    [void](New-SimWindow -Parent $popup -ClassName 'Static' -ControlId $script:ID_POPUP_TEXT -Text $Text)
    if ($Kind -eq 'confirm') {
        [void](New-SimWindow -Parent $popup -ClassName 'Button' -ControlId $script:ID_BTN_YES -Text '是(Y)')
        [void](New-SimWindow -Parent $popup -ClassName 'Button' -ControlId $script:ID_BTN_NO -Text '否(N)')
    } else {
        [void](New-SimWindow -Parent $popup -ClassName 'Button' -ControlId $script:ID_BTN_OK -Text '确定')
    }
    $script:SimPopups[$popup] = @{ Kind = $Kind; Form = $Form }
    return $popup
}
