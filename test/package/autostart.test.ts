// autostart.test.ts - `ths-http-trader.cmd autostart on|off|status`: the exact schtasks.exe command lines and the task
// definition (at this user's logon, interactive, never elevated, no time limit), for a bundle in a folder with spaces
// and Chinese characters.
import { expect } from 'chai';
import { LOGON_DELAY, autostartPlan } from '../../scripts/bundle/autostart.ts';

describe('package:win: autostart through the Task Scheduler', () => {
  const env = { USERDOMAIN: 'TRADE-PC', USERNAME: '张三' };
  const bundle = 'D:\\交易 工具\\A&B\\ths-http-trader-0.1.0-win-x64';

  it('creates the task from an XML definition, replacing an earlier one (/F)', () => {
    const plan = autostartPlan('on', bundle, env);
    expect(plan.task).to.equal('ths-http-trader-张三');
    expect(plan.commands).to.deep.equal([['/Create', '/TN', 'ths-http-trader-张三', '/XML', '{xml}', '/F']]);
  });

  it('triggers at this user\'s logon only, runs in the interactive session with limited rights (/SC ONLOGON /IT /RL LIMITED) and no time limit', () => {
    const xml = plan().xml ?? '';
    expect(xml).to.include(`<LogonTrigger><Enabled>true</Enabled><UserId>TRADE-PC\\张三</UserId><Delay>${LOGON_DELAY}</Delay></LogonTrigger>`);
    expect(xml).to.include('<Principal id="Author"><UserId>TRADE-PC\\张三</UserId><LogonType>InteractiveToken</LogonType><RunLevel>LeastPrivilege</RunLevel></Principal>');
    expect(xml).to.include('<ExecutionTimeLimit>PT0S</ExecutionTimeLimit>');
    expect(xml).to.include('<MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>');
    expect(xml.split('\r\n')[0]).to.equal('<?xml version="1.0" encoding="UTF-16"?>');
  });

  it('runs start.cmd by its quoted full path from the bundle folder, with XML special characters escaped', () => {
    const xml = plan().xml ?? '';
    expect(xml).to.include('<Exec><Command>"D:\\交易 工具\\A&amp;B\\ths-http-trader-0.1.0-win-x64\\start.cmd"</Command><WorkingDirectory>D:\\交易 工具\\A&amp;B\\ths-http-trader-0.1.0-win-x64</WorkingDirectory></Exec>');
  });

  it('deletes the task for off and queries it in full for status', () => {
    expect(autostartPlan('off', bundle, env).commands).to.deep.equal([['/Delete', '/TN', 'ths-http-trader-张三', '/F']]);
    expect(autostartPlan('status', bundle, env).commands).to.deep.equal([['/Query', '/TN', 'ths-http-trader-张三', '/V', '/FO', 'LIST']]);
    expect(autostartPlan('off', bundle, env).xml).to.equal(undefined);
  });

  function plan(): ReturnType<typeof autostartPlan> {
    return autostartPlan('on', bundle, env);
  }
});
