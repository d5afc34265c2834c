// autostart.ts - `ths-http-trader.cmd autostart on|off|status`: a Task Scheduler task that runs start.cmd when this
// user logs on, in this user's interactive session (GUI automation cannot work from a service in Session 0), with
// the user's normal rights. The task is defined in XML: schtasks' own `/SC ONLOGON` trigger means "any user" and
// needs admin rights; a logon trigger for one user (the XML's <UserId>) does not. Undo by hand: docs/windows.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type AutostartAction = 'on' | 'off' | 'status';

/** After logon, wait this long: the desktop and the trader's own start-up programs come first. */
export const LOGON_DELAY = 'PT30S';
/** schtasks answers in well under a second; a hung Task Scheduler service must not hang the command. */
const SCHTASKS_TIMEOUT_MS = 30_000;

export interface AutostartPlan {
  /** The task's name: one per Windows user, so two traders on one PC do not replace each other's task. */
  readonly task: string;
  /** schtasks.exe argument lists, run in order; `{xml}` stands for the task file's path. */
  readonly commands: ReadonlyArray<readonly string[]>;
  /** The task definition for `on` (written as UTF-16 with a BOM, as schtasks /XML reads it). */
  readonly xml?: string;
}

function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** What `autostart <action>` runs for the bundle in `bundleDir` (a Windows path), for the user in `env`. */
export function autostartPlan(action: AutostartAction, bundleDir: string, env: NodeJS.ProcessEnv): AutostartPlan {
  const userName = env['USERNAME'] ?? 'user';
  const user = env['USERDOMAIN'] ? `${env['USERDOMAIN']}\\${userName}` : userName;
  const task = `ths-http-trader-${userName}`;
  if (action === 'off') return { task, commands: [['/Delete', '/TN', task, '/F']] };
  if (action === 'status') return { task, commands: [['/Query', '/TN', task, '/V', '/FO', 'LIST']] };
  const start = path.win32.join(bundleDir, 'start.cmd');
  const xml = [
    '<?xml version="1.0" encoding="UTF-16"?>',
    '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">',
    `  <RegistrationInfo><Description>ths-http-trader at logon: ${xmlText(start)}. Remove: ths-http-trader.cmd autostart off, or schtasks /Delete /TN "${xmlText(task)}" /F</Description></RegistrationInfo>`,
    `  <Triggers><LogonTrigger><Enabled>true</Enabled><UserId>${xmlText(user)}</UserId><Delay>${LOGON_DELAY}</Delay></LogonTrigger></Triggers>`,
    // InteractiveToken = schtasks /IT (runs in the user's session, only while logged on, no stored password);
    // LeastPrivilege = /RL LIMITED (never elevated: it must match the client's rights).
    `  <Principals><Principal id="Author"><UserId>${xmlText(user)}</UserId><LogonType>InteractiveToken</LogonType><RunLevel>LeastPrivilege</RunLevel></Principal></Principals>`,
    '  <Settings>',
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>',
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>',
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>',
    // The default limit (72 hours) would end the server: none.
    '    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>',
    '    <Enabled>true</Enabled>',
    '  </Settings>',
    `  <Actions Context="Author"><Exec><Command>"${xmlText(start)}"</Command><WorkingDirectory>${xmlText(bundleDir)}</WorkingDirectory></Exec></Actions>`,
    '</Task>',
  ].join('\r\n') + '\r\n';
  return { task, xml, commands: [['/Create', '/TN', task, '/XML', '{xml}', '/F']] };
}

/** Runs `autostart <action>` with schtasks.exe (output straight to the console); returns the exit code. */
export function runAutostart(action: AutostartAction, bundleDir: string): number {
  const plan = autostartPlan(action, bundleDir, process.env);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ths-autostart-'));
  try {
    const xmlFile = path.join(dir, 'task.xml');
    if (plan.xml !== undefined) writeFileSync(xmlFile, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plan.xml, 'utf16le')]));
    for (const args of plan.commands) {
      const r = spawnSync('schtasks.exe', args.map((a) => (a === '{xml}' ? xmlFile : a)), { stdio: 'inherit', timeout: SCHTASKS_TIMEOUT_MS, windowsHide: true });
      if (r.error) {
        process.stderr.write(`schtasks.exe: ${r.error.message}\n`);
        return 1;
      }
      if (r.status !== 0) {
        if (action === 'status') process.stdout.write(`自动启动：未设置 / autostart: off (no task ${plan.task})\n`);
        return action === 'status' ? 0 : (r.status ?? 1);
      }
    }
    const said = { on: `自动启动已开启：登录 Windows 30 秒后运行 start.cmd（任务 ${plan.task}）/ autostart on: start.cmd runs 30 s after you log on`, off: `自动启动已关闭（任务 ${plan.task} 已删除）/ autostart off: the task is deleted`, status: '' }[action];
    if (said) process.stdout.write(said + '\n');
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
