# Constants.ps1 - message numbers, control ids, page ids and every named deadline the worker uses.

# Window messages
$script:WM_SETTEXT = 0x000C
$script:WM_GETTEXT = 0x000D
$script:WM_GETTEXTLENGTH = 0x000E
$script:WM_CLOSE = 0x0010
$script:WM_COMMAND = 0x0111
$script:BM_CLICK = 0x00F5
$script:CB_SELECTSTRING = 0x014D
$script:CBN_SELCHANGE = 1

# Pages (WM_COMMAND ids sent to the main frame)
$script:PAGE_BUY = 161
$script:PAGE_SELL = 162
$script:PAGE_CANCEL = 163
$script:PAGE_FUNDS = 165
$script:PAGE_TRADES = 167
$script:PAGE_ORDERS = 168
$script:PAGE_IPO = 554
$script:CMD_REFRESH = 32790
$script:CMD_COPY = 0xE122

# Frame structure
$script:ID_MDI_CLIENT = 0xE900
$script:ID_PAGE_CONTAINER = 0xE901
$script:ID_MENU_TREE = 129

# Buy / sell page controls
$script:ID_CODE = 1032
$script:ID_PRICE = 1033
$script:ID_AMOUNT = 1034
$script:ID_SUBMIT = 1006
$script:ID_NAME = 1036
$script:ID_MAX_BUY = 1018
$script:ID_MAX_SELL = 1038
$script:ID_LAST = 0x400
$script:ID_LIMIT_UP = 0x404
$script:ID_LIMIT_DOWN = 0x405
$script:ID_EXCHANGE = 1003
$script:ID_PRICE_TYPE = 1541

# Funds labels
$script:ID_FUND_BALANCE = 1012
$script:ID_FUND_FROZEN = 1013
$script:ID_FUND_MARKET_VALUE = 1014
$script:ID_FUND_TOTAL = 1015
$script:ID_FUND_AVAILABLE = 1016
$script:ID_FUND_WITHDRAWABLE = 1017
$script:ID_FUND_TODAY_PL = 1026
$script:ID_FUND_POSITION_PL = 1027

# Grids
$script:ID_GRID = 1047
$script:GRID_CLASS = "CVirtualGridCtrl"

# Popups
$script:POPUP_CLASS = "#32770"
$script:ID_POPUP_TITLE = 1365
$script:ID_POPUP_TEXT = 0x3EC
$script:ID_POPUP_TEXT_ALT = 1004
$script:ID_BTN_OK = 1
$script:ID_BTN_CANCEL = 2
$script:ID_BTN_YES = 6
$script:ID_BTN_NO = 7

# Deadlines (ms). Every wait in the worker is bounded polling against one of these.
$script:POLL_INTERVAL_MS = 5            # between polls: short, the client answers in a few ms
$script:PORT_SEND_TIMEOUT_MS = 2000     # one SendMessageTimeout: a healthy client answers in < 50 ms
$script:PAGE_SWITCH_TIMEOUT_MS = 3000   # page appears after WM_COMMAND; slow PCs take ~1 s
$script:LABEL_FILL_TIMEOUT_MS = 3000    # name / quote / max-quantity labels after the code is set (quote fetch)
$script:FIELD_VERIFY_TIMEOUT_MS = 1000  # read-back of a WM_SETTEXT
$script:POPUP_TIMEOUT_MS = 8000         # result popup after the submit click (broker round trip)
$script:POPUP_CLOSE_TIMEOUT_MS = 1500   # a popup disappears after its button is clicked
$script:CLIPBOARD_TIMEOUT_MS = 3000     # grid copy reaches the clipboard
$script:DRAIN_MAX_POPUPS = 20           # at most this many leftover popups closed in one drain
$script:TEST_PAUSE_MS = 60000           # THS_TEST_PAUSE_AT (crash tests only): long enough to be killed, bounded

# Script identity
$script:THS_SCRIPT_VERSION = '0.1.0'

# Clipboard reads in the win32 port (Port.Win32.ps1): OpenClipboard is retried while another process holds it.
$script:CLIPBOARD_OPEN_TRIES = 20            # attempts to open the clipboard (xiadan holds it briefly after a copy)
$script:CLIPBOARD_OPEN_WAIT_MS = 10          # between attempts
$script:CLIPBOARD_READ_TIMEOUT_MS = 1000     # the whole read on its STA thread; more than tries x wait

# Captcha before a grid copy (9.x builds), the save-to-file export, refresh and IPO (Captcha.ps1, Export.ps1,
# Refresh.ps1, Ipo.ps1).
$script:ID_CAPTCHA_EDIT = 0x964
$script:ID_CAPTCHA_IMAGE = 0x965
$script:ID_CAPTCHA_ERROR = 0x966
$script:CMD_SAVE = 0xE103                    # MFC ID_FILE_SAVE sent to a grid: the message twin of Ctrl+S (see README)
$script:ID_SAVE_FILE_NAME = 1152             # edt1: file name edit of the classic save-as dialog
$script:ID_SAVE_FILE_NAME_COMBO = 1148       # cmb13: ComboBoxEx32 holding the file name edit (Vista-style dialog)
$script:CAPTCHA_MAX_ATTEMPTS = 3             # OCR reads of one captcha dialog before falling back to the export
$script:CAPTCHA_ANSWER_TIMEOUT_MS = 3000     # after OK: the dialog closes (right) or shows an error and a new code
$script:OCR_TIMEOUT_MS = 20000               # one OCR read; the pwsh 7 route starts powershell.exe 5.1 (1-5 s cold)
$script:EXPORT_DIALOG_TIMEOUT_MS = 5000      # the save-as dialog appears after the save command
$script:EXPORT_FILE_TIMEOUT_MS = 5000        # the exported file is complete after the save button
$script:REFRESH_TIMEOUT_MS = 5000            # labels of the page showing refill after the refresh command

# Cancel page (撤单, 163) controls
$script:ID_CANCEL_CODE = 3348        # code filter edit
$script:ID_CANCEL_QUERY = 3349       # 查询代码: applies the code filter to the grid
$script:ID_CANCEL_SELECTED = 1099    # 撤单: cancels the selected rows
$script:ID_CANCEL_SELECT_ALL = 1098  # 全选: selects every row the grid shows
$script:ID_CANCEL_ALL = 30001        # 全撤
$script:ID_CANCEL_BUYS = 30002       # 撤买
$script:ID_CANCEL_SELLS = 30003      # 撤卖
$script:CANCEL_VIEW_TIMEOUT_MS = 3000   # the cancel grid shows only the code asked for after 查询代码 (a broker query)
