# Constants.ps1 - the worker's named deadlines and bounds; the client's ids and message numbers come from
# ps/xiadan-ui.psd1 (shared with the ports and the simulated client) as script variables of the same names.

$thsUiFacts = Import-PowerShellDataFile -Path ([System.IO.Path]::Combine($PSScriptRoot, '../../xiadan-ui.psd1'))
foreach ($thsName in $thsUiFacts.Keys) { Set-Variable -Scope Script -Name $thsName -Value $thsUiFacts[$thsName] }
Remove-Variable -Name thsUiFacts, thsName

# Deadlines (ms). Every wait in the worker is bounded polling against one of these.
$script:POLL_INTERVAL_MS = 5            # the longest sleep between two polls: the client answers in a few ms
$script:POLL_FIRST_MS = 1               # the shortest: a wait's first polls, then half the wait so far (Wait-ThsTick)
$script:PAGE_SWITCH_TIMEOUT_MS = 3000   # page appears after WM_COMMAND; slow PCs take ~1 s
$script:KNOWN_PAGE_GRACE_MS = 300      # a page's kept handle still hidden this long after the switch: the whole window is walked too
$script:LABEL_FILL_TIMEOUT_MS = 3000    # name / quote / max-quantity labels after the code is set (quote fetch)
$script:PRICE_MODE_TOGGLE_TIMEOUT_MS = 3000   # label 1400 leaves market mode after its click (the client asks the server)
$script:FIELD_VERIFY_TIMEOUT_MS = 1000  # read-back of a WM_SETTEXT
$script:TYPED_MAX_CHARS = 64            # longest text typed with WM_CHAR (a code, price, amount, file name is far shorter)
$script:POPUP_TIMEOUT_MS = 8000         # result popup after the submit click (broker round trip)
$script:POPUP_CLOSE_TIMEOUT_MS = 1500   # a popup disappears after its button is clicked
$script:TOAST_POPUP_TIMEOUT_MS = 2000   # -ResultDisplay Toast: a success shows no popup; a refusal's popup comes by then
$script:CLIPBOARD_TIMEOUT_MS = 3000     # grid copy reaches the clipboard
$script:CLIPBOARD_LOCK_TIMEOUT_MS = 15000   # another worker's grid read (copy, captcha, export) holds the desktop's clipboard lock
$script:DRAIN_MAX_POPUPS = 20           # at most this many leftover popups closed in one drain
$script:TEST_PAUSE_MS = 60000           # -TestPauseAt (crash tests only): long enough to be killed, bounded

# Captcha before a grid copy (9.x builds), the save-to-file export, refresh (Captcha.ps1, Export.ps1, Refresh.ps1).
$script:CAPTCHA_MAX_ATTEMPTS = 3             # OCR reads of one captcha dialog before falling back to the export
$script:CAPTCHA_ANSWER_TIMEOUT_MS = 3000     # after OK: the dialog closes (right) or shows an error and a new code
$script:CAPTCHA_RECREATE_WAIT_MS = 1500      # after OK the dialog went: a new one (wrong code, some builds) comes by then
$script:EXPORT_DIALOG_TIMEOUT_MS = 5000      # the save-as dialog appears after the save command
$script:EXPORT_FILE_TIMEOUT_MS = 5000        # the exported file is complete after the save button
$script:BROKER_RECONNECT_TIMEOUT_MS = 3000    # the status bar says connected after a refresh (F5: ~0.9 s, THS-UI-FACTS)
$script:REFRESH_TIMEOUT_MS = 5000            # labels of the page showing refill after the refresh command
$script:CANCEL_VIEW_TIMEOUT_MS = 3000        # the cancel grid shows only the code asked for after 查询代码 (a broker query)

# A standby worker (Standby.ps1) on the simulated backend runs these read commands once on a scratch copy of the sample.
$script:STANDBY_WARMUP_COMMANDS = @('status', 'balance', 'position', 'orders')
