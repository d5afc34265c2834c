// launchers.ts - the bundle's own files beside the application: start.cmd, ths-http-trader.cmd (ASCII, CRLF) and the
// Chinese-first 使用说明.txt (UTF-8 with a BOM, CRLF, so Notepad on a code-page-936 PC shows it right).
// The .cmd files hold no Chinese: cmd.exe reads a batch file in the console's code page; Node writes the messages.

/** Joins lines with CRLF, ending with one. */
function crlf(lines: readonly string[]): Buffer {
  return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}

/** Double-click: serve from this folder; a failed start keeps the window open so its message can be read. */
export function startCmd(): Buffer {
  return crlf([
    '@echo off',
    'rem start.cmd - double-click to run ths-http-trader (the local HTTP order gateway) from this folder.',
    'rem Ctrl+C or closing the window stops it and its PowerShell worker. Arguments are passed on (start.cmd --port 9000).',
    'setlocal',
    'title ths-http-trader',
    '"%~dp0node\\node.exe" "%~dp0app\\scripts\\bundle\\cli.ts" serve %*',
    'set "THS_EXIT=%ERRORLEVEL%"',
    'if not "%THS_EXIT%"=="0" pause',
    'exit /b %THS_EXIT%',
  ]);
}

/** The command: serve | doctor | version | autostart on|off|status, from any folder (paths from %~dp0, all quoted). */
export function commandCmd(): Buffer {
  return crlf([
    '@echo off',
    'rem ths-http-trader.cmd - the bundle\'s command, from any folder:',
    'rem   ths-http-trader.cmd [serve] [options]      the server (ths-http-trader.cmd serve --help lists the options)',
    'rem   ths-http-trader.cmd doctor [--json]        a read-only check of this PC and the trading client',
    'rem   ths-http-trader.cmd version                versions of the gateway and of its node.exe',
    'rem   ths-http-trader.cmd autostart on|off|status start at logon (Task Scheduler, this user only)',
    'setlocal',
    'if not exist "%~dp0node\\node.exe" goto missing',
    '"%~dp0node\\node.exe" "%~dp0app\\scripts\\bundle\\cli.ts" %*',
    'exit /b %ERRORLEVEL%',
    ':missing',
    'echo node\\node.exe is missing beside %~nx0: unzip the whole archive again. 1>&2',
    'exit /b 9009',
  ]);
}

/** 使用说明.txt: what to do, Chinese first, then English. */
export function instructionsTxt(version: string, nodeVersion: string): Buffer {
  const lines = [
    `ths-http-trader ${version} — 同花顺本地 HTTP 下单网关（Windows 免安装版，内含 Node.js ${nodeVersion}）`,
    '',
    '使用方法',
    '1. 把整个压缩包解压到任意文件夹（路径可以含空格和中文；不需要管理员权限，不需要安装 Node 或 npm）。',
    '2. 先登录同花顺交易客户端（xiadan.exe），不要“以管理员身份运行”它。',
    '3. 双击 start.cmd。窗口里出现 listening 和 http://127.0.0.1:8888 即已启动；关闭窗口或按 Ctrl+C 停止。',
    '   在命令提示符里启动请输入 .\\start.cmd 或 ths-http-trader.cmd（单写 start.cmd 可能被当成 cmd 的 START 命令）。',
    '4. 试一试（另开一个命令提示符）：curl http://127.0.0.1:8888/balance',
    '',
    '命令（在本文件夹或任意位置运行 ths-http-trader.cmd）',
    '  ths-http-trader.cmd serve [选项]        启动服务（同 start.cmd）；serve --help 列出全部选项',
    '  ths-http-trader.cmd doctor              只读体检：PowerShell、语言模式、客户端窗口、权限',
    '  ths-http-trader.cmd version             版本',
    '  ths-http-trader.cmd autostart on        登录 Windows 时自动启动（任务计划，仅当前用户）；off 取消，status 查看',
    '',
    '数据与日志：%LOCALAPPDATA%\\ths-http-trader（委托日志 journal、状态、logs\\ths-http-trader.log）。',
    '工作进程用系统自带的 Windows PowerShell 5.1（powershell.exe），只对它自己的进程使用 -ExecutionPolicy Bypass，',
    '不修改本机的执行策略。详见 docs/windows.md（项目主页的文档）。',
    '',
    'English',
    '1. Unzip the whole archive into any folder (spaces and Chinese names are fine; no admin rights, no Node or npm).',
    '2. Log in to the THS trading client (xiadan.exe); do not run it "as administrator".',
    '3. Double-click start.cmd. It is up when the window shows "listening" and http://127.0.0.1:8888; close the',
    '   window or press Ctrl+C to stop it.',
    '   From a command prompt type .\\start.cmd or ths-http-trader.cmd (a bare start.cmd may run cmd\'s START command).',
    '4. Try it from another command prompt: curl http://127.0.0.1:8888/balance',
    'Commands: ths-http-trader.cmd serve [options] | doctor | version | autostart on|off|status.',
    'Data and logs: %LOCALAPPDATA%\\ths-http-trader (the order journal, state, logs\\ths-http-trader.log).',
    'The worker runs in Windows PowerShell 5.1 (powershell.exe) with -ExecutionPolicy Bypass for its own process only;',
    'the PC\'s execution policy is not changed. More: docs/windows.md on the project page.',
  ];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), crlf(lines)]);
}
