# SimTexts.ps1 - the simulated client's window texts: what is shown, what the client heard (an unheard WM_SETTEXT
# changes only the shown text), and the page controls' texts by control id through Find-SimControl's cache
# (SimWindows.ps1). Dot-sourced by ../ThsSimClient.psm1; no business rules here.

function Set-SimWindowText {
    <#
    .SYNOPSIS
    Sets a window's text (no reaction: the client's own writes, which it knows: what it heard becomes the text too).
    #>
    param([Parameter(Mandatory = $true)][int64]$Id, [AllowEmptyString()][string]$Text)
    if (-not $script:SimWin.ContainsKey($Id)) { return }   # Get-SimWindowRecord inlined: the client writes its labels often
    $w = $script:SimWin[$Id]
    $w.Remove('Heard')
    if ($w.Text -ceq $Text) { return }   # case counts: a real edit shows a change of case
    $w.Text = $Text
    $script:SimRevision++
    $w.Rev = $script:SimRevision
}

function Get-SimHeardText {
    <#
    .SYNOPSIS
    What the client heard of a window's text: its text, unless an unheard WM_SETTEXT (client.unheardSetTextIds)
    changed only what is shown since; then the text the client last heard. '' for a window that does not exist.
    #>
    param([Parameter(Mandatory = $true)][int64]$Id)
    if (-not $script:SimWin.ContainsKey($Id)) { return '' }   # Get-SimWindowRecord inlined: read at every edit change
    $w = $script:SimWin[$Id]
    if ($w.ContainsKey('Heard')) { return [string]$w.Heard }
    return [string]$w.Text
}

function Get-SimControlHeardText {
    <#
    .SYNOPSIS
    What the client heard of a page control's text by control id (Get-SimHeardText; '' when the page lacks it).
    #>
    param([Parameter(Mandatory = $true)][int64]$Page, [Parameter(Mandatory = $true)][int]$ControlId)
    $hit = $script:SimControlCache[[string]$Page + '/' + $ControlId + '/']   # Find-SimControl's cache, inline
    if ($null -ne $hit -and $script:SimWin.ContainsKey([int64]$hit)) { $id = [int64]$hit } else { $id = Find-SimControl -Root $Page -ControlId $ControlId }
    if ($id -eq 0) { return '' }
    return (Get-SimHeardText -Id $id)
}

function Set-SimControlText {
    <#
    .SYNOPSIS
    Sets the text of a control of a page dialog by control id (nothing when the page lacks it).
    #>
    param([Parameter(Mandatory = $true)][int64]$Page, [Parameter(Mandatory = $true)][int]$ControlId, [AllowEmptyString()][string]$Text)
    Set-SimControlTexts -Page $Page -Texts @{ $ControlId = $Text }   # the same write, the control found through the cache inline
}

function Set-SimControlTexts {
    <#
    .SYNOPSIS
    Set-SimControlText for several controls of a page at once (Texts: control id -> text): one call where a page's
    labels fill together (the funds page's eight on every show and refresh). Each control is found through
    Find-SimControl's cache, inline.
    #>
    param([Parameter(Mandatory = $true)][int64]$Page, [Parameter(Mandatory = $true)][hashtable]$Texts)
    foreach ($controlId in $Texts.Keys) {
        $hit = $script:SimControlCache[[string]$Page + '/' + $controlId + '/']
        $id = [int64]0
        if ($null -ne $hit -and $script:SimWin.ContainsKey([int64]$hit)) { $id = [int64]$hit } else { $id = Find-SimControl -Root $Page -ControlId $controlId }
        if ($id -eq 0) { continue }
        $w = $script:SimWin[$id]
        $w.Remove('Heard')
        $text = [string]$Texts[$controlId]
        if ($w.Text -cne $text) { $w.Text = $text; $script:SimRevision++; $w.Rev = $script:SimRevision }
    }
}

function Get-SimControlText {
    <#
    .SYNOPSIS
    The text of a control of a page dialog by control id ('' when the page lacks it).
    #>
    param([Parameter(Mandatory = $true)][int64]$Page, [Parameter(Mandatory = $true)][int]$ControlId)
    $id = Find-SimControl -Root $Page -ControlId $ControlId
    if ($id -eq 0) { return '' }
    return [string]$script:SimWin[$id].Text
}
