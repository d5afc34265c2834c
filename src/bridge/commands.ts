// commands.ts - the command catalog: the worker commands the bridge may send, each one's deadline, whether it can
// place or cancel an order, and whether it changes the client; and the bridge's other named waits.

/**
 * Extra time for a grid read on a build whose copy demands a captcha (ps/ThsWorker/Private/Captcha.ps1): 3 OCR attempts x (20 s OCR
 * + 3 s answer) + the save-to-file export (5 s dialog + 5 s file).
 */
export const CAPTCHA_PATH_MS = 80_000;

/**
 * Worker commands: each one's deadline; `isOrder`: it can place or cancel an order (never re-sent, its outcome may be
 * unknown); `effect`: it changes the client or the account (refused by the bridge itself in dry-run, dry_run_locked).
 * `refresh` reloads the client's data; `sim` moves a simulated quote, which fills resting orders in the account.
 */
export const COMMANDS = {
  ping: { timeoutMs: 5_000, isOrder: false, effect: false },
  status: { timeoutMs: 10_000, isOrder: false, effect: false },
  // Funds page: page switch (3 s) + labels (3 s) in the worker, plus slack for a slow PC.
  balance: { timeoutMs: 15_000, isOrder: false, effect: false },
  // A credit account's 查询资产: the menu tree read and selected, the page (3 s) and its labels (3 s), plus slack.
  credit_balance: { timeoutMs: 15_000, isOrder: false, effect: false },
  // A credit account's grid pages (标的证券, 负债明细): the menu tree, the page, the grid copy (as orders), a captcha build's OCR.
  credit_securities: { timeoutMs: 20_000 + CAPTCHA_PATH_MS, isOrder: false, effect: false },
  credit_debts: { timeoutMs: 20_000 + CAPTCHA_PATH_MS, isOrder: false, effect: false },
  // Funds page + grid copy through the clipboard (3 s); on a captcha build OCR attempts and the export fallback.
  position: { timeoutMs: 20_000 + CAPTCHA_PATH_MS, isOrder: false, effect: false },
  // Grid pages: page switch + clipboard copy, read twice at most when the previous page was still showing.
  orders: { timeoutMs: 20_000, isOrder: false, effect: false },
  trades: { timeoutMs: 20_000, isOrder: false, effect: false },
  // Page (3 s) + name label (3 s) + max label (3 s) + result popup (8 s) in the worker, plus slack.
  order: { timeoutMs: 30_000, isOrder: true, effect: true },
  // Reverse repo: the funds page (balance, 6 s) before the order form and its popups (as order).
  repo: { timeoutMs: 40_000, isOrder: true, effect: true },
  // 直接还款 / 直接还券 of a credit account: the menu tree and the page (3 s), the fields (and the code's name label,
  // 3 s), the confirmation and the result popup (8 s), plus slack. They move money or shares: never re-sent.
  direct_repay: { timeoutMs: 30_000, isOrder: true, effect: true },
  direct_return: { timeoutMs: 30_000, isOrder: true, effect: true },
  // Cancel: today's orders read twice (2 x 6 s) + cancel page and its filtered grid (3 s + 3 s) + result popup (8 s).
  cancel: { timeoutMs: 45_000, isOrder: true, effect: true },
  // Sim-only quote move (ps/ThsWorker/Public/SimControl.ps1): in-memory, then one state-file write.
  sim: { timeoutMs: 10_000, isOrder: false, effect: true },
  // IPO page grid (like /orders), then per offer: code + labels (6 s) + result popup (8 s); up to a handful of offers.
  ipo: { timeoutMs: 20_000 + CAPTCHA_PATH_MS, isOrder: false, effect: false },
  ipo_subscribe: { timeoutMs: 120_000 + CAPTCHA_PATH_MS, isOrder: true, effect: true },
  // Refresh command (2 s send) + the page's labels refilling (5 s).
  refresh: { timeoutMs: 15_000, isOrder: false, effect: true },
  // --discover (src/app/discovery.ts), the scout worker: every trading window of the desktop (one walk, each frame's tree).
  clients: { timeoutMs: 10_000, isOrder: false, effect: false },
  // The scout reads a client's positions grid, then its orders grid (as /position and /orders, one after the other).
  identify: { timeoutMs: 40_000 + CAPTCHA_PATH_MS, isOrder: false, effect: false },
  // An account's worker moved to its client's new process (in memory, no window touched).
  bind: { timeoutMs: 5_000, isOrder: false, effect: false },
} as const;

export type CommandName = keyof typeof COMMANDS;

/** The catalog's command names, sorted: the worker's dispatcher and docs/PROTOCOL.md must list exactly these. */
export const COMMAND_NAMES: readonly CommandName[] = (Object.keys(COMMANDS) as CommandName[]).sort();

/** Cold start of PowerShell to its ready line: Add-Type compiles C# (1-5 s on Windows PowerShell 5.1, ~4 s under Wine). */
export const READY_TIMEOUT_MS = 30_000;
/** After a kill, how long we wait for the worker's pipes to close before treating it as gone. */
export const EXIT_DRAIN_MS = 2_000;
/** Longest a request may wait in the queue for its turn (behind other commands or a restart). */
export const QUEUE_WAIT_MS = 60_000;
/** How many commands may wait behind the one in flight. */
export const QUEUE_LIMIT = 32;
/** Restart delays after consecutive failures: the first restart is immediate so a killed worker is back in < 2 s. */
export const RESTART_BACKOFF_MS = [0, 250, 1_000, 2_000, 5_000] as const;
/** A crash loop: this many unexpected exits within the window puts the bridge in `failed`. */
export const CRASH_LOOP_COUNT = 5;
export const CRASH_LOOP_WINDOW_MS = 180_000;
/** A standby worker that exits before it is needed is started again after these delays; past the last, no spare until the active worker restarts. */
export const STANDBY_RETRY_MS = [1_000, 5_000, 30_000] as const;
/** In `failed`, try again after this long. */
export const FAILED_RETRY_MS = 60_000;
/** Graceful shutdown: after stdin is closed, the worker gets at least this long to exit by itself before the kill. */
export const STOP_MIN_WAIT_MS = 200;
/** Graceful shutdown: how long the command in flight may take to finish before the worker is killed. */
export const SHUTDOWN_DEADLINE_MS = 10_000;
