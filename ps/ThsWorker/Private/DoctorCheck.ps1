# DoctorCheck.ps1 - the shape of one doctor check: id, name, pass / warn / fail, detail, fix (zh, en), data.

function New-ThsDoctorCheck {
    <#
    .SYNOPSIS
    One check of the report: @{ id; name; state = pass|warn|fail; detail; fix = @{ zh; en } or $null; data }.
    #>
    param(
        [Parameter(Mandatory = $true)][string]$Id, [Parameter(Mandatory = $true)][string]$Name,
        [Parameter(Mandatory = $true)][ValidateSet('pass', 'warn', 'fail')][string]$State,
        [Parameter(Mandatory = $true)][AllowEmptyString()][string]$Detail,
        [string]$FixZh = '', [string]$FixEn = '', $Data = $null
    )
    $fix = $null
    if ($FixZh -or $FixEn) { $fix = [ordered]@{ zh = $FixZh; en = $FixEn } }
    return [ordered]@{ id = $Id; name = $Name; state = $State; detail = $Detail; fix = $fix; data = $Data }
}
