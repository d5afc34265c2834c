import { expect } from 'chai';
import { GatewayError } from '../../src/core/errors.ts';
import { MAX_NOTE_CHARS, parseSettlement } from '../../src/trading/journal-view.ts';

/** The error parseSettlement throws for `p` (fails the test when it accepts it). */
function refused(p: Record<string, unknown>): GatewayError {
  try {
    parseSettlement(p);
  } catch (err) {
    expect(err).to.be.instanceOf(GatewayError);
    return err as GatewayError;
  }
  throw new Error(`expected ${JSON.stringify(p)} to be refused`);
}

describe('journal settle: the operator\'s input is checked before anything is written', () => {
  it('takes accepted with a contract number, and absent without one, with an optional note', () => {
    expect(parseSettlement({ settlement: 'accepted', entrust_no: '4025982646', note: ' seen ' })).to.deep.equal({ settlement: 'accepted', entrustNo: '4025982646', note: 'seen' });
    expect(parseSettlement({ settlement: 'ABSENT' })).to.deep.equal({ settlement: 'absent', entrustNo: null, note: null });
  });

  it('refuses a settlement that is missing or neither accepted nor absent, naming the field (400 invalid_settlement)', () => {
    for (const p of [{}, { settlement: 'yes' }, { settlement: ['accepted'] }]) {
      const e = refused(p);
      expect(e.code).to.equal('invalid_settlement');
      expect(e.http).to.equal(400);
      expect(e.field).to.equal('settlement');
      expect(e.message).to.contain('accepted').and.contain('absent');
    }
  });

  it('refuses accepted without a contract number, absent with one, and a malformed one', () => {
    expect(refused({ settlement: 'accepted' })).to.include({ code: 'invalid_settlement', field: 'entrust_no' });
    expect(refused({ settlement: 'absent', entrust_no: '4025982646' })).to.include({ code: 'invalid_settlement', field: 'entrust_no' });
    expect(refused({ settlement: 'accepted', entrust_no: '40259 82646' })).to.include({ code: 'invalid_settlement', field: 'entrust_no' });
  });

  it(`refuses a note that is not text or longer than ${String(MAX_NOTE_CHARS)} characters`, () => {
    expect(refused({ settlement: 'absent', note: { a: 1 } })).to.include({ field: 'note' });
    expect(refused({ settlement: 'absent', note: 'x'.repeat(MAX_NOTE_CHARS + 1) })).to.include({ field: 'note' });
  });
});
