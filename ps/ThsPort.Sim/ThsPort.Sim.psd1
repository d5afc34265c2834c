# ThsPort.Sim.psd1 - module manifest: version, the PowerShell it needs, and the only functions it exports (the window
# port's primitives of docs/WINDOW-PORT.md; both ports export the same list).
@{
    RootModule           = 'ThsPort.Sim.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = '9c3e5a71-4d2f-4e6b-8f10-3a4b5c6d7e33'
    Author               = 'ths-http-trader'
    Copyright            = 'MIT License'
    Description          = 'The simulated window port: the window primitives of the THS worker over the in-memory model of ThsSimClient.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FunctionsToExport    = @(
        'Initialize-Port',
        'Find-PortTopWindows',
        'Get-PortChildWindows',
        'Get-PortDescendantHandles',
        'Get-PortChild',
        'Get-PortWindowInfo',
        'Get-PortText',
        'Get-PortTexts',
        'Get-PortStatusBarTexts',
        'Get-PortTreeItems',
        'Set-PortText',
        'Send-PortMessage',
        'Push-PortMessage',
        'Select-PortComboItem',
        'Get-PortClipboardSequence',
        'Get-PortClipboardText',
        'Test-PortProcessElevated',
        'Test-PortSelfElevated',
        'Get-PortSessionLocked',
        'Read-PortCaptchaText',
        'Read-PortTextFile',
        'Remove-PortFile',
        'Get-PortWindowRect',
        'Get-PortWindowStyle',
        'Get-PortProcessPath',
        'Get-PortFileVersion'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
}
