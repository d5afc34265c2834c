// The worker's stdout lines as the bridge reads them: protocol objects, pure garbage, and a protocol object after
// junk on the same line (a stray Write-Host without a newline), which must not be lost.
import { expect } from 'chai';
import { parseWorkerLine } from '../../src/bridge/protocol.ts';

const SUBMITTING = '{"type":"event","id":7,"event":"submitting"}';

describe('bridge/protocol: worker output with garbage', () => {
  it('reads a submitting event that follows junk on the same line, and keeps the junk for the log', () => {
    const line = parseWorkerLine(`WARNING: x${SUBMITTING}`);
    expect(line).to.deep.equal({ kind: 'event', id: 7, event: 'submitting', junk: 'WARNING: x' });
  });

  it('reads a reply after junk that itself holds braces and a JSON-looking fragment', () => {
    const line = parseWorkerLine('\u001b[33mnoise {"half": {"a":1} '.concat('{"id":3,"ok":true,"result":{"pong":true}}'));
    expect(line.kind).to.equal('reply');
    if (line.kind !== 'reply') return;
    expect(line.reply).to.deep.equal({ id: 3, ok: true, result: { pong: true } });
    expect(line.junk).to.equal('\u001b[33mnoise {"half": {"a":1} ');
  });

  it('reads a plain protocol line with no junk field', () => {
    expect(parseWorkerLine(SUBMITTING)).to.deep.equal({ kind: 'event', id: 7, event: 'submitting' });
  });

  it('keeps calling pure garbage garbage: text, half JSON, a non-protocol object after junk', () => {
    for (const text of ['WARNING: this is not protocol', '{"half": ', 'x{"not": "protocol"}', '42', 'x{"type":"event","id":7}']) {
      expect(parseWorkerLine(text).kind, text).to.equal('garbage');
    }
  });

  it('does not take a protocol object that is followed by more text (only a junk prefix is recovered)', () => {
    expect(parseWorkerLine(`x${SUBMITTING} trailing`).kind).to.equal('garbage');
  });
});
