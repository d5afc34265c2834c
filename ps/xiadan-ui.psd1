# xiadan-ui.psd1 - facts of the THS client's window tree (message numbers, page ids, control ids, class names) that the
# worker (ps/ThsWorker), both window ports (ps/ThsPort.*) and the simulated client (ps/ThsSimClient) share. Data only:
# each module loads it with Import-PowerShellDataFile into script variables of the same names ($script:WM_COMMAND ...).
# Ids from ../shared/THS-UI-FACTS.md.
@{
    # Window messages
    WM_SETTEXT               = 0x000C
    WM_GETTEXT               = 0x000D
    WM_GETTEXTLENGTH         = 0x000E
    WM_CLOSE                 = 0x0010
    WM_CHAR                  = 0x0102   # one typed UTF-16 code in wParam (heard by builds that ignore WM_SETTEXT)
    EM_SETSEL                = 0x00B1   # wParam 0, lParam -1: select all of an edit (the next WM_CHAR replaces it)
    CHAR_BACKSPACE           = 0x08
    WM_COMMAND               = 0x0111
    BM_CLICK                 = 0x00F5
    CB_SELECTSTRING          = 0x014D
    CBN_SELCHANGE            = 1
    STN_CLICKED              = 0          # a Static with SS_NOTIFY tells its parent it was clicked (WM_COMMAND)

    # Pages (WM_COMMAND ids sent to the main frame) and frame commands
    PAGE_BUY                 = 161
    PAGE_SELL                = 162
    PAGE_CANCEL              = 163
    PAGE_FUNDS               = 165
    PAGE_TRADES              = 167
    PAGE_ORDERS              = 168
    PAGE_IPO                 = 554
    CMD_REFRESH              = 32790
    CMD_COPY                 = 0xE122
    CMD_SAVE                 = 0xE103     # MFC ID_FILE_SAVE sent to a grid: the message twin of Ctrl+S

    # Frame structure
    ID_MDI_CLIENT            = 0xE900
    ID_PAGE_CONTAINER        = 0xE901
    ID_MENU_TREE             = 129
    # A credit (margin) account's client: tab CCustomTabCtrl 1001 and menu tree 513 instead of 129 (THS-UI-FACTS,
    # "Margin accounts"). Its order and query pages are reached by selecting tree items (paths below).
    ID_CREDIT_TREE           = 513
    ID_CREDIT_TAB            = 1001
    CREDIT_TAB_CLASS         = 'CCustomTabCtrl'
    # The credit tree's pages: the item's path from the top, the order side of its form (or Grid: a page holding a grid),
    # and the key the worker and the simulated client give the page (ours, not a client command id: no WM_COMMAND id of these pages is known). The
    # facts list 限价委托 -> 融资买入 / 融券卖出 and 查询[F4] -> 查询资产; the other paths are assumed until a real
    # credit client's dump (doctor --dump) shows them. A credit page is told by a Static showing the item's text.
    CREDIT_PAGES             = @{
        collateralBuy  = @{ Key = 70001; Side = 'buy'; Path = @('限价委托', '担保品买入') }
        collateralSell = @{ Key = 70002; Side = 'sell'; Path = @('限价委托', '担保品卖出') }
        marginBuy      = @{ Key = 70003; Side = 'buy'; Path = @('限价委托', '融资买入') }
        shortSell      = @{ Key = 70004; Side = 'sell'; Path = @('限价委托', '融券卖出') }
        buyToCover     = @{ Key = 70005; Side = 'buy'; Path = @('限价委托', '买券还券') }
        sellToRepay    = @{ Key = 70006; Side = 'sell'; Path = @('限价委托', '卖券还款') }
        # A market margin buy (THS-UI-FACTS: 市价委托 -> 融资买入): the order kind marginBuy on its own page, the one credit
        # page with the market-type combo 1541 (Market); the limit pages have none.
        marginBuyMarket = @{ Key = 70007; Side = 'buy'; Kind = 'marginBuy'; Market = $true; Path = @('市价委托', '融资买入') }
        assets         = @{ Key = 70010; Side = ''; Path = @('查询[F4]', '查询资产') }
        securities     = @{ Key = 70011; Side = ''; Grid = $true; Path = @('查询[F4]', '标的证券') }
        debts          = @{ Key = 70012; Side = ''; Grid = $true; Path = @('查询[F4]', '负债明细') }
        # 直接还款 (cash repays the financed debt) and 直接还券 (held shares return the borrowed ones): Form names their
        # controls (ID_REPAY_MONEY; the code and amount edits). Paths, controls and texts assumed (docs/credit.md).
        directRepay    = @{ Key = 70020; Side = ''; Form = 'repay'; Path = @('还款还券', '直接还款') }
        directReturn   = @{ Key = 70021; Side = ''; Form = 'return'; Path = @('还款还券', '直接还券') }
    }
    # 查询资产's captions (each a Static followed by its value Static), in the simulated page's order; the first two are the
    # ones the worker requires. Assumed: the real page's captions are not known.
    CREDIT_ASSET_FIELDS      = @('维持担保比例', '可用保证金', '资金余额', '可用资金', '融券卖出资金', '总市值', '总资产', '融资负债', '融券负债', '总负债', '净资产')
    ID_STATIC                = 0xFFFF     # IDC_STATIC (-1): the id of a dialog's plain captions
    ID_REPAY_MONEY           = 1550       # 直接还款's 还款金额 edit (assumed; its 直接还券 page reuses ID_CODE, ID_NAME, ID_AMOUNT, ID_SUBMIT)

    # Tree-view messages: the items of a menu tree are read and selected with these (TVGN_* are wParam codes)
    TVM_GETNEXTITEM          = 0x110A
    TVM_SELECTITEM           = 0x110B
    TVM_GETITEMW             = 0x113E
    TVGN_ROOT                = 0
    TVGN_NEXT                = 1
    TVGN_CHILD               = 4
    TVGN_CARET               = 9

    # Buy / sell page controls (the IPO page reuses code, price, amount, submit, name and max-buy)
    ID_CODE                  = 1032
    ID_PRICE                 = 1033
    ID_AMOUNT                = 1034
    ID_SUBMIT                = 1006
    ID_NAME                  = 1036
    ID_MAX_BUY               = 1018
    ID_MAX_SELL              = 1038
    ID_LAST                  = 0x400
    ID_LIMIT_UP              = 0x404
    ID_LIMIT_DOWN            = 0x405
    ID_EXCHANGE              = 1003
    ID_PRICE_TYPE            = 1541
    ID_PRICE_MODE            = 1400       # label 买入价格 / 卖出价格: a click toggles limit / market mode (2025-2026 builds)

    # Funds labels
    ID_FUND_BALANCE          = 1012
    ID_FUND_FROZEN           = 1013
    ID_FUND_MARKET_VALUE     = 1014
    ID_FUND_TOTAL            = 1015
    ID_FUND_AVAILABLE        = 1016
    ID_FUND_WITHDRAWABLE     = 1017
    ID_FUND_TODAY_PL         = 1026
    ID_FUND_POSITION_PL      = 1027

    # Grids
    ID_GRID                  = 1047
    GRID_CLASS               = 'CVirtualGridCtrl'

    # Popups
    POPUP_CLASS              = '#32770'
    ID_POPUP_TITLE           = 1365
    ID_POPUP_TEXT            = 0x3EC
    ID_POPUP_TEXT_ALT        = 1004
    ID_POPUP_TEXT_2026       = 1040       # the confirmation's text in 2025-2026 builds
    ID_BTN_OK                = 1
    ID_BTN_CANCEL            = 2
    ID_BTN_YES               = 6
    ID_BTN_NO                = 7

    # Captcha dialog (9.x builds) and the save-as dialog of the export
    ID_CAPTCHA_EDIT          = 0x964
    ID_CAPTCHA_IMAGE         = 0x965
    ID_CAPTCHA_ERROR         = 0x966
    ID_SAVE_FILE_NAME        = 1152       # edt1: file name edit of the classic save-as dialog
    ID_SAVE_FILE_NAME_COMBO  = 1148       # cmb13: ComboBoxEx32 holding the file name edit (Vista-style dialog)

    # Cancel page (163) controls
    ID_CANCEL_CODE           = 3348       # code filter edit
    ID_CANCEL_QUERY          = 3349       # query-by-code button: applies the filter to the grid
    ID_CANCEL_SELECTED       = 1099       # cancels the selected rows
    ID_CANCEL_SELECT_ALL     = 1098       # selects every row the grid shows
    ID_CANCEL_ALL            = 30001
    ID_CANCEL_BUYS           = 30002
    ID_CANCEL_SELLS          = 30003

    # The bound of one SendMessageTimeout (the Win32 port's, named in the worker's messages): a healthy client
    # answers in < 50 ms.
    PORT_SEND_TIMEOUT_MS     = 2000
    # The desktop's one clipboard lock: a named mutex every worker takes around a grid's copy and read, so that two
    # workers driving two clients on one PC never read each other's grid (Enter-ThsClipboardLock). Local\: one per
    # logon session, where the clipboard is.
    CLIPBOARD_LOCK_NAME      = 'Local\ths-http-trader-clipboard'
}
