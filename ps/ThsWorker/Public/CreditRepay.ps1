# CreditRepay.ps1 - a credit (融资融券) account's 直接还款 (cash repays the financed debt) and 直接还券 (held shares
# return the borrowed ones), each on its page of the credit menu tree (Switch-ThsCreditPage): fill, read back, click,
# answer the popups (Invoke-ThsSubmit, action repay), read the result. A client without the tree item:
# menu_item_not_found naming the path, nothing typed or clicked.

function Invoke-ThsDirectRepay {
    <#
    .SYNOPSIS
    直接还款: repays Money CNY of the financed debt (融资负债) from the account's cash, on the credit menu tree's
    还款还券 -> 直接还款 page, and returns the client's answer: success, message (its text), money, confirmations,
    drained; refusal (client_rejected, confirmation_mismatch, client_warning ...) when it placed nothing.
    .DESCRIPTION
    A cash account's client: not_credit_account; a tree without the item: menu_item_not_found; neither clicks
    anything. The amount is typed into 还款金额 and read back (again right before the click); a 还款确认 is answered 是
    only when it shows that amount. Thrown with submitted set (outcome_unknown ...): the repayment may have been made;
    check 查询资产 before doing it again.
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Sim; Invoke-ThsDirectRepay -Money 1000.00
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][ValidatePattern('^\d{1,12}(\.\d{1,2})?$')][string]$Money)
    $ctx = Enter-ThsCommand -Name 'direct_repay'
    $page = Switch-ThsCreditPage -Kind 'directRepay'   # TreePages.ps1
    $moneyH = Get-ThsRequiredControl -Page $page -ControlId $script:ID_REPAY_MONEY -What '还款金额'
    $submitH = Get-ThsRequiredControl -Page $page -ControlId $script:ID_SUBMIT -What '还款按钮'
    Set-ThsField -Handle $moneyH -Text $Money -What '还款金额' -Typed:$script:ThsTypeInput
    if ((Get-ThsText -Handle $moneyH) -ne $Money) { Set-ThsField -Handle $moneyH -Text $Money -What '还款金额' -Typed:$script:ThsTypeInput }
    $popup = Invoke-ThsSubmit -Button $submitH -ProcessId $ctx.Main.ProcessId -What '直接还款' -Action 'repay' -Expect @{ Money = $Money }
    return (New-ThsRepayAnswer -Popup $popup -Drained $ctx.Drained -ProcessId $ctx.Main.ProcessId -Fields ([ordered]@{ money = $Money }))
}

function Invoke-ThsDirectReturn {
    <#
    .SYNOPSIS
    直接还券: returns Amount shares of Code held in the account to the lender (the short debt, 融券负债, of that code
    shrinks), on the credit menu tree's 还款还券 -> 直接还券 page, and returns the client's answer as
    Invoke-ThsDirectRepay does (with code, name, amount).
    .DESCRIPTION
    As Invoke-ThsDirectRepay; the code is typed and heard (the name label fills: Set-ThsCodeField, else
    stock_not_recognised), the quantity read back; a 还券确认 is answered 是 only when it shows the code and quantity.
    .EXAMPLE
    . ./ps/ThsAutomation.ps1 -Backend Sim; Invoke-ThsDirectReturn -Code 600160 -Amount 200
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][ValidatePattern('^\d{6}$')][string]$Code,
        [Parameter(Mandatory = $true)][ValidatePattern('^[1-9]\d{0,9}$')][string]$Amount
    )
    $ctx = Enter-ThsCommand -Name 'direct_return'
    $page = Switch-ThsCreditPage -Kind 'directReturn'   # TreePages.ps1
    $codeH = Get-ThsRequiredControl -Page $page -ControlId $script:ID_CODE -What '证券代码'
    $nameH = Get-ThsRequiredControl -Page $page -ControlId $script:ID_NAME -What '证券名称'
    $amountH = Get-ThsRequiredControl -Page $page -ControlId $script:ID_AMOUNT -What '还券数量'
    $submitH = Get-ThsRequiredControl -Page $page -ControlId $script:ID_SUBMIT -What '还券按钮'
    Set-ThsField -Handle $amountH -Text '' -What '还券数量' -Typed:$script:ThsTypeInput
    Set-ThsField -Handle $codeH -Text '' -What '证券代码' -Typed:$script:ThsTypeInput
    [void](Set-PortText -Handle $nameH -Text '')
    $name = Set-ThsCodeField -CodeHandle $codeH -NameHandle $nameH -Code $Code   # Fields.ps1
    Set-ThsField -Handle $amountH -Text $Amount -What '还券数量' -Typed:$script:ThsTypeInput
    foreach ($e in @(@{ H = $codeH; T = $Code; W = '证券代码' }, @{ H = $amountH; T = $Amount; W = '还券数量' })) {
        if ((Get-ThsText -Handle $e.H) -ne $e.T) { Set-ThsField -Handle $e.H -Text $e.T -What $e.W -Typed:$script:ThsTypeInput }
    }
    $expect = @{ Side = ''; Code = $Code; Price = ''; Amount = $Amount }
    $popup = Invoke-ThsSubmit -Button $submitH -ProcessId $ctx.Main.ProcessId -What '直接还券' -Action 'repay' -Expect $expect
    return (New-ThsRepayAnswer -Popup $popup -Drained $ctx.Drained -ProcessId $ctx.Main.ProcessId -Fields ([ordered]@{ code = $Code; name = $name; amount = [int64]$Amount }))
}

function New-ThsRepayAnswer {
    <#
    .SYNOPSIS
    The answer of a 直接还款 / 直接还券: success, message, title, Fields (what was asked), confirmations, warnings,
    drained (the popups closed before and after), refusal and warning when refused.
    #>
    param([Parameter(Mandatory = $true)]$Popup, [AllowEmptyCollection()][object[]]$Drained = @(), [Parameter(Mandatory = $true)][int]$ProcessId, [Parameter(Mandatory = $true)]$Fields)
    $all = [System.Collections.ArrayList]::new()
    foreach ($d in @($Drained)) { [void]$all.Add($d) }
    foreach ($d in (Clear-ThsPopups -ProcessId $ProcessId)) { [void]$all.Add($d) }
    $answer = [ordered]@{ success = $Popup.Success; message = $Popup.Text; title = $Popup.Title }
    foreach ($k in $Fields.Keys) { $answer[$k] = $Fields[$k] }
    $answer['confirmations'] = $Popup.Confirmations
    $answer['warnings'] = $Popup.Warnings
    $answer['drained'] = $all.ToArray()
    if ($Popup.Refusal) { $answer['refusal'] = $Popup.Refusal }
    if ($Popup.Warning) { $answer['warning'] = $Popup.Warning }
    return $answer
}
