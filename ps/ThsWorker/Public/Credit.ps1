# Credit.ps1 - a credit (融资融券) account's reads: 查询资产 (the credit balance), 标的证券 and 负债明细 (its orders:
# Invoke-ThsOrder -Credit).

# 查询资产's captions the worker reads: CREDIT_ASSET_FIELDS (ps/xiadan-ui.psd1); the first two are required.
$script:ThsCreditFields = $script:CREDIT_ASSET_FIELDS

function Get-ThsCreditBalance {
    <#
    .SYNOPSIS
    Reads a credit account's 查询资产 page (menu tree 513: 查询[F4] -> 查询资产): 维持担保比例, 可用保证金, the debts and
    the assets, as an ordered dictionary caption -> text as the client shows it (in the page's order).
    .DESCRIPTION
    The page is found by the tree (Switch-ThsCreditPage); each caption the worker knows is read with the Static after
    it, all in one batched read per look, waiting for the values to fill. A cash account's client: not_credit_account.
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Sim; Get-ThsCreditBalance
    #>
    [CmdletBinding()]
    param()
    [void](Enter-ThsCommand -Name 'credit_balance')
    $page = Switch-ThsCreditPage -Kind 'assets'
    # The page is built control by control: look again until the required captions are there and a second look finds
    # no more pairs (or every caption the worker knows).
    $deadline = New-ThsDeadline -Milliseconds $script:PAGE_SWITCH_TIMEOUT_MS
    $controls = $page.Controls
    $before = -1
    while ($true) {
        $pairs = Find-ThsCaptionPairs -Controls $controls -Captions $script:ThsCreditFields
        $missing = @(foreach ($need in @('维持担保比例', '可用保证金')) { if (-not $pairs.Names.Contains($need)) { $need } })
        if ($missing.Count -eq 0 -and ($pairs.Names.Count -eq $before -or $pairs.Names.Count -eq $script:ThsCreditFields.Count)) { break }
        $before = $pairs.Names.Count
        if (Test-ThsDeadlinePassed $deadline) {
            if ($missing.Count -eq 0) { break }   # the required ones are there; the page kept changing: what it has
            throw (New-ThsError -Code 'control_not_found' -Message ('查询资产页上没有找到“' + ($missing -join '”“') + '”（页面上的文字：' + ($pairs.Seen -join '、') + '）：客户端版本可能不同，请用 doctor --dump 导出窗口结构。'))
        }
        Wait-ThsTick -Deadline $deadline
        $controls = @(Get-PortChildWindows -Handle ([int64]$page.Page))
    }
    $names = $pairs.Names
    $values = $pairs.Values
    $shown = Wait-ThsLabels -Handles $values.ToArray()   # one batched read per look
    $result = [ordered]@{}
    for ($i = 0; $i -lt $names.Count; $i++) {
        if ($null -eq $shown[$i]) {
            throw (New-ThsError -Code 'label_timeout' -Message ('查询资产页的“' + $names[$i] + '”在 ' + $script:LABEL_FILL_TIMEOUT_MS + ' ms 内没有显示数值：请检查客户端是否已登录、网络是否正常。'))
        }
        $result[$names[$i]] = $shown[$i]
    }
    return $result
}

function Find-ThsCaptionPairs {
    <#
    .SYNOPSIS
    The caption / value Static pairs of a page among Controls (one batched read of their texts): a Static whose text
    (without a trailing colon) is one of Captions, and the Static after it. Returns @{ Names; Values (handles); Seen
    (every non-empty text, for messages) }.
    #>
    param([AllowEmptyCollection()][object[]]$Controls, [Parameter(Mandatory = $true)][string[]]$Captions)
    $statics = [System.Collections.Generic.List[int64]]::new()
    foreach ($c in $Controls) { if ($c.ClassName -eq 'Static') { $statics.Add([int64]$c.Handle) } }
    $texts = Get-PortTexts -Handles $statics.ToArray()
    $names = [System.Collections.Generic.List[string]]::new()
    $values = [System.Collections.Generic.List[int64]]::new()
    $seen = [System.Collections.Generic.List[string]]::new()
    for ($i = 0; $i -lt $statics.Count; $i++) {
        $text = ([string]$texts[$i]).Trim()
        if ($text -ne '') { $seen.Add($text) }
        $caption = $text.TrimEnd(':', '：')
        if ($i -lt $statics.Count - 1 -and $Captions -contains $caption -and -not $names.Contains($caption)) {
            $names.Add($caption)
            $values.Add($statics[$i + 1])
        }
    }
    return @{ Names = $names; Values = $values; Seen = $seen.ToArray() }
}

function Get-ThsCreditGrid {
    <#
    .SYNOPSIS
    A credit account's grid page through its menu tree: securities (查询[F4] -> 标的证券: what can be financed or shorted,
    the ratios, the shares that can be borrowed) or debts (查询[F4] -> 负债明细: the financed and shorted positions).
    Returns @{ Columns; Rows; Read } as the other grids. A cash account's client: not_credit_account.
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Sim; (Get-ThsCreditGrid -Kind debts).Rows | Format-Table
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][ValidateSet('securities', 'debts')][string]$Kind)
    $ctx = Enter-ThsCommand -Name ('credit_' + $Kind)
    return (Read-ThsGridPage -PageId ([int]$script:CREDIT_PAGES[$Kind].Key) -ProcessId $ctx.Main.ProcessId -CreditKind $Kind)
}
