# TreePages.ps1 - the pages of a credit (融资融券) client, reached by selecting an item of its menu tree 513
# (THS-UI-FACTS "Margin accounts"): the tree's items read through the window port (Get-PortTreeItems), one selected
# with TVM_SELECTITEM (TVGN_CARET, as a click does), and the page told by a caption showing the item's text. No
# WM_COMMAND id of these pages is known, so the tree is the only way in.

# The credit pages (ps/xiadan-ui.psd1 CREDIT_PAGES): kind -> @{ Key; Side; Grid; Path }; and the controls each must
# have before it counts as shown (the order pages: the buy / sell page's; 查询资产: only its caption; a grid page: a grid;
# 直接还款: its money edit and submit; 直接还券: code, name, amount and submit).
foreach ($thsKind in $script:CREDIT_PAGES.Keys) {
    $thsPage = $script:CREDIT_PAGES[$thsKind]
    if ($thsPage.ContainsKey('Form') -and [string]$thsPage.Form -eq 'repay') { $script:ThsPageControls[[int]$thsPage.Key] = @($script:ID_REPAY_MONEY, $script:ID_SUBMIT) }
    elseif ($thsPage.ContainsKey('Form') -and [string]$thsPage.Form -eq 'return') { $script:ThsPageControls[[int]$thsPage.Key] = @($script:ID_CODE, $script:ID_NAME, $script:ID_AMOUNT, $script:ID_SUBMIT) }
    elseif ([string]$thsPage.Side -eq 'buy') { $script:ThsPageControls[[int]$thsPage.Key] = $script:ThsPageControls[$script:PAGE_BUY] }
    elseif ([string]$thsPage.Side -eq 'sell') { $script:ThsPageControls[[int]$thsPage.Key] = $script:ThsPageControls[$script:PAGE_SELL] }
    elseif (-not ($thsPage.ContainsKey('Grid') -and $thsPage.Grid)) { $script:ThsPageControls[[int]$thsPage.Key] = @() }   # grid pages: no list, a grid
}
Remove-Variable -Name thsKind, thsPage

function Get-ThsCreditTree {
    <#
    .SYNOPSIS
    The handle of the main window's credit menu tree (SysTreeView32 513), or 0 for a cash account's client. Throws
    client_ambiguous when the window also holds the plain menu tree 129: a plain order could then reach either account.
    #>
    param([Parameter(Mandatory = $true)][int64]$Main)
    $credit = [int64]0
    $plain = $false
    foreach ($c in @(Get-PortChildWindows -Handle $Main)) {
        if ($null -eq $c -or $c.ClassName -ne 'SysTreeView32') { continue }
        if ([int]$c.ControlId -eq $script:ID_CREDIT_TREE) { $credit = [int64]$c.Handle }
        if ([int]$c.ControlId -eq $script:ID_MENU_TREE) { $plain = $true }
    }
    if ($credit -ne 0 -and $plain) {
        throw (New-ThsError -Code 'client_ambiguous' -Message ('交易窗口里同时有普通账户菜单树（id ' + $script:ID_MENU_TREE + '）和信用账户菜单树（id ' + $script:ID_CREDIT_TREE + '）：分不清委托会到哪个账户，没有下单。请用 doctor --dump 导出窗口结构。'))
    }
    return $credit
}

# Main window handle -> its credit tree's handle, once found: a tree that was there is checked cheaply.
$script:ThsCreditTreeOf = @{}
# Main window handle -> its descendants' handles (joined) when a walk found no credit tree: while the window holds
# exactly those windows it still has none, so a cash client's window is not walked again at each order. A client that
# builds its tree after its frame adds a window, and the next order walks again.
$script:ThsNoCreditTreeOf = @{}

function Get-ThsCreditTreeCached {
    <#
    .SYNOPSIS
    Get-ThsCreditTree, remembered per main window: a found tree is checked to still exist before use; no tree is
    believed while the window's descendants are the same handles as at the walk that found none (one port call).
    #>
    param([Parameter(Mandatory = $true)][int64]$Main)
    if ($script:ThsCreditTreeOf.ContainsKey($Main)) {
        $t = [int64]$script:ThsCreditTreeOf[$Main]
        if ((Get-PortWindowInfo -Handle $t).Exists) { return $t }
        $script:ThsCreditTreeOf.Remove($Main)
    }
    $handles = (Get-PortDescendantHandles -Handle $Main) -join ','
    if ($script:ThsNoCreditTreeOf.ContainsKey($Main) -and $script:ThsNoCreditTreeOf[$Main] -ceq $handles) { return [int64]0 }
    $script:ThsNoCreditTreeOf.Remove($Main)
    $t = Get-ThsCreditTree -Main $Main
    if ($t -ne 0) { $script:ThsCreditTreeOf[$Main] = $t }
    else { $script:ThsNoCreditTreeOf[$Main] = $handles }
    return $t
}

function Test-ThsMenuText {
    <#
    .SYNOPSIS
    True when a tree item's text names Want: equal, or equal once a hotkey suffix ([F4]) is dropped from either.
    #>
    param([AllowEmptyString()][string]$Text, [Parameter(Mandatory = $true)][string]$Want)
    $a = $Text.Trim()
    if ($a -eq $Want) { return $true }
    return (($a -replace '\[[^\]]*\]$', '') -eq ($Want -replace '\[[^\]]*\]$', ''))
}

function Find-ThsTreeItem {
    <#
    .SYNOPSIS
    The item (@{ Handle; Parent; Text; Selected }) at Path (texts from the top) among a tree's items, or $null.
    #>
    param([AllowEmptyCollection()][object[]]$Items, [Parameter(Mandatory = $true)][string[]]$Path)
    $parent = [int64]0
    $found = $null
    foreach ($step in $Path) {
        $found = $null
        foreach ($i in $Items) {
            if ([int64]$i['Parent'] -eq $parent -and (Test-ThsMenuText -Text ([string]$i['Text']) -Want $step)) { $found = $i; break }
        }
        if ($null -eq $found) { return $null }
        $parent = [int64]$found['Handle']
    }
    return $found
}

function Select-ThsTreeItem {
    <#
    .SYNOPSIS
    Selects a tree item with TVM_SELECTITEM (TVGN_CARET); throws client_not_responding when the client does not answer
    and menu_item_not_found when the tree refuses the item.
    #>
    param([Parameter(Mandatory = $true)][int64]$Tree, [Parameter(Mandatory = $true)][int64]$Item, [string]$What)
    $sent = Send-PortMessage -Handle $Tree -Message $script:TVM_SELECTITEM -WParam $script:TVGN_CARET -LParam $Item
    if ($sent.TimedOut) {
        throw (New-ThsError -Code 'client_not_responding' -Message ('选择菜单“' + $What + '”时交易客户端 ' + $script:PORT_SEND_TIMEOUT_MS + ' ms 内没有响应：请检查客户端。'))
    }
    if ([int64]$sent.Result -eq 0) {
        throw (New-ThsError -Code 'menu_item_not_found' -Message ('信用账户菜单树不接受“' + $What + '”这一项（TVM_SELECTITEM 返回 0）。'))
    }
}

function Test-ThsPageCaption {
    <#
    .SYNOPSIS
    True when one of the page's Statics shows Caption: how a credit page is told from another one with the same
    controls (担保品买入 and 融资买入 look alike). One batched read of the page's Statics.
    #>
    param([Parameter(Mandatory = $true)]$Page, [Parameter(Mandatory = $true)][string]$Caption)
    $handles = [System.Collections.Generic.List[int64]]::new()
    foreach ($c in $Page.Controls) { if ($c.ClassName -eq 'Static') { $handles.Add([int64]$c.Handle) } }
    if ($handles.Count -eq 0) { return $false }
    $texts = Get-PortTexts -Handles $handles.ToArray()
    foreach ($t in $texts) { if ($null -ne $t -and ([string]$t).Trim() -eq $Caption) { return $true } }
    return $false
}

function Switch-ThsCreditPage {
    <#
    .SYNOPSIS
    Shows a credit page (Kind: a key of CREDIT_PAGES: marginBuy, shortSell, assets ...) by selecting its tree item and
    waits for it: the page's controls and a caption showing the item's text. Returns the page @{ Page; Controls }.
    .DESCRIPTION
    A cash account's client (no tree 513): not_credit_account. An item missing from the tree: menu_item_not_found,
    naming the top items it has. The item already selected: its parent is selected first, since selecting the selected
    item again tells the client nothing. A page known by its handle from an earlier visit is checked cheaply first.
    #>
    param([Parameter(Mandatory = $true)][string]$Kind)
    $spec = $script:CREDIT_PAGES[$Kind]
    $key = [int]$spec.Key
    $path = [string[]]@($spec.Path)
    $caption = $path[-1]
    $what = $path -join ' → '
    $main = Get-ThsMainWindow
    $tree = Get-ThsCreditTree -Main ([int64]$main.Handle)
    if ($tree -eq 0) {
        throw (New-ThsError -Code 'not_credit_account' -Message ('这个交易客户端不是信用账户（没有信用菜单树 id ' + $script:ID_CREDIT_TREE + '）：“' + $what + '”只在融资融券账户里有。'))
    }
    $items = Get-PortTreeItems -Handle $tree
    if ($null -eq $items) { throw (New-ThsError -Code 'client_not_responding' -Message '读取信用账户菜单树时交易客户端没有响应：请检查客户端。') }
    $item = Find-ThsTreeItem -Items $items -Path $path
    if ($null -eq $item) {
        $top = @(foreach ($i in $items) { if ([int64]$i['Parent'] -eq 0) { [string]$i['Text'] } }) -join '、'
        throw (New-ThsError -Code 'menu_item_not_found' -Message ('信用账户菜单树里没有“' + $what + '”（顶层菜单：' + $top + '）：客户端版本可能不同。'))
    }
    if ([bool]$item['Selected'] -and [int64]$item['Parent'] -ne 0) { Select-ThsTreeItem -Tree $tree -Item ([int64]$item['Parent']) -What $what }
    Select-ThsTreeItem -Tree $tree -Item ([int64]$item['Handle']) -What $what
    $deadline = New-ThsDeadline -Milliseconds $script:PAGE_SWITCH_TIMEOUT_MS
    $grace = New-ThsDeadline -Milliseconds $script:KNOWN_PAGE_GRACE_MS
    while ($true) {
        $page = Find-ThsPageCandidate -PageId $key -Main ([int64]$main.Handle) -Grace $grace   # Pages.ps1
        if ((Test-ThsPageShown -Page $page -PageId $key) -and (Test-ThsPageCaption -Page $page -Caption $caption)) {
            $script:ThsPageIds[[int64]$page.Page] = $key
            $script:ThsPageHandles[$key] = @{ Page = [int64]$page.Page; Container = [int64]$page.Container }
            return $page
        }
        if (Test-ThsDeadlinePassed $deadline) { break }
        Wait-ThsTick -Deadline $deadline
    }
    throw (New-ThsError -Code 'page_not_found' -Message ('选择信用账户菜单“' + $what + '”后 ' + $script:PAGE_SWITCH_TIMEOUT_MS + ' ms 内没有出现标题为“' + $caption + '”的页面：客户端版本可能不同，请检查。'))
}
