# SimTexts.ps1 - the simulated client's window texts: a window's shown text, and a page control's by control id.
# What the client heard (an unheard WM_SETTEXT changes only the shown text) and its own writes, which run on every
# edit change, are static methods in SimFast.ps1. Dot-sourced by ../ThsSimClient.psm1; no business rules
# here.

function Set-SimWindowText {
    <#
    .SYNOPSIS
    Sets a window's text (no reaction: the client's own writes, which it knows: what it heard becomes the text too).
    #>
    param([Parameter(Mandatory = $true)][int64]$Id, [AllowEmptyString()][string]$Text)
    [SimFast]::SetWindowText($Id, $Text)   # SimFast.ps1
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
