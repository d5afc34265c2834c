# SimMessages.ps1 - what the simulated client does with each window message: page commands, grid copy, clicks on
# submit and popup buttons, combo selection, WM_CLOSE (the order form's edits: SimFields.ps1). Dot-sourced by
# ../ThsSimClient.psm1.

function Invoke-SimMessage {
    <#
    .SYNOPSIS
    Delivers one message synchronously: WM_COMMAND, BM_CLICK, WM_SETTEXT (-LParam is the string), WM_CHAR (-WParam is
    one UTF-16 code, 0x08 backspace), EM_SETSEL (0, -1 selects all), WM_GETTEXT, WM_GETTEXTLENGTH, CB_SELECTSTRING (-LParam is the string), WM_CLOSE,
    TVM_SELECTITEM (-WParam TVGN_CARET, -LParam the item). Returns @{ Result; Delivered }
    (Delivered = $false for a window that does not exist or a hung client, with Hung = $true for the latter).
    #>
    param([Parameter(Mandatory = $true)][int64]$Id, [Parameter(Mandatory = $true)][int]$Message, $WParam = 0, $LParam = 0)
    $w = $null   # Get-SimWindowRecord inlined: this runs for every simulated message
    if ($null -ne $script:SimWin -and $script:SimWin.ContainsKey($Id)) { $w = $script:SimWin[$Id] }
    if ($null -eq $w) { return @{ Result = 0; Delivered = $false; Hung = $false } }
    if ([SimFast]::Hung()) { return @{ Result = 0; Delivered = $false; Hung = $true } }
    $result = 0
    if ($Message -eq $script:WM_SETTEXT) { $result = Receive-SimSetText -Window $w -Text ([string]$LParam) }
    elseif ($Message -eq $script:WM_CHAR) { $result = Receive-SimChar -Window $w -Code ([int]([int64]$WParam -band 0xFFFF)) }
    elseif ($Message -eq $script:EM_SETSEL) { $result = Receive-SimSelect -Window $w -Start ([int64]$WParam) -End ([int64]$LParam) }
    elseif ($Message -eq $script:WM_GETTEXT) { $result = [string]$w.Text }
    elseif ($Message -eq $script:WM_GETTEXTLENGTH) { $result = ([string]$w.Text).Length }
    elseif ($Message -eq $script:WM_COMMAND) { $result = Receive-SimCommand -Window $w -CommandId ([int]([int64]$WParam -band 0xFFFF)) }
    elseif ($Message -eq $script:BM_CLICK) { $result = Receive-SimClick -Window $w }
    elseif ($Message -eq $script:CB_SELECTSTRING) { $result = Receive-SimComboSelect -Window $w -Text ([string]$LParam) }
    elseif ($Message -eq $script:WM_CLOSE) { $result = Receive-SimClose -Window $w }
    elseif ($Message -eq $script:TVM_SELECTITEM) { $result = Receive-SimTreeSelect -Window $w -Code ([int64]$WParam) -Item ([int64]$LParam) }   # SimTree.ps1
    return @{ Result = $result; Delivered = $true; Hung = $false }
}

function Get-SimForm {
    <#
    .SYNOPSIS
    The client's private state of a trade page: @{ PriceByClient } (price edit filled by the client).
    #>
    param([Parameter(Mandatory = $true)][int]$PageId)
    if (-not $script:SimForms.ContainsKey($PageId)) { $script:SimForms[$PageId] = @{ PriceByClient = $false } }
    return $script:SimForms[$PageId]
}

function Test-SimPageAvailable {
    <#
    .SYNOPSIS
    True for a page this client has: the plain pages (a credit client's order pages are its credit pages instead of
    161 / 162), and a credit client's credit pages.
    #>
    param([int]$PageId)
    if (Test-SimCreditAccount) { return ($null -ne (Get-SimCreditPage -PageId $PageId) -or @($script:PAGE_CANCEL, $script:PAGE_FUNDS, $script:PAGE_TRADES, $script:PAGE_ORDERS, $script:PAGE_IPO) -contains $PageId) }
    return ($script:SimSupportedPages -contains $PageId)
}

function Receive-SimCommand {
    <#
    .SYNOPSIS
    WM_COMMAND: to the main frame a page id (shown after pageMs) or refresh; to a grid the copy command.
    #>
    param([Parameter(Mandatory = $true)]$Window, [int]$CommandId)
    if ([int64]$Window.Id -eq $script:SimMainId) {
        if ($CommandId -eq $script:CMD_REFRESH) {
            if ($script:SimActivePageId -eq $script:PAGE_FUNDS) { Reset-SimFundsLabels -Dialog ([int64]$script:SimPageDialogs[$script:PAGE_FUNDS]) }
            Add-SimRefresh   # SimIpo.ps1
        } elseif ($null -eq (Get-SimCreditPage -PageId $CommandId) -and (Test-SimPageAvailable -PageId $CommandId)) {   # credit pages: only from the tree
            Add-SimEvent -Kind 'showPage' -DelayMs (Get-SimDelayMs 'pageMs') -Data @{ PageId = $CommandId }
        }
        return 0
    }
    if ($CommandId -eq $script:ID_PRICE_MODE) { return (Receive-SimPriceModeClick -Window $Window) }   # SimFields.ps1: STN_CLICKED of label 1400
    if ($Window.ClassName -eq $script:GRID_CLASS -and ($CommandId -eq $script:CMD_COPY -or $CommandId -eq $script:CMD_SAVE)) {
        $page = [SimFast]::PageOf($Window.Id)
        if ($null -ne $page) { Start-SimGridCommand -PageId $page.PageId -CommandId $CommandId }   # SimCaptcha.ps1: captcha on 9.x
    }
    return 0
}

function Receive-SimClick {
    <#
    .SYNOPSIS
    BM_CLICK: a popup button closes its popup (是 on 委托确认 places the order); the submit button submits the form,
    unless a popup is open (it is modal: the page does not take clicks then).
    #>
    param([Parameter(Mandatory = $true)]$Window)
    if ($Window.ClassName -ne 'Button') { return 0 }
    $parent = [int64]$Window.Parent
    if (Receive-SimDialogClick -Window $Window) { return 0 }   # SimCaptcha.ps1: captcha and save dialogs
    if ($script:SimPopups.ContainsKey($parent)) {
        Close-SimPopup -Popup $parent -ButtonId $Window.ControlId
        return 0
    }
    $onPage = [SimFast]::PageOf($Window.Id)
    if ($null -ne $onPage -and $onPage.PageId -eq $script:PAGE_CANCEL -and $script:SimPopups.Count -eq 0) {
        Receive-SimCancelClick -Window $Window -Dialog $onPage.Dialog   # SimCancelPage.ps1
        return 0
    }
    if ($Window.ControlId -ne $script:ID_SUBMIT -or $script:SimPopups.Count -gt 0) { return 0 }
    if (Submit-SimIpoForm -Window $Window) { return 0 }   # SimIpo.ps1
    if (Submit-SimRepayForm -Window $Window) { return 0 }   # SimCreditRepay.ps1: 直接还款 / 直接还券
    $page = [SimFast]::PageOf($Window.Id)
    if ($null -eq $page -or -not [SimFast]::TradePage($page.PageId)) { return 0 }
    $side = 'sell'
    if ([SimFast]::BuyPage($page.PageId)) { $side = 'buy' }
    $credit = Get-SimCreditPage -PageId $page.PageId
    # The form the client submits is what it heard (unheardSetTextIds: not what the edits show).
    $form = @{
        Side         = $side
        Code         = [SimFast]::ControlHeardText($page.Dialog, $script:ID_CODE)
        PriceText    = [SimFast]::ControlHeardText($page.Dialog, $script:ID_PRICE)
        AmountText   = [SimFast]::ControlHeardText($page.Dialog, $script:ID_AMOUNT)
        ExchangeText = Get-SimControlText -Page $page.Dialog -ControlId $script:ID_EXCHANGE
        PriceTypeText = Get-SimControlText -Page $page.Dialog -ControlId $script:ID_PRICE_TYPE
        PageId       = $page.PageId
        Credit       = ''
    }
    if ($null -ne $credit) { $form.Credit = [string]$credit.Kind }
    Start-SimOrderQuestions -Form $form
    return 0
}

function Submit-SimOrderWithReply {
    <#
    .SYNOPSIS
    Checks and places the order now; its 提示 popup (success or refusal) opens after popupMs. client.resultText (fault
    injection) replaces the popup's text, whatever happened to the order. A pending client.serverPopup
    (Pop-SimServerPopup) comes instead of the result, and places the order only with client.serverPopupPlaces.
    .DESCRIPTION
    The 2025–2026 quick-trade builds: with client.resultDisplay "toast" a success opens no window at all (the client
    draws a toast no window message can read; kept in the state's toasts list for tests); with client.inlineReject
    a form the client itself finds invalid is dropped without a popup (the market phase's refusals still come as one).
    #>
    param([Parameter(Mandatory = $true)]$Form)
    $server = Pop-SimServerPopup
    if ($null -ne $server) {
        if ($server.Places) { [void](Submit-SimOrder -Form $Form) }
        Add-SimInfoPopup -Text $server.Text
        return
    }
    $r = Submit-SimOrder -Form $Form
    $text = $r.Text
    $override = [SimFast]::Setting('resultText', $null)
    if ($null -ne $override -and [string]$override -ne '') { $text = [string]$override }
    if ($r.Ok -and [string][SimFast]::Setting('resultDisplay', 'popup') -eq 'toast') {
        Add-SimToast -Text $text
        return
    }
    if (-not $r.Ok -and [SimFast]::Setting('inlineReject', $false) -eq $true -and @($script:SimTexts.MarketClosed, $script:SimTexts.Clearing) -notcontains $r.Text) { return }
    Add-SimEvent -Kind 'popup' -DelayMs (Get-SimDelayMs 'popupMs') -Data @{ Title = $script:SimTexts.InfoTitle; Text = $text; Kind = 'info'; Form = $null }
}

function Pop-SimServerPopup {
    <#
    .SYNOPSIS
    The one-shot client.serverPopup (THS-UI-FACTS "Server-side popups"): $null when unset, else @{ Text; Places } and
    the setting is cleared (saved), so only the next submit action (buy, sell, cancel, IPO; never a query) meets it.
    .DESCRIPTION
    Places: client.serverPopupPlaces (default false): whether the action still reached the broker (the order or the
    cancel is placed, yet the client shows the server's popup instead of its result). 系统正在清算中 never places.
    #>
    $text = [string][SimFast]::Setting('serverPopup', '')
    if ($text -eq '') { return $null }
    $script:SimState.client['serverPopup'] = ''
    Save-SimState
    $places = ([SimFast]::Setting('serverPopupPlaces', $false) -eq $true -and $text.Trim() -ne $script:SimTexts.Clearing)
    return @{ Text = $text; Places = $places }
}

function Add-SimInfoPopup {
    <#
    .SYNOPSIS
    Opens the client's 提示 popup (OK only) with Text after popupMs.
    #>
    param([Parameter(Mandatory = $true)][string]$Text)
    Add-SimEvent -Kind 'popup' -DelayMs (Get-SimDelayMs 'popupMs') -Data @{ Title = $script:SimTexts.InfoTitle; Text = $Text; Kind = 'info'; Form = $null }
}

function Add-SimToast {
    <#
    .SYNOPSIS
    A toast the client draws itself (no window): recorded in the state's toasts list (time, text), the last 50 kept.
    #>
    param([Parameter(Mandatory = $true)][string]$Text)
    if (-not $script:SimState.Contains('toasts') -or $null -eq $script:SimState['toasts']) { $script:SimState['toasts'] = [System.Collections.ArrayList]::new() }
    $list = $script:SimState['toasts']
    [void]$list.Add([ordered]@{ time = (Get-Date).ToString('HH:mm:ss', [System.Globalization.CultureInfo]::InvariantCulture); text = $Text })
    while ($list.Count -gt 50) { $list.RemoveAt(0) }
    Save-SimState
}

function Close-SimPopup {
    <#
    .SYNOPSIS
    Closes a popup; 是 (6) on a question goes on (the order's next question, or the order or cancel itself), any other
    answer places nothing.
    #>
    param([Parameter(Mandatory = $true)][int64]$Popup, [int]$ButtonId = 2)
    $info = $script:SimPopups[$Popup]
    Remove-SimWindow -Id $Popup
    if ($info.Kind -ne 'confirm' -or $ButtonId -ne $script:ID_BTN_YES) { return }
    if ($info.Form.ContainsKey('CancelTargets')) { Invoke-SimCancelWithReply -Form $info.Form }
    elseif ($info.Form.ContainsKey('Repay')) { Submit-SimRepayWithReply -Form $info.Form }   # SimCreditRepay.ps1
    else { Step-SimOrderQuestions -Form $info.Form }
}

function Receive-SimClose {
    <#
    .SYNOPSIS
    WM_CLOSE: a popup closes as if cancelled; other windows ignore it.
    #>
    param([Parameter(Mandatory = $true)]$Window)
    if ($script:SimPopups.ContainsKey([int64]$Window.Id)) { Close-SimPopup -Popup ([int64]$Window.Id) -ButtonId $script:ID_BTN_CANCEL }
    return 0
}

function Receive-SimComboSelect {
    <#
    .SYNOPSIS
    CB_SELECTSTRING: selects the first item starting with Text (case-insensitive); its index, or -1.
    #>
    param([Parameter(Mandatory = $true)]$Window, [AllowEmptyString()][string]$Text)
    if (-not $Window.ContainsKey('Items')) { return -1 }
    $items = @($Window.Items)
    for ($i = 0; $i -lt $items.Count; $i++) {
        if ([string]$items[$i] -ne '' -and ([string]$items[$i]).StartsWith($Text, [System.StringComparison]::OrdinalIgnoreCase)) {
            Set-SimWindowText -Id $Window.Id -Text ([string]$items[$i])
            $page = [SimFast]::PageOf($Window.Id)
            if ($Window.ControlId -eq $script:ID_PRICE_TYPE -and $null -ne $page -and [SimFast]::TradePage($page.PageId)) {
                [SimFast]::SetControlText($page.Dialog, (Get-SimMaxLabelId -PageId $page.PageId), '')
                Add-SimEvent -Kind 'fillMax' -DelayMs (Get-SimDelayMs 'labelFillMs') -Data @{ PageId = $page.PageId }
            }
            return $i
        }
    }
    return -1
}
