# ThsSimClient.psd1 - module manifest: version, the PowerShell it needs, and the only functions it exports.
@{
    RootModule           = 'ThsSimClient.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '2b7d4f60-8c1e-4f3a-b2d5-7e9a0c6f1b22'
    Author               = 'ths-http-trader'
    Copyright            = 'MIT License'
    Description          = 'The simulated THS trading client (xiadan.exe): an account and its window tree in one model, driven by window messages.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FunctionsToExport    = @(
        'Initialize-SimClient',
        'Get-SimWindows',
        'Get-SimTopWindows',
        'Get-SimWindow',
        'Invoke-SimMessage',
        'Step-SimClient',
        'Get-SimPending',
        'Add-SimPostedMessage',
        'Get-SimNextDueMs',
        'Get-SimClipboard',
        'Get-SimState',
        'Save-SimState',
        'Set-SimQuote',
        'Get-SimRevision',
        'Get-SimWindowChanges',
        'Test-SimHung',
        'Get-SimWindowRecord',
        'Get-SimDescendantIds',
        'Get-SimDescendantRecords',
        'Find-SimChild',
        'Get-SimStatusBarParts',
        'Get-SimTreeItems',
        'Get-SimClientSetting',
        'Get-SimValue',
        'Read-SimCaptchaImage',
        'ConvertTo-SimLocalPath',
        'Get-SimTextEncoding'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
}
