// serve-args.test.ts - the bundle's `serve` writes its log into the data folder unless a log file is named.
import { expect } from 'chai';
import { serveArgs } from '../../scripts/bundle/serve-args.ts';

describe('package:win: the bundle\'s serve arguments', () => {
  const env = { LOCALAPPDATA: 'C:\\Users\\交易员 A\\AppData\\Local' };

  it('adds a log file under %LOCALAPPDATA%\\ths-http-trader\\logs on Windows', () => {
    expect(serveArgs(['--port', '9000'], env, 'win32')).to.deep.equal(['--port', '9000', '--log-file', 'C:\\Users\\交易员 A\\AppData\\Local\\ths-http-trader\\logs\\ths-http-trader.log']);
  });

  it('puts the log under --data-dir when one is given', () => {
    expect(serveArgs(['--data-dir', 'D:\\数据'], env, 'win32').slice(-1)).to.deep.equal(['D:\\数据\\logs\\ths-http-trader.log']);
  });

  it('leaves the arguments alone when --log-file or THS_LOG_FILE names a log, for --help, and for a bad option (the server reports it)', () => {
    expect(serveArgs(['--log-file', 'x.log'], env, 'win32')).to.deep.equal(['--log-file', 'x.log']);
    expect(serveArgs([], { ...env, THS_LOG_FILE: 'y.log' }, 'win32')).to.deep.equal([]);
    expect(serveArgs(['--help'], env, 'win32')).to.deep.equal(['--help']);
    expect(serveArgs(['--port', 'abc'], env, 'win32')).to.deep.equal(['--port', 'abc']);
  });
});
