# ThsSimClient.psm1 - the simulated xiadan: account state and window tree in one model, driven by window messages.
#
# Used in-process by ps/ThsPort.Sim (the simulated window port) and by the Win32 double's controller
# (rig/win32/SimController.ps1), which renders Get-SimWindows into real windows and forwards their messages to
# Invoke-SimMessage. It knows nothing of ports or the worker protocol. One model per PowerShell session (module state);
# it exports only the manifest's FunctionsToExport. API (docs/WINDOW-PORT.md): Initialize-SimClient, Get-SimWindows,
# Get-SimWindow, Invoke-SimMessage, Step-SimClient, Add-SimPostedMessage, Get-SimNextDueMs, Get-SimClipboard,
# Get-SimState, Save-SimState; extras: Get-SimRevision (moves on every window change), Get-SimWindowChanges (the windows changed since one), Set-SimQuote (the market moves),
# Test-SimHung; and the fast reads the simulated port makes (Get-SimWindowRecord, Get-SimDescendantIds,
# Get-SimDescendantRecords, Get-SimTopWindows, Find-SimChild,
# Get-SimClientSetting, Get-SimValue, Read-SimCaptchaImage, ConvertTo-SimLocalPath, Get-SimTextEncoding).
# Files (Private/): SimFast.ps1 (the most frequent small steps, as static methods), SimClient.ps1 (start, events, the
# clock), SimState.ps1 (numbers, settings), SimStateFile.ps1
# (the state file), SimInstruments.ps1 (a code's class: decimals, lots, repos), SimAccount.ps1 (business rules),
# SimReports.ps1 (funds, grid texts),
# SimWindows.ps1 (windows), SimTexts.ps1 (their texts, shown and heard),
# SimBrokerLink.ps1 (the status bar's broker link), SimPages.ps1 (the tree:
# frame, pages, popups), SimQuestions.ps1 (warnings and the 委托确认 before an order), SimFields.ps1 (the order form's edits and labels), SimMessages.ps1 (what each
# message does), SimMatching.ps1 (fills, partial fills, market-order types, cancels, Set-SimQuote), SimCancelPage.ps1
# (the 撤单 page), SimCaptcha.ps1 (9.x captcha, export), SimIpo.ps1 (新股申购, refresh), SimCredit*.ps1 (a credit account: rules, figures, pages, 直接还款 / 直接还券). Ids come from ps/xiadan-ui.psd1.
#
# STATE FILE (JSON, UTF-8). Money and prices are decimal strings ("108328.65"); numbers are accepted too.
# {
#   "client": {
#     "title": "网上股票交易系统5.0",  "frameClass": "AfxMDIFrame140s" | "AfxMDIFrame42s",  "build": "8.x",
#     "orderConfirm": false,            // true: a 委托确认 popup (是 6 / 否 7) before the order is checked and placed
#     "marketPhase": "open" | "closed" | "clearing",
#     "defaultPrice": "last" | "none",  // fill the price edit with the last price when the code's quote arrives
#     "hung": false,                    // the client does not answer messages (port: timed out) and does nothing
#     "elevated": false,                // the client runs as administrator (Test-PortProcessElevated)
#     "ignoreSetTextIds": [1032],       // control ids whose WM_SETTEXT is swallowed (builds that ignore it)
#     "leftoverPopups": [{"title": "提示", "text": "..."}],  // shown at start, then removed from the file
#     "cancelConfirm": false,           // true: a 撤单确认 popup (是 / 否) before a cancel (GUI_CHEDAN_CONFIRM=yes)
#     "delays": {"pageMs": 20, "labelFillMs": 15, "popupMs": 30, "clipboardMs": 10}
#   },
#   "account": { "balance": "108328.65", "available": "78919.91", "frozen": "2121.68", "withdrawable": "0.00",
#                "nextContractNo": "4025982646", "nextTradeNo": "...", "shareholders": {"SH": "...", "SZ": "...", "BJ": "..."} },
#   "fees": { "commissionRate": "0.00025", "commissionMin": "5", "stampDutyRate": "0.0005", "transferFeeRate": "0.00001" },
#   "quotes": { "600160": {"name": "巨化股份", "last": "23.57", "limitUp": "25.93", "limitDown": "21.21",
#                          "exchange": "SH" | "SZ" | "BJ", "prevClose": "23.57" (optional, for 当日盈亏),
#                          "liquidity": 300 (optional: shares that trade at the last price per move; absent = all),
#                          "liquidityLeft": 100 (kept by the simulation: what is left of this move)} },
#   "positions": { "002555": {"name": "三七互娱", "total": 200, "available": 200, "frozen": 0, "cost": "16.147",
#                             "boughtToday": 0} },     // total = available + frozen + boughtToday
#   "orders": [ {"contractNo", "date" yyyyMMdd, "time" HH:mm:ss, "code", "name", "side" buy|sell, "price", "amount",
#                "filled", "avgPrice", "status" reported|partial|filled|cancelled|partlyCancelled, "exchange",
#                "shareholder", "frozenCash" (what is still frozen for the unfilled rest), "priceType" limit|<market type>} ],
#   "trades": [ {"contractNo", "tradeNo", "orderTime", "time", "code", "name", "side", "price", "amount", "value"} ]
# }
# Money moves: a buy freezes price x amount + fees (available -> frozen; a market buy at limit-up); a fill releases its
# share and pays last x shares + fees (balance and available). A sell freezes shares (available -> frozen); a fill pays
# last x shares - fees. A cancel releases what is still frozen.

# Strict mode for every function of this module, once: its scopes inherit it, the caller's session does not (a call
# per function cost ~60 us each, hundreds of times per command).
Set-StrictMode -Version 3.0

$simUiFacts = Import-PowerShellDataFile -Path ([System.IO.Path]::Combine($PSScriptRoot, '../xiadan-ui.psd1'))
foreach ($simName in $simUiFacts.Keys) { Set-Variable -Scope Script -Name $simName -Value $simUiFacts[$simName] }
Remove-Variable -Name simUiFacts, simName

foreach ($simFile in @('SimFast', 'SimState', 'SimStateFile', 'SimInstruments', 'SimAccount', 'SimCredit', 'SimCreditFills', 'SimCreditFigures', 'SimCreditPages', 'SimCreditRepay', 'SimMatching', 'SimCancelPage', 'SimReports', 'SimWindows', 'SimTexts', 'SimTree', 'SimBrokerLink', 'SimPages', 'SimQuestions', 'SimFields', 'SimMessages', 'SimCaptcha', 'SimIpo', 'SimClient')) {
    . ([System.IO.Path]::Combine($PSScriptRoot, 'Private/' + $simFile + '.ps1'))
}
Remove-Variable -Name simFile

Export-ModuleMember -Function @(
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
