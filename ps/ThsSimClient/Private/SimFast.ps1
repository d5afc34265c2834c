# SimFast.ps1 - the model's most frequent small steps as static methods of a script class: whether the client is
# hung (every message), one client setting (every WM_SETTEXT, every delay), a state number as [decimal] (every fee,
# every formatted figure), the page of a window and its kind (every edit change), a page control's heard text and
# the client's writes to its windows and labels. A PowerShell function call costs ~12-25 us and allocates ~16 KB (a
# scope, its variables, the parameter binding), a static method of a script class ~3 us and ~2 KB; these ran ~250
# times per simulated buy and ~40 per position read. The model calls them as [SimFast]::Name(...); the functions
# Test-SimHung, Get-SimClientSetting (exported: the port and the Win32 double's controller ask through them) and
# Set-SimWindowText call them, so each rule is written once. A script class is private to this module and sees its
# $script: variables (checked on pwsh 7; script classes exist since PowerShell 5.0). Dot-sourced by
# ../ThsSimClient.psm1.

class SimFast {
    static [bool] Hung() {
        <#
        .SYNOPSIS
        True when the state says the client is hung (it answers no message and does nothing).
        #>
        return [bool][SimFast]::Setting('hung', $false)
    }

    static [object] Setting([string]$Name, [object]$Default) {
        <#
        .SYNOPSIS
        One client setting (state.client.Name), or Default when the state does not set it.
        #>
        $state = $script:SimState
        if ($state -is [System.Collections.IDictionary] -and $state.Contains('client') -and $state['client'] -is [System.Collections.IDictionary]) {
            $client = $state['client']
            if ($client.Contains($Name)) { return $client[$Name] }
            return $Default
        }
        return (Get-SimValue -Map (Get-SimValue -Map $state -Key 'client') -Key $Name -Default $Default)
    }

    static [decimal] Decimal([object]$Value) {
        <#
        .SYNOPSIS
        A JSON number or numeric string as [decimal], parsed through invariant-culture text (PS 5.1 reads JSON numbers
        as decimal or int, PS 7 as double or long). Empty or $null gives 0; text that is not a number throws.
        #>
        if ($null -eq $Value) { return [decimal]0 }
        if ($Value -is [decimal]) { return [decimal]$Value }
        $inv = [System.Globalization.CultureInfo]::InvariantCulture
        $text = ''
        if ($Value -is [double] -or $Value -is [single]) { $text = $Value.ToString('R', $inv) }
        elseif ($Value -is [string]) { $text = $Value.Trim() }
        else { $text = [System.Convert]::ToString($Value, $inv) }
        if ($text -eq '') { return [decimal]0 }
        return [decimal]::Parse($text, [System.Globalization.NumberStyles]::Float, $inv)
    }

    static [object] PageOf([int64]$Id) {
        <#
        .SYNOPSIS
        The page a window belongs to: @{ PageId; Dialog }, or $null (the main frame, popups).
        #>
        $cur = $Id
        while ($cur -ne 0) {
            if ($script:SimDialogPages.ContainsKey($cur)) { return @{ PageId = [int]$script:SimDialogPages[$cur]; Dialog = $cur } }
            if (-not $script:SimWin.ContainsKey($cur)) { return $null }
            $cur = [int64]$script:SimWin[$cur].Parent
        }
        return $null
    }

    static [bool] TradePage([int]$PageId) {
        <#
        .SYNOPSIS
        True for the buy and sell pages and the credit pages with an order form (SimCredit.ps1).
        #>
        if ($PageId -eq $script:PAGE_BUY -or $PageId -eq $script:PAGE_SELL) { return $true }
        $credit = Get-SimCreditPage -PageId $PageId
        return ($null -ne $credit -and $credit.Side -ne '')
    }

    static [bool] BuyPage([int]$PageId) {
        <#
        .SYNOPSIS
        True for the buy page and the credit pages whose form buys (担保品买入, 融资买入, 买券还券).
        #>
        if ($PageId -eq $script:PAGE_BUY) { return $true }
        $credit = Get-SimCreditPage -PageId $PageId
        return ($null -ne $credit -and $credit.Side -eq 'buy')
    }

    static [int64] Control([int64]$Page, [int]$ControlId) {
        <#
        .SYNOPSIS
        A page control's window id by control id through Find-SimControl's cache (SimWindows.ps1), or 0.
        #>
        $hit = $script:SimControlCache[[string]$Page + '/' + $ControlId + '/']
        if ($null -ne $hit -and $script:SimWin.ContainsKey([int64]$hit)) { return [int64]$hit }
        return [int64](Find-SimControl -Root $Page -ControlId $ControlId)
    }

    static [string] HeardText([int64]$Id) {
        <#
        .SYNOPSIS
        What the client heard of a window's text: its text, unless an unheard WM_SETTEXT (client.unheardSetTextIds)
        changed only what is shown since; then the text the client last heard. '' for a window that does not exist.
        #>
        if (-not $script:SimWin.ContainsKey($Id)) { return '' }
        $w = $script:SimWin[$Id]
        if ($w.ContainsKey('Heard')) { return [string]$w.Heard }
        return [string]$w.Text
    }

    static [string] ControlHeardText([int64]$Page, [int]$ControlId) {
        <#
        .SYNOPSIS
        What the client heard of a page control's text by control id; '' when the page lacks it.
        #>
        $id = [SimFast]::Control($Page, $ControlId)
        if ($id -eq 0) { return '' }
        return [SimFast]::HeardText($id)
    }

    static [void] SetControlTexts([int64]$Page, [hashtable]$Texts) {
        <#
        .SYNOPSIS
        SetControlText for several controls of a page (control id -> text): the funds page's eight labels at once.
        #>
        foreach ($controlId in $Texts.Keys) { [SimFast]::SetControlText($Page, [int]$controlId, [string]$Texts[$controlId]) }
    }

    static [void] SetControlText([int64]$Page, [int]$ControlId, [string]$Text) {
        <#
        .SYNOPSIS
        Sets the text of a page's control (SetWindowText; nothing when the page lacks it).
        #>
        $id = [SimFast]::Control($Page, $ControlId)
        if ($id -ne 0) { [SimFast]::SetWindowText($id, $Text) }
    }

    static [void] SetWindowText([int64]$Id, [string]$Text) {
        <#
        .SYNOPSIS
        Sets a window's text (no reaction: the client's own write, which it knows: what it heard becomes the text too);
        nothing for a window that does not exist. The revision moves only when the text changes (case counts: a real
        edit shows a change of case).
        #>
        if (-not $script:SimWin.ContainsKey($Id)) { return }
        $w = $script:SimWin[$Id]
        $w.Remove('Heard')
        if ($w.Text -ceq $Text) { return }
        $w.Text = $Text
        $script:SimRevision++
        $w.Rev = $script:SimRevision
    }
}
