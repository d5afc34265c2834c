// --discover's loop (src/app/discovery.ts) over a scripted scout: a new window is told apart and handed to the server
// once; a driven window is never read by the scout; a driven window is gone only after GONE_AFTER_MISSES listings
// without it; one whose grids have no row, or whose read fails, or that the server refuses, waits with why and is tried
// again only after the retry time; stop() lets no client be handed over afterwards, even from an identify in flight.
import { expect } from 'chai';
import pino from 'pino';
import type { WorkerSupervisor } from '../../src/bridge/supervisor.ts';
import { ClientDiscovery, GONE_AFTER_MISSES, type AttachResult, type DiscoveryOptions, type FoundClient } from '../../src/app/discovery.ts';

interface Script {
  windows: FoundClient[];
  shareholders: Map<number, string[] | Error>;
  identified: number[];
  /** When set, identify waits for it (a read in flight). */
  hold?: Promise<void>;
}

function scout(s: Script): WorkerSupervisor {
  return {
    status: 'ready',
    request: async (cmd: string, args: Record<string, unknown> = {}): Promise<unknown> => {
      if (cmd === 'clients') return { clients: s.windows };
      if (cmd === 'identify') {
        const pid = Number(args['pid']);
        s.identified.push(pid);
        await s.hold;
        const r = s.shareholders.get(pid) ?? [];
        if (r instanceof Error) throw r;
        return { pid, shareholders: r, from: r.length > 0 ? 'positions' : null };
      }
      throw new Error(`unexpected ${cmd}`);
    },
  } as unknown as WorkerSupervisor;
}

const win = (pid: number): FoundClient => ({ pid, exe: null, title: '网上股票交易系统5.0', visible: true, credit: false });
const silent = pino({ level: 'silent' });

function discovery(s: Script, opts: Partial<DiscoveryOptions> = {}): ClientDiscovery {
  return new ClientDiscovery({ scout: scout(s), logger: silent, attach: (_f, sh): AttachResult => ({ account: sh[0]! }), seen: () => undefined, driven: () => false, ...opts });
}

describe('app/discovery: the trading windows found, told apart and handed to the server', () => {
  it('hands a new window to the server once, with its shareholder accounts', async () => {
    const s: Script = { windows: [win(10), win(20)], shareholders: new Map([[10, ['A1', '01']], [20, ['A2']]]), identified: [] };
    const attached: Array<[number, readonly string[]]> = [];
    const d = discovery(s, { attach: (f, sh): AttachResult => { attached.push([f.pid, sh]); return { account: sh[0]! }; } });
    await d.scan();
    await d.scan();
    expect(attached).to.deep.equal([[10, ['A1', '01']], [20, ['A2']]]);
    expect(s.identified, 'each window read once').to.deep.equal([10, 20]);
    expect(d.unidentified()).to.deep.equal([]);
  });

  it(`tells the server a driven window is gone only after ${GONE_AFTER_MISSES} listings without it, then reads it again when it shows`, async () => {
    const s: Script = { windows: [win(10)], shareholders: new Map([[10, ['A1']]]), identified: [] };
    const gone: number[][] = [];
    const d = discovery(s, { seen: (_open, g) => gone.push([...g]) });
    await d.scan();
    s.windows = [];
    await d.scan();
    expect(gone, 'one miss: not gone yet').to.deep.equal([[], []]);
    s.windows = [win(10)];
    await d.scan();
    expect(s.identified, 'back after one miss: still its account\'s, not read again').to.deep.equal([10]);
    s.windows = [];
    for (let i = 0; i < GONE_AFTER_MISSES; i++) await d.scan();
    expect(gone.at(-1)).to.deep.equal([10]);
    s.windows = [win(10)];
    await d.scan();
    expect(s.identified, 'a window back after it was gone is read again (its process id may be another client\'s)').to.deep.equal([10, 10]);
  });

  it('never reads a window the server says an account\'s worker drives', async () => {
    const s: Script = { windows: [win(10), win(20)], shareholders: new Map([[10, ['A1']], [20, ['A2']]]), identified: [] };
    const d = discovery(s, { driven: (pid) => pid === 10 });
    await d.scan();
    expect(s.identified).to.deep.equal([20]);
  });

  it('lists a window with no row, a failed read and a refusal with why, and reads it again only after the retry time', async () => {
    const s: Script = { windows: [win(10), win(20), win(30)], shareholders: new Map<number, string[] | Error>([[10, []], [20, new Error('client_not_responding')], [30, ['A3']]]), identified: [] };
    const d = discovery(s, { attach: (): AttachResult => ({ refused: 'the same account is open in another window' }), retryMs: 200 });
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

  it('hands nothing to the server after stop(), even from an identify in flight, and settled() waits for that scan', async () => {
    let release!: () => void;
    const s: Script = { windows: [win(10)], shareholders: new Map([[10, ['A1']]]), identified: [], hold: new Promise<void>((r) => { release = r; }) };
    let attached = 0;
    const d = discovery(s, { attach: (): AttachResult => { attached++; return { account: 'A1' }; }, intervalMs: 10 });
    d.start();
    while (s.identified.length === 0) await new Promise((r) => setTimeout(r, 5));
    d.stop();
    let settled = false;
    const done = d.settled().then(() => { settled = true; });
    await new Promise((r) => setTimeout(r, 20));
    expect(settled, 'the scan still waits for its identify').to.equal(false);
    release();
    await done;
    expect(attached, 'the client read after stop() is not handed over').to.equal(0);
    const scans = d.health().scans;
    await new Promise((r) => setTimeout(r, 50));
    expect(d.health().scans, 'no scan after stop()').to.equal(scans);
  });
});
