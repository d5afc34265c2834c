// startup-diagnosis.ts - what a worker's stderr says about why it cannot run at all, in words the trader can act on.
// Today: the execution policy refusing the script (a Group Policy setting wins over the -ExecutionPolicy Bypass the
// bridge passes). PowerShell's own text is localized (and, from Windows PowerShell 5.1 on a Chinese PC, arrives in
// code page 936), so the match is on the parts that are not: the help topic and the error id.
const EXECUTION_POLICY = /about_Execution_Policies|UnauthorizedAccess|PSSecurityException|running scripts is disabled|not digitally signed|禁止运行脚本|未进行数字签名/;

/** The wording of each diagnosis (Chinese first, then English). */
export const DIAGNOSIS = {
  executionPolicy: 'PowerShell 的执行策略不允许运行工作进程脚本：组策略设定的执行策略优先于本服务为自己的进程传的 -ExecutionPolicy Bypass。' +
    '请 IT 放行程序所在文件夹的 ps\\ 脚本（或为其签名），本机其他设置无需改动。' +
    '(the execution policy refuses the worker script: a policy set by Group Policy wins over the -ExecutionPolicy Bypass this server passes for its own process; ask IT to allow or sign the ps\\ scripts)',
} as const;

/** The diagnosis a worker stderr line points to, or undefined. */
export function diagnoseStderr(line: string): string | undefined {
  if (EXECUTION_POLICY.test(line)) return DIAGNOSIS.executionPolicy;
  return undefined;
}
