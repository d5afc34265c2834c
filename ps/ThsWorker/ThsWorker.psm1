# ThsWorker.psm1 - the worker module: the protocol loop and the automation of xiadan through a window port
# (ThsPort.Win32 or ThsPort.Sim, loaded by Initialize-ThsWorker). Its files are dot-sourced below; state stays in this
# module's scope; it exports only the manifest's FunctionsToExport. Operator how-to: Get-Help ps/ThsAutomation.ps1.

# Strict mode for every function of this module, once: its scopes inherit it, the caller's session does not (a call
# per function cost ~60 us each, hundreds of times per command).
Set-StrictMode -Version 3.0

# Paths are joined with [System.IO.Path], files removed with [System.IO.File], here and in the ports and the simulated
# client: a cmdlet of Microsoft.PowerShell.Management (Join-Path, Split-Path, Remove-Item, Set-Item) makes PowerShell
# load that module at its first use, ~55 ms of every worker's start (test/ps/entry.test.ts checks it stays unloaded).

# ps/ (the folder of the sibling modules and ps/sim/sample-state.json).
$script:ThsPsRoot = [System.IO.Path]::GetDirectoryName($PSScriptRoot)
# The protocol's scriptVersion: this module's version (ThsWorker.psd1 ModuleVersion, equal to package.json's version).
$script:THS_SCRIPT_VERSION = [string](Import-PowerShellDataFile -Path ([System.IO.Path]::Combine($PSScriptRoot, 'ThsWorker.psd1'))).ModuleVersion

foreach ($thsFile in @(
        'Private/Constants', 'Private/Protocol', 'Private/Window', 'Private/Pages', 'Private/TreePages', 'Private/Fields', 'Private/Popups', 'Private/Confirmation', 'Private/OrderForm', 'Private/Submit', 'Private/Grid',
        'Private/ClipboardLock', 'Private/Captcha', 'Private/Export', 'Private/DoctorCheck', 'Private/DoctorEnvironment', 'Private/DoctorClient',
        'Private/DoctorVariants', 'Private/DoctorIni', 'Private/BrokerLink', 'Private/PortProfile', 'Private/Standby',
        'Public/Errors', 'Public/Dispatcher', 'Public/Worker', 'Public/Account', 'Public/Reports', 'Public/Orders',
        'Public/Repo', 'Public/Credit', 'Public/CreditRepay', 'Public/Cancel', 'Public/Ipo', 'Public/Refresh', 'Public/SimControl', 'Public/Doctor', 'Public/WindowDump', 'Public/Clients')) {
    . ([System.IO.Path]::Combine($PSScriptRoot, $thsFile + '.ps1'))
}
Remove-Variable -Name thsFile

Export-ModuleMember -Function @(
    'Initialize-ThsWorker',
    'Start-ThsWorker',
    'Invoke-ThsRequest',
    'Get-ThsCommandNames',
    'Get-ThsErrorCodes',
    'Get-ThsStatus',
    'Get-ThsBalance',
    'Get-ThsPosition',
    'Get-ThsTodayOrders',
    'Get-ThsTodayTrades',
    'Invoke-ThsOrder',
    'Invoke-ThsRepo',
    'Get-ThsCreditBalance',
    'Get-ThsCreditGrid',
    'Invoke-ThsDirectRepay',
    'Invoke-ThsDirectReturn',
    'Invoke-ThsCancel',
    'Get-ThsIpoOffers',
    'Invoke-ThsIpoSubscribe',
    'Invoke-ThsRefresh',
    'Invoke-ThsSimControl',
    'Invoke-ThsDoctor',
    'Export-ThsWindowDump',
    'ConvertTo-ThsMaskedText',
    'Get-ThsClients',
    'Get-ThsClientIdentity',
    'Set-ThsClientBinding'
)
