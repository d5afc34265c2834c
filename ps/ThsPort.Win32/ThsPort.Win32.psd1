# ThsPort.Win32.psd1 - module manifest: version, the PowerShell it needs, and the only functions it exports (the window
# port's primitives of docs/WINDOW-PORT.md; both ports export the same list).
@{
    RootModule           = 'ThsPort.Win32.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = 'd4a6b8c0-5e3f-4a7c-9b21-4c5d6e7f8a44'
    Author               = 'ths-http-trader'
    Copyright            = 'MIT License'
    Description          = 'The Windows window port: the window primitives of the THS worker over user32 / kernel32 / advapi32 / gdi32 (C# in *.cs compiled by Add-Type).'
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
