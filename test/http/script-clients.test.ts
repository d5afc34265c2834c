// Scripts keep trading unchanged: each HTTP client a strategy is written with (Python requests, curl, Node fetch, .NET
// HttpClient, pwsh's and Windows PowerShell 5.1's Invoke-RestMethod) places the seed's order through the real app and
// bridge in the seed's GET and POST forms, and a browser-marked twin of the same request is refused before the worker.
import { expect } from 'chai';
import { execa } from 'execa';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.ts';
import { runPwshScript } from '../helpers/pwsh.ts';

/** Longest one client process (python3, curl) may run. */
const CLIENT_TIMEOUT_MS = 30_000;

const PARAMS = { stock_code: '600160', price: '21.21', amount: '100' };
const ORDER = { side: 'buy', code: '600160', exchange: 'SH', price: '21.21', amount: 100 };
const QS = new URLSearchParams(PARAMS).toString();
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
/** Windows PowerShell 5.1's default Invoke-RestMethod agent (Windows 10 22H2, Chinese UI); 5.1 itself is not here. */
const PS51_AGENT = 'Mozilla/5.0 (Windows NT; Windows NT 10.0; zh-CN) WindowsPowerShell/5.1.19041.5247';

type Form = 'GET query string' | 'POST form' | 'POST JSON';
interface Reply { http: number; body: Record<string, unknown> }
/** Sends the seed's buy through one client in one form; `twin` adds the one browser mark the test names. */
type Client = (url: string, form: Form, twin: boolean) => Promise<Reply>;

function parseReply(out: string): Reply {
  const j = JSON.parse(out.trim().split('\n').at(-1)!) as { http: number; body: Record<string, unknown> | string };
  return { http: j.http, body: typeof j.body === 'string' ? JSON.parse(j.body) as Record<string, unknown> : j.body };
}

const python: Client = async (url, form, twin) => {
  const code = `
import json, sys, requests
url, form, twin = sys.argv[1], sys.argv[2], sys.argv[3] == '1'
params = {'stock_code': '600160', 'price': 21.21, 'amount': 100}
headers = {'Sec-Fetch-Site': 'none'} if twin else {}
if form == 'GET query string': r = requests.get(url + '/buy', params=params, headers=headers, timeout=20)
elif form == 'POST form': r = requests.post(url + '/buy', data=params, headers=headers, timeout=20)
else: r = requests.post(url + '/buy', json=params, headers=headers, timeout=20)
print(json.dumps({'http': r.status_code, 'body': r.json()}))
`;
  const r = await execa('python3', ['-c', code, url, form, twin ? '1' : '0'], { timeout: CLIENT_TIMEOUT_MS });
  return parseReply(r.stdout);
};

/** curl as a strategy's shell script calls it; `agent` replaces curl's own (and drops its Accept: exactly 5.1's headers). */
function curlWith(agent?: string): Client {
  return async (url, form, twin) => {
    const head = agent === undefined ? [] : ['-A', twin ? 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko' : agent, '-H', 'Accept:', '-H', 'Connection: Keep-Alive'];
    const mark = agent === undefined && twin ? ['-A', CHROME] : [];
    const how = form === 'GET query string' ? [`${url}/buy?${QS}`]
      : form === 'POST form' ? ['--data', QS, `${url}/buy`]
        : ['-H', 'Content-Type: application/json', '--data', JSON.stringify(PARAMS), `${url}/buy`];
    const r = await execa('curl', ['-sS', '--max-time', '20', '-w', '\n%{http_code}', ...head, ...mark, ...how], { timeout: CLIENT_TIMEOUT_MS });
    const lines = r.stdout.split('\n');
    return { http: Number(lines.at(-1)), body: JSON.parse(lines.slice(0, -1).join('\n')) as Record<string, unknown> };
  };
}

const nodeFetch: Client = async (url, form, twin) => {
  const headers: Record<string, string> = twin ? { 'sec-fetch-dest': 'document' } : {};
  const r = form === 'GET query string' ? await fetch(`${url}/buy?${QS}`, { headers })
    : form === 'POST form' ? await fetch(`${url}/buy`, { method: 'POST', headers, body: new URLSearchParams(PARAMS) })
      : await fetch(`${url}/buy`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(PARAMS) });
  return { http: r.status, body: await r.json() as Record<string, unknown> };
};

/** Runs a PowerShell script that leaves `$status` and `$text` set, and reads them back. */
async function pwshReply(script: string): Promise<Reply> {
  const r = await runPwshScript(`$ErrorActionPreference = 'Stop'\n${script}\n@{ http = [int]$status; body = [string]$text } | ConvertTo-Json -Compress`);
  expect(r.exitCode, r.stderr + r.stdout).to.equal(0);
  return parseReply(r.stdout);
}

const psq = (s: string): string => `'${s.replace(/'/g, "''")}'`;

const dotnetHttpClient: Client = (url, form, twin) => pwshReply(`
$client = [System.Net.Http.HttpClient]::new()
${twin ? "[void]$client.DefaultRequestHeaders.TryAddWithoutValidation('User-Agent', 'Mozilla/4.0 (compatible; MSIE 7.0; Windows NT 10.0; Trident/7.0)')" : ''}
$pairs = [System.Collections.Generic.Dictionary[string,string]]::new()
$pairs['stock_code'] = '600160'; $pairs['price'] = '21.21'; $pairs['amount'] = '100'
switch (${psq(form)}) {
    'GET query string' { $resp = $client.GetAsync(${psq(`${url}/buy?${QS}`)}).GetAwaiter().GetResult() }
    'POST form' { $resp = $client.PostAsync(${psq(`${url}/buy`)}, [System.Net.Http.FormUrlEncodedContent]::new($pairs)).GetAwaiter().GetResult() }
    default { $resp = $client.PostAsync(${psq(`${url}/buy`)}, [System.Net.Http.StringContent]::new(${psq(JSON.stringify(PARAMS))}, [System.Text.Encoding]::UTF8, 'application/json')).GetAwaiter().GetResult() }
}
$status = [int]$resp.StatusCode
$text = $resp.Content.ReadAsStringAsync().GetAwaiter().GetResult()`);

const invokeRestMethod: Client = (url, form, twin) => pwshReply(`
$extra = @{}
${twin ? "$extra['Headers'] = @{ 'Upgrade-Insecure-Requests' = '1' }" : ''}
$body = @{ stock_code = '600160'; price = 21.21; amount = 100 }
switch (${psq(form)}) {
    'GET query string' { $r = Invoke-RestMethod -Uri ${psq(`${url}/buy?${QS}`)} -SkipHttpErrorCheck -StatusCodeVariable status @extra }
    'POST form' { $r = Invoke-RestMethod -Uri ${psq(`${url}/buy`)} -Method Post -Body $body -SkipHttpErrorCheck -StatusCodeVariable status @extra }
    default { $r = Invoke-RestMethod -Uri ${psq(`${url}/buy`)} -Method Post -ContentType 'application/json' -Body ($body | ConvertTo-Json) -SkipHttpErrorCheck -StatusCodeVariable status @extra }
}
$text = $r | ConvertTo-Json -Compress`);

const CLIENTS: Array<[string, string, Client]> = [
  ['Python requests (get params=, post data=, post json=)', 'Sec-Fetch-Site: none', python],
  ['curl', 'a Chrome User-Agent', curlWith()],
  ['Node fetch', 'Sec-Fetch-Dest: document', nodeFetch],
  ['.NET HttpClient (from pwsh)', 'a Trident / MSIE User-Agent', dotnetHttpClient],
  ["pwsh's Invoke-RestMethod", 'Upgrade-Insecure-Requests: 1', invokeRestMethod],
  [`Windows PowerShell 5.1's Invoke-RestMethod (its exact headers: ${PS51_AGENT}, no Accept)`, 'the IE 11 User-Agent instead of its own', curlWith(PS51_AGENT)],
];
const FORMS: Form[] = ['GET query string', 'POST form', 'POST JSON'];

describe('http/script-clients: scripts keep trading unchanged; the same request with a browser mark is refused', function () {
  this.timeout(120_000);
  let s: FakeServer;
  before(async () => {
    s = await startFakeServer();
  });
  after(async () => {
    await s.close();
  });
  const orders = (): Array<Record<string, unknown>> => s.requests().filter((r) => r.cmd === 'order').map((r) => r.args);

  it("sees that pwsh's Invoke-RestMethod really sends an agent starting with Mozilla/5.0 and naming PowerShell/ (the case the exemption is for)", async () => {
    let agent = '';
    const echo = http.createServer((req, res) => {
      agent = req.headers['user-agent'] ?? '';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":1}');
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/buy`;
      await pwshReply(`$r = Invoke-RestMethod -Uri ${psq(url)} -StatusCodeVariable status; $text = $r | ConvertTo-Json -Compress`);
    } finally {
      echo.closeAllConnections();
      await new Promise<void>((resolve) => echo.close(() => resolve()));
    }
    expect(agent).to.match(/^Mozilla\/5\.0 \(.*\) PowerShell\/7\./);
  });

  for (const [name, mark, client] of CLIENTS) {
    describe(name, () => {
      for (const form of FORMS) {
        it(`places the seed's buy through the ${form}, and the worker receives exactly that order`, async () => {
          const before = orders().length;
          const r = await client(s.url, form, false);
          expect(r.http, JSON.stringify(r.body)).to.equal(200);
          expect(r.body['status']).to.equal(1);
          expect(orders().slice(before)).to.deep.equal([ORDER]);
        });

        it(`refuses its twin through the ${form} with ${mark} (403 browser_request), never reaching the worker`, async () => {
          const before = s.requests().length;
          const r = await client(s.url, form, true);
          expect(r.http, JSON.stringify(r.body)).to.equal(403);
          expect(r.body).to.include({ status: -1, error: 'browser_request' });
          expect(s.requests().length).to.equal(before);
        });
      }
    });
  }
});
