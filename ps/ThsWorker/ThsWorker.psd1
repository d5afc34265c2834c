# ThsWorker.psd1 - module manifest: version, the PowerShell it needs, and the only functions it exports.
@{
    RootModule           = 'ThsWorker.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0e2c1a-3d4b-4b8e-9a51-2f7c8d9e0a11'
    Author               = 'ths-http-trader'
    Copyright            = 'MIT License'
    Description          = 'The ths-http-trader worker: the JSON-lines protocol and the automation of the THS trading client (xiadan.exe) through a window port.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FunctionsToExport    = @(
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
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
}
