import { expect } from 'chai';
import { beijingClock, beijingDay, beijingSecondsOfDay } from '../../src/core/clock.ts';

describe('core/clock: Beijing time whatever the PC is set to', () => {
  const withTz = (tz: string, fn: () => void): void => {
    const saved = process.env['TZ'];
    process.env['TZ'] = tz;
    try {
      fn();
    } finally {
      if (saved === undefined) delete process.env['TZ'];
      else process.env['TZ'] = saved;
    }
  };

  it('names the Beijing date, which turns at 16:00 UTC, on a PC in any time zone', () => {
    for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
      withTz(tz, () => {
        expect(beijingDay(new Date('2026-11-24T15:59:59Z')), tz).to.equal('2026-11-24');
        expect(beijingDay(new Date('2026-11-24T16:00:00Z')), tz).to.equal('2026-11-25');
      });
    }
  });

  it('gives the Beijing time of day (the client\'s 委托时间 clock), not the PC\'s local hours', () => {
    withTz('Europe/London', () => {
      const d = new Date('2026-07-01T01:30:05Z'); // 09:30:05 in Beijing, 02:30:05 in London (summer time)
      expect(beijingClock(d)).to.equal('09:30:05');
      expect(beijingSecondsOfDay(d)).to.equal(9 * 3600 + 30 * 60 + 5);
    });
  });
});
