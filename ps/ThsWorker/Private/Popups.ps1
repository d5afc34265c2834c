# Popups.ps1 - xiadan's #32770 popups: list, read, answer, drain leftovers, and after a submit: answer its questions
# (a confirmation is compared with the order, a warning is answered 否 unless accepted) and read its result popup.

function Get-ThsPopups {
    <#
    .SYNOPSIS
    Visible #32770 top-level windows of the client's process.
    #>
    param([Parameter(Mandatory = $true)][int]$ProcessId)
    $list = New-Object System.Collections.ArrayList
    foreach ($w in @(Find-PortTopWindows -ProcessId $ProcessId -ClassName $script:POPUP_CLASS)) {
        if ($w.Visible) { [void]$list.Add($w) }
    }
    return , $list.ToArray()
}

function Read-ThsPopup {
    <#
    .SYNOPSIS
    Reads a popup: @{ Handle; Title; Text; Buttons = ids present }. Title from Static 1365 (else the window title),
    body from Static 0x3EC (else 1004, else 1040: the confirmation's text in 2025-2026 builds).
    #>
    param([Parameter(Mandatory = $true)]$Popup)
    $h = [int64]$Popup.Handle
    $title = ''
    $titleCtl = Get-PortChild -Handle $h -ControlId $script:ID_POPUP_TITLE
    if ($titleCtl -ne 0) { $title = [string](Get-PortText -Handle $titleCtl) }
    if (-not $title) { $title = [string]$Popup.Title }
    $text = ''
    foreach ($id in @($script:ID_POPUP_TEXT, $script:ID_POPUP_TEXT_ALT, $script:ID_POPUP_TEXT_2026)) {
        $ctl = Get-PortChild -Handle $h -ControlId $id
        if ($ctl -ne 0) {
            $text = [string](Get-PortText -Handle $ctl)
            if ($text) { break }
        }
    }
    $buttons = New-Object System.Collections.ArrayList
    foreach ($id in @($script:ID_BTN_OK, $script:ID_BTN_YES, $script:ID_BTN_NO, $script:ID_BTN_CANCEL)) {
        if ((Get-PortChild -Handle $h -ControlId $id) -ne 0) { [void]$buttons.Add($id) }
    }
    return @{ Handle = $h; Title = $title.Trim(); Text = $text.Trim(); Buttons = $buttons.ToArray() }
}

function Close-ThsPopup {
    <#
    .SYNOPSIS
    Clicks one button of a popup (posted BM_CLICK, or WM_CLOSE when it has none) and waits until it is gone.
    Returns $true when it closed within POPUP_CLOSE_TIMEOUT_MS.
    #>
    param([Parameter(Mandatory = $true)][int64]$Handle, [int]$ButtonId = 0)
    $btn = 0
    if ($ButtonId -ne 0) { $btn = Get-PortChild -Handle $Handle -ControlId $ButtonId }
    if ($btn -ne 0) {
        [void](Push-PortMessage -Handle $btn -Message $script:BM_CLICK -WParam 0 -LParam 0)
    } else {
        [void](Push-PortMessage -Handle $Handle -Message $script:WM_CLOSE -WParam 0 -LParam 0)
    }
    $deadline = New-ThsDeadline -Milliseconds $script:POPUP_CLOSE_TIMEOUT_MS
    while ($true) {
        $info = Get-PortWindowInfo -Handle $Handle
        if (-not $info.Exists -or -not $info.Visible) { return $true }
        if (Test-ThsDeadlinePassed $deadline) { return $false }
        Wait-ThsTick
    }
}

function Clear-ThsPopups {
    <#
    .SYNOPSIS
    Closes every leftover popup (answering 否 / 取消 where offered, never 是) and returns what they said.
    #>
    param([Parameter(Mandatory = $true)][int]$ProcessId)
    $drained = New-Object System.Collections.ArrayList
    for ($i = 0; $i -lt $script:DRAIN_MAX_POPUPS; $i++) {
        $popups = Get-ThsPopups -ProcessId $ProcessId
        if ($popups.Count -eq 0) { break }
        $p = Read-ThsPopup -Popup $popups[0]
        $button = 0
        foreach ($id in @($script:ID_BTN_NO, $script:ID_BTN_CANCEL, $script:ID_BTN_OK)) {
            if ($p.Buttons -contains $id) { $button = $id; break }
        }
        $closed = Close-ThsPopup -Handle $p.Handle -ButtonId $button
        [void]$drained.Add([ordered]@{ title = $p.Title; text = $p.Text; closed = $closed })
        Write-ThsLog -Level 'warn' -Message ('closed a leftover popup: [' + $p.Title + '] ' + $p.Text)
        if (-not $closed) { break }
    }
    return , $drained.ToArray()
}


# Labels of a confirmation's fields as builds word them. A label must start the text or follow a space or a
# punctuation mark, so 最新价格 is never read as 价格; several fields may share a line.
$script:ThsConfirmLabels = @{
    Code   = '证券代码|股票代码|代码'
    Side   = '买卖方向|买卖类别|操作类别|交易方向|委托方向|委托类别|操作|方向'
    Price  = '委托价格|申报价格|买入价格|卖出价格|价格'
    Amount = '委托数量|申报数量|买入数量|卖出数量|还券数量|数量'
    Money  = '还款金额'   # 直接还款's confirmation (assumed wording, docs/credit.md)
}
# Labels of the fields a confirmation shows besides those it is checked by: their values (a name such as ST澄星)
# are data, not a warning. Any other "label：text" (风险提示：…) stays free text and is classified.
$script:ThsConfirmInfoLabels = '证券名称|股票名称|名称|股东账号|股东帐号|股东代码|资金账号|资金帐号|交易市场|市场|委托方式|报价方式|价格类型|委托金额|预估金额|金额|合同编号'

function Get-ThsConfirmField {
    <#
    .SYNOPSIS
    The value after the first of a field's labels in a confirmation's text (label, ： or :, value), or $null.
    #>
    param([AllowEmptyString()][string]$Text, [Parameter(Mandatory = $true)][string]$Labels, [Parameter(Mandatory = $true)][string]$Value)
    $m = [regex]::Match($Text, '(?:^|[\s，,；;。])(?:' + $Labels + ')\s*[：:]\s*' + $Value)
    if (-not $m.Success) { return $null }
    return $m.Groups[1].Value
}

function ConvertFrom-ThsConfirmText {
    <#
    .SYNOPSIS
    The fields a confirmation shows: @{ Code; Side = buy | sell | $null; Price; Amount (digits, no separators);
    EntrustNos (撤单确认's 合同编号 list); Count (N 笔) }; a field it does not show is $null (EntrustNos empty).
    #>
    param([AllowEmptyString()][string]$Text)
    $l = $script:ThsConfirmLabels
    $f = @{ Code = $null; Side = $null; SideText = $null; Price = $null; Amount = $null; EntrustNos = @(); Count = $null }
    $f.Code = Get-ThsConfirmField -Text $Text -Labels $l.Code -Value '([0-9]{6})(?![0-9])'
    $side = Get-ThsConfirmField -Text $Text -Labels $l.Side -Value '([^\s，,；;。]+)'
    if ($null -eq $side -and $Text -match '确认以上\s*(买入|卖出)') { $side = $Matches[1] }
    if ($null -ne $side) {
        $f.SideText = $side
        if ($side.Contains('买') -and -not $side.Contains('卖')) { $f.Side = 'buy' }
        if ($side.Contains('卖') -and -not $side.Contains('买')) { $f.Side = 'sell' }
    }
    $f.Price = Get-ThsConfirmField -Text $Text -Labels $l.Price -Value '([0-9]+(?:\.[0-9]+)?)'
    $amount = Get-ThsConfirmField -Text $Text -Labels $l.Amount -Value '([0-9][0-9,]*)'
    if ($null -ne $amount) { $f.Amount = $amount -replace ',', '' }
    $nos = [regex]::Match($Text, '合同编号\s*[：:]\s*([A-Za-z0-9]+(?:\s*[,，、]\s*[A-Za-z0-9]+)*)')
    if ($nos.Success) { $f.EntrustNos = @($nos.Groups[1].Value -split '\s*[,，、]\s*' | Where-Object { $_ }) }
    if ($Text -match '(\d+)\s*笔') { $f.Count = [int]$Matches[1] }
    return $f
}

function Test-ThsConfirmation {
    <#
    .SYNOPSIS
    Compares a confirmation's text with what was asked; returns what differs or could not be read (empty: it matches).
    .PARAMETER Expect
    An order: @{ Side = buy | sell | '' (not compared); Code; Price ('' = not compared: the client's default price or a
    market order); Amount (the quantity typed); Credit (optional: the credit page's name, 融资买入 ..., or '' for a plain
    page: a confirmation naming another credit page differs) }. A cancel: @{ EntrustNos = the contract numbers being cancelled;
    Code = '' or the one order's code }: the numbers (as a set) and the count, where shown, must be those, and it must
    show at least one of them. A 直接还款: @{ Money = the amount typed }: its 还款金额 must be that amount. A 直接还券 is
    an order without side and price: @{ Side = ''; Code; Price = ''; Amount }.
    #>
    param([AllowEmptyString()][string]$Text, [Parameter(Mandatory = $true)]$Expect)
    $f = ConvertFrom-ThsConfirmText -Text $Text
    $diff = New-Object System.Collections.ArrayList
    if ($Expect.Contains('Money')) {
        $inv = [System.Globalization.CultureInfo]::InvariantCulture
        $money = Get-ThsConfirmField -Text $Text -Labels $script:ThsConfirmLabels.Money -Value '([0-9][0-9,]*(?:\.[0-9]+)?)'
        if ($null -eq $money) { [void]$diff.Add('确认框里没有读到还款金额') }
        elseif ([decimal]::Parse(($money -replace ',', ''), $inv) -ne [decimal]::Parse([string]$Expect.Money, $inv)) { [void]$diff.Add('还款金额：确认框 ' + $money + '，请求 ' + $Expect.Money) }
        return , $diff.ToArray()
    }
    if ($Expect.Contains('EntrustNos')) {
        $want = @($Expect.EntrustNos | Sort-Object)
        $got = @($f.EntrustNos | Sort-Object)
        if ($got.Count -eq 0 -and $null -eq $f.Count) { [void]$diff.Add('确认框里没有读到合同编号或笔数') }
        if ($got.Count -gt 0 -and ($got -join ',') -ne ($want -join ',')) { [void]$diff.Add('合同编号：确认框 ' + ($got -join '、') + '，要撤的是 ' + ($want -join '、')) }
        if ($null -ne $f.Count -and $f.Count -ne $want.Count) { [void]$diff.Add('笔数：确认框 ' + $f.Count + '，要撤 ' + $want.Count) }
        if ($null -ne $f.Code -and $Expect.Code -and $f.Code -ne $Expect.Code) { [void]$diff.Add('证券代码：确认框 ' + $f.Code + '，要撤的是 ' + $Expect.Code) }
        return , $diff.ToArray()
    }
    $sideZh = @{ buy = '买入'; sell = '卖出' }
    if ($null -eq $f.Code) { [void]$diff.Add('确认框里没有读到证券代码') } elseif ($f.Code -ne $Expect.Code) { [void]$diff.Add('证券代码：确认框 ' + $f.Code + '，请求 ' + $Expect.Code) }
    if ($Expect.Side) {
        if ($null -eq $f.Side) { [void]$diff.Add('确认框里没有读到买卖方向') } elseif ($f.Side -ne $Expect.Side) { [void]$diff.Add('买卖方向：确认框 ' + $sideZh[$f.Side] + '，请求 ' + $sideZh[$Expect.Side]) }
    }
    # A credit page's order (Credit: the page's name, '' for a plain page): a confirmation naming another credit page
    # (融资买入 where 担保品买入 was asked, or any on a plain order) is another order.
    if ($Expect.Contains('Credit') -and $null -ne $f.SideText) {
        foreach ($kind in $script:CREDIT_PAGES.Keys) {
            $name = [string]@($script:CREDIT_PAGES[$kind].Path)[-1]
            if ([string]$script:CREDIT_PAGES[$kind].Side -ne '' -and $name -ne $Expect.Credit -and $f.SideText.Contains($name)) {
                $asked = $Expect.Credit
                if (-not $asked) { $asked = $sideZh[$Expect.Side] }
                [void]$diff.Add('委托类别：确认框 ' + $f.SideText + '，请求 ' + $asked)
                break
            }
        }
    }
    if ($Expect.Price) {
        $inv = [System.Globalization.CultureInfo]::InvariantCulture
        if ($null -eq $f.Price) { [void]$diff.Add('确认框里没有读到委托价格') }
        elseif ([decimal]::Parse($f.Price, $inv) -ne [decimal]::Parse([string]$Expect.Price, $inv)) { [void]$diff.Add('委托价格：确认框 ' + $f.Price + '，请求 ' + $Expect.Price) }
    }
    if ($null -eq $f.Amount) { [void]$diff.Add('确认框里没有读到委托数量') } elseif ([int64]$f.Amount -ne [int64]$Expect.Amount) { [void]$diff.Add('委托数量：确认框 ' + $f.Amount + '，请求 ' + $Expect.Amount) }
    return , $diff.ToArray()
}

function Get-ThsWarningKind {
    <#
    .SYNOPSIS
    The popup table's warning kind whose pattern matches a text (first in the table's order), or $null.
    #>
    param([AllowEmptyString()][string]$Text)
    foreach ($w in @($script:ThsPopupTable.warnings)) { if ([regex]::IsMatch($Text, [string]$w.match)) { return [string]$w.kind } }
    return $null
}

function Get-ThsConfirmFreeText {
    <#
    .SYNOPSIS
    A confirmation's text without its known fields (label, ： or :, value up to a space or a punctuation mark): what
    is left is what the client says besides the order, and is checked for warnings.
    #>
    param([AllowEmptyString()][string]$Text)
    $l = $script:ThsConfirmLabels
    $labels = @($l.Code, $l.Side, $l.Price, $l.Amount, $l.Money, $script:ThsConfirmInfoLabels) -join '|'
    return [regex]::Replace($Text, '(^|[\s，,；;。])(?:' + $labels + ')\s*[：:][ \t]*[^\s，,；;。]*', '$1')
}

function Get-ThsQuestion {
    <#
    .SYNOPSIS
    What a popup asks: $null for a plain message (one button), else @{ Kind = confirm, a warning kind of the popup table
    or unknown; Yes; No = the button ids that answer it (是 / 否, or 确定 / 取消) }.
    .DESCRIPTION
    A confirmation is a question titled as the action's confirmation (委托确认, 撤单确认 ...: the table's
    confirmations) whose free text (Get-ThsConfirmFreeText: the text without its known fields) has no warning. Any other
    question is a warning: the table's kind its text matches, else unknown.
    #>
    param([Parameter(Mandatory = $true)]$Popup, [Parameter(Mandatory = $true)][string]$Action)
    $b = @($Popup.Buttons)
    $yes = 0; $no = 0
    if ($b -contains $script:ID_BTN_YES) {
        $yes = $script:ID_BTN_YES
        if ($b -contains $script:ID_BTN_NO) { $no = $script:ID_BTN_NO } elseif ($b -contains $script:ID_BTN_CANCEL) { $no = $script:ID_BTN_CANCEL }
    } elseif (($b -contains $script:ID_BTN_OK) -and (($b -contains $script:ID_BTN_CANCEL) -or ($b -contains $script:ID_BTN_NO))) {
        $yes = $script:ID_BTN_OK
        if ($b -contains $script:ID_BTN_NO) { $no = $script:ID_BTN_NO } else { $no = $script:ID_BTN_CANCEL }
    }
    if ($yes -eq 0) { return $null }
    $isConfirm = $false
    foreach ($t in @($script:ThsPopupTable.confirmations.$Action)) { if ($Popup.Title.Contains([string]$t)) { $isConfirm = $true } }
    if ($isConfirm) {
        $free = Get-ThsConfirmFreeText -Text $Popup.Text
        $kind = Get-ThsWarningKind -Text $free
        if ($null -eq $kind) { $kind = 'confirm' }
    } else {
        $kind = Get-ThsWarningKind -Text ($Popup.Title + "`n" + $Popup.Text)
        if ($null -eq $kind) { $kind = [string]$script:ThsPopupTable.unknownWarning.kind }
    }
    return @{ Kind = $kind; Yes = $yes; No = $no }
}

function Wait-ThsResultPopup {
    <#
    .SYNOPSIS
    After a submit click: answers the questions, then reads and closes the result popup. Returns @{ Title; Text;
    Confirmations; Warnings (accepted ones: kind, text); Refused; Refusal; Warning; Message }, or $null when nothing came
    in -TimeoutMs (default POPUP_TIMEOUT_MS; Invoke-ThsSubmit decides what that means).
    .DESCRIPTION
    A confirmation that shows what -Expect says is answered 是; one that differs or cannot be read is answered 否:
    Refused, Refusal confirmation_mismatch, Message naming what differed. A warning whose kind is in -AcceptWarnings is
    answered 是; any other is answered 否: Refused, Refusal client_warning, Warning its kind, Message the client's text.
    A dialog still open POPUP_CLOSE_TIMEOUT_MS after 否 may yet place the order: outcome_unknown (submitted) is thrown.
    #>
    param(
        [Parameter(Mandatory = $true)][int]$ProcessId,
        [Parameter(Mandatory = $true)][ValidateSet('buy', 'sell', 'cancel', 'ipo', 'repay')][string]$Action,
        $Expect = $null,
        [AllowEmptyCollection()][string[]]$AcceptWarnings = @(),
        [int]$TimeoutMs = $script:POPUP_TIMEOUT_MS
    )
    $confirmations = New-Object System.Collections.ArrayList
    $warnings = New-Object System.Collections.ArrayList
    $deadline = New-ThsDeadline -Milliseconds $TimeoutMs
    while ($true) {
        $popups = Get-ThsPopups -ProcessId $ProcessId
        foreach ($raw in $popups) {
            $p = Read-ThsPopup -Popup $raw
            if (-not $p.Text) { continue }  # the body fills late: read it on the next poll
            if ($p.Buttons.Count -eq 0) { continue }  # still being built: a confirmation must not pass for a result
            $q = Get-ThsQuestion -Popup $p -Action $Action
            if ($null -ne $q) {
                $refusal = $null
                if ($q.Kind -eq 'confirm') {
                    $diff = @('没有可比较的请求')
                    if ($null -ne $Expect) { $diff = Test-ThsConfirmation -Text $p.Text -Expect $Expect }
                    if ($diff.Count -eq 0) { [void]$confirmations.Add($p.Text) } else {
                        $refusal = @{ Refusal = 'confirmation_mismatch'; Warning = $null; Message = ('确认框“' + $p.Title + '”显示的内容与请求不一致（' + ($diff -join '；') + '），已回答“否”，没有下单。') }
                    }
                } elseif (@($AcceptWarnings) -contains $q.Kind) {
                    [void]$warnings.Add([ordered]@{ kind = $q.Kind; text = $p.Text })
                    Write-ThsLog -Level 'warn' -Message ('accepted a client warning (' + $q.Kind + '): ' + $p.Text)
                } else {
                    $refusal = @{ Refusal = 'client_warning'; Warning = $q.Kind; Message = $p.Text }
                }
                if ($null -eq $refusal) {
                    [void](Close-ThsPopup -Handle $p.Handle -ButtonId $q.Yes)
                    $deadline = New-ThsDeadline -Milliseconds $script:POPUP_TIMEOUT_MS
                    continue
                }
                if (-not (Close-ThsPopup -Handle $p.Handle -ButtonId $q.No)) {
                    throw (New-ThsError -Submitted -Code 'outcome_unknown' -Message ('对“' + $p.Title + '”回答“否”后 ' + $script:POPUP_CLOSE_TIMEOUT_MS + ' ms 内对话框没有关闭（' + $refusal.Message + '）：结果未知，请在客户端核对，不要直接重试。'))
                }
                return @{ Title = $p.Title; Text = $p.Text; Confirmations = $confirmations.ToArray(); Warnings = $warnings.ToArray()
                    Refused = $true; Refusal = $refusal.Refusal; Warning = $refusal.Warning; Message = $refusal.Message }
            }
            $button = $script:ID_BTN_OK
            if (-not ($p.Buttons -contains $script:ID_BTN_OK)) { $button = 0 }
            $closed = Close-ThsPopup -Handle $p.Handle -ButtonId $button
            if (-not $closed) { Write-ThsLog -Level 'warn' -Message ('result popup did not close: ' + $p.Text) }
            return @{ Title = $p.Title; Text = $p.Text; Confirmations = $confirmations.ToArray(); Warnings = $warnings.ToArray()
                Refused = $false; Refusal = $null; Warning = $null; Message = $null }
        }
        if (Test-ThsDeadlinePassed $deadline) { break }
        Wait-ThsTick
    }
    return $null
}
