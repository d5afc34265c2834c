// --discover's loop (src/app/discovery.ts) over a scripted scout: a new window is told apart and handed to the server
// once; one whose grids have no row, or whose read fails, waits with why and is tried again only after the retry time;
// a window that is gone is forgotten (and the server told which are open); a refusal by the server is listed too.
import { expect } from 'chai';
import pino from 'pino';
import type { WorkerSupervisor } from '../../src/bridge/supervisor.ts';
import { ClientDiscovery, type AttachResult, type FoundClient } from '../../src/app/discovery.ts';

interface Script {
  windows: FoundClient[];
  shareholders: Map<number, string[] | Error>;
  identified: number[];
}

function scout(s: Script): WorkerSupervisor {
  return {
    status: 'ready',
    request: async (cmd: string, args: Record<string, unknown> = {}): Promise<unknown> => {
      if (cmd === 'clients') return { clients: s.windows };
      if (cmd === 'identify') {
        const pid = Number(args['pid']);
        s.identified.push(pid);
        const r = s.shareholders.get(pid) ?? [];
        if (r instanceof Error) throw r;
        return { pid, shareholders: r, from: r.length > 0 ? 'positions' : null };
      }
      throw new Error(`unexpected ${cmd}`);
    },
  } as unknown as WorkerSupervisor;
}

const win = (pid: number): FoundClient => ({ pid, exe: null, title: '网上股票交易系统5.0', visible: true, credit: false });

describe('app/discovery: the trading windows found, told apart and handed to the server', () => {
  it('hands a new window to the server once, with its shareholder accounts, and tells the server which windows are open', async () => {
    const s: Script = { windows: [win(10), win(20)], shareholders: new Map([[10, ['A1', '01']], [20, ['A2']]]), identified: [] };
    const attached: Array<[number, readonly string[]]> = [];
    const opens: number[][] = [];
    const d = new ClientDiscovery({ scout: scout(s), logger: pino({ level: 'silent' }), attach: (f, sh): AttachResult => { attached.push([f.pid, sh]); return { account: sh[0]! }; }, seen: (open) => opens.push([...open]) });
    await d.scan();
    await d.scan();
    expect(attached).to.deep.equal([[10, ['A1', '01']], [20, ['A2']]]);
    expect(s.identified, 'each window read once').to.deep.equal([10, 20]);
    s.windows = [win(20)];
    await d.scan();
    expect(opens).to.deep.equal([[10, 20], [10, 20], [20]]);
    s.windows = [win(20), win(10)];
    await d.scan();
    expect(s.identified, 'a window back after it was gone is read again').to.deep.equal([10, 20, 10]);
    expect(d.unidentified()).to.deep.equal([]);
  });

  it('lists a window with no row, a failed read and a refusal with why, and reads it again only after the retry time', async () => {
    const s: Script = { windows: [win(10), win(20), win(30)], shareholders: new Map<number, string[] | Error>([[10, []], [20, new Error('client_not_responding')], [30, ['A3']]]), identified: [] };
    const d = new ClientDiscovery({ scout: scout(s), logger: pino({ level: 'silent' }), attach: (): AttachResult => ({ refused: 'the same account is open in another window' }), seen: () => undefined, retryMs: 200 });
    await d.scan();
    const why = new Map(d.unidentified().map((c) => [c.pid, c.reason]));
    expect(why.get(10)).to.match(/股东帐户/);
    expect(why.get(20)).to.match(/client_not_responding/);
    expect(why.get(30)).to.equal('the same account is open in another window');
    await d.scan();
    expect(s.identified, 'not again before the retry time').to.deep.equal([10, 20, 30]);
    await new Promise((r) => setTimeout(r, 250));
    s.shareholders.set(10, ['A1']);
    s.windows = [win(10), win(20)];
    await d.scan();
    expect(s.identified).to.deep.equal([10, 20, 30, 10, 20]);
    expect(d.unidentified().map((c) => c.pid), 'a gone window is no longer listed; 10 was refused again').to.have.members([10, 20]);
  });

  it('stops: no scan after stop(), and stop() waits for the one running', async () => {
    const s: Script = { windows: [win(10)], shareholders: new Map([[10, ['A1']]]), identified: [] };
    let attached = 0;
    const d = new ClientDiscovery({ scout: scout(s), logger: pino({ level: 'silent' }), attach: (): AttachResult => { attached++; return { account: 'A1' }; }, seen: () => undefined, intervalMs: 10 });
    d.start();
    await d.stop();
    const after = d.health().scans;
    await new Promise((r) => setTimeout(r, 50));
    expect(d.health().scans).to.equal(after);
    expect(attached).to.be.at.most(1);
  });
});
