// The renderers on their own: Markdown escaping (nothing from git or the config can format,
// link, inject HTML, break a table or mention anyone) and the HTML page (strict CSP, escaped
// text, theme colours, trend charts).
import assert from 'node:assert/strict';
import type { ChangeReport, ChangeReportJson } from '../../../src/core/report/changeReport';
import { markdownCode, markdownTable, markdownText } from '../../../src/core/report/markdown';
import { changeReportHtml, reportContentSecurityPolicy } from '../../../src/core/report/reportHtml';
import { changeReportMarkdown } from '../../../src/core/report/reportMarkdown';

const day = 86_400_000;

function hostileReport(): ChangeReport {
  const document: ChangeReportJson = {
    since: 'main',
    base: 'a'.repeat(40),
    head: 'b'.repeat(40),
    totals: { files: 2, servingFiles: 1, outcomes: 1, linesAdded: 3, linesDeleted: 1, commits: 1 },
    outcomes: [
      {
        id: 'KR-1',
        title: 'Checkout <script>alert(1)</script> & "more" | fast',
        parent: null,
        state: 'paused',
        status: 'at-risk',
        statusReason: 'metric conv: <b>bad</b>',
        progress: 0.2,
        metrics: [
          {
            id: 'conv',
            name: 'Conv <img src=x onerror=alert(1)>',
            value: 3.25,
            unit: '%',
            baseline: 3,
            target: 4,
            progress: 0.25,
            expected: 0.5,
            status: 'at-risk',
            asOf: '2026-11-01T00:00:00.000Z',
          },
          { id: 'p95', name: 'p95', value: null, unit: 'ms', baseline: 900, target: 600, progress: null, expected: null, status: 'error', asOf: null, error: 'connect <refused>' },
        ],
        files: [
          {
            path: 'src/a|b`c.ts',
            oldPath: null,
            change: 'modified',
            linesAdded: 3,
            linesDeleted: 1,
            uncommitted: true,
            reasons: [{ kind: 'path', pattern: 'src/**', configFile: 'outcomes.yaml', line: 9 }],
          },
        ],
      },
    ],
    unserved: { files: [{ path: '<evil>.md', oldPath: null, change: 'added', linesAdded: 0, linesDeleted: 0, uncommitted: false }], linesChanged: 0, share: 0 },
    commits: [
      {
        sha: 'c'.repeat(40),
        shortSha: 'ccccccc',
        subject: 'Thanks @bob, see [this](javascript:alert(1)) <img src=x>',
        date: '2026-10-10T00:00:00.000Z',
        merge: false,
        outcomeTrailers: ['KR-1'],
        tickets: ['PAY-1'],
        outcomes: ['KR-1'],
        unknownOutcomes: [],
      },
    ],
  };
  return {
    document,
    trends: new Map([
      [
        'KR-1/conv',
        [
          { t: 0, v: 3 },
          { t: day, v: 3.1 },
          { t: 2 * day, v: 3.25 },
        ],
      ],
    ]),
    ticketUrl: 'https://tracker.example.com/browse/{id}',
  };
}

describe('Markdown escaping', () => {
  it('escapes formatting, HTML and table pipes, flattens lines and defuses mentions', () => {
    assert.equal(markdownText('a *b* _c_ `d` [e](f) <g> | h ~i~ & \\'), 'a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<g\\> \\| h \\~i\\~ \\& \\\\');
    assert.equal(markdownText('one\ntwo\r\nthree'), 'one two three');
    assert.equal(markdownText('@bob and (@alice) but not a@b.com'), '@&#8203;bob and (@&#8203;alice) but not a@b.com');
  });

  it('code spans survive backticks, and pipes inside tables', () => {
    assert.equal(markdownCode('src/a.ts', false), '`src/a.ts`');
    assert.equal(markdownCode('a`b', false), '``a`b``');
    assert.equal(markdownCode('`x`', false), '`` `x` ``');
    assert.equal(markdownCode('a|b', true), '`a\\|b`');
    assert.equal(markdownCode('a|b', false), '`a|b`');
  });

  it('builds GFM tables', () => {
    assert.equal(markdownTable(['A', 'B'], [['1', '']]), '| A | B |\n| --- | --- |\n| 1 |   |');
  });

  it('a hostile report renders with no live HTML, link or mention', () => {
    const markdown = changeReportMarkdown(hostileReport());
    assert.doesNotMatch(markdown, /(^|[^\\])<(script|img|b)\b/, 'every < of a tag is escaped');
    assert.doesNotMatch(markdown, /(^|[^\\])\]\(javascript/, 'the link brackets are escaped');
    assert.match(markdown, /Thanks @&#8203;bob, see \\\[this\\\]\(javascript:alert\(1\)\) \\<img src=x\\>/);
    assert.ok(markdown.includes('| ``src/a\\|b`c.ts`` |'), 'the path stays one cell, in code');
    assert.match(markdown, /\| KR-1 Checkout \\<script\\>alert\(1\)\\<\/script\\> \\& "more" \\\| fast \| at risk \|/);
    assert.match(markdown, /Status: at risk — metric conv: \\<b\\>bad\\<\/b\\>\. The outcome is paused\./);
    assert.match(markdown, /p95: — → 600 ms, error \(connect \\<refused\\>\)/);
    assert.match(markdown, /\[PAY-1\]\(<https:\/\/tracker\.example\.com\/browse\/PAY-1>\)/);
  });
});

describe('Markdown report size', () => {
  it('tables stop after 100 rows and say how many more there are', () => {
    const report = hostileReport();
    const file = { oldPath: null, change: 'added' as const, linesAdded: 1, linesDeleted: 0, uncommitted: false };
    report.document.unserved.files = Array.from({ length: 103 }, (_, i) => ({ ...file, path: `gen/f${String(i).padStart(3, '0')}.ts` }));
    report.document.commits = Array.from({ length: 101 }, (_, i) => ({ ...(report.document.commits[0] as ChangeReportJson['commits'][number]), subject: `c${i}` }));
    const markdown = changeReportMarkdown(report);
    assert.match(markdown, /\| `gen\/f099\.ts` \|/);
    assert.doesNotMatch(markdown, /f100/);
    assert.match(markdown, /… and 3 more files \(`--format json` lists them all\)\./);
    assert.match(markdown, /\| c99 \|/);
    assert.doesNotMatch(markdown, /\| c100 \|/);
    assert.match(markdown, /… and 1 more commit \(`--format json` lists them all\)\./);
  });
});

describe('report HTML', () => {
  const html = changeReportHtml(hostileReport(), { nonce: 'bm9uY2U0Mg==' });

  it('has a strict Content-Security-Policy: nothing loads, only the nonce style applies, no script', () => {
    assert.equal(reportContentSecurityPolicy('bm9uY2U0Mg=='), "default-src 'none'; style-src 'nonce-bm9uY2U0Mg==';");
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-bm9uY2U0Mg==';">/);
    assert.match(html, /<style nonce="bm9uY2U0Mg==">/);
    assert.doesNotMatch(html, /<script/i);
    assert.doesNotMatch(html, /\bstyle="/, 'no inline style attributes (the CSP would block them)');
    assert.doesNotMatch(html, /(src|href)="(?!https:\/\/tracker\.example\.com\/)/, 'no resources, and links only to the ticket tracker');
    assert.throws(() => changeReportHtml(hostileReport(), { nonce: '"><script>' }), /nonce/);
  });

  it('escapes everything that comes from the config, git or a source', () => {
    assert.match(html, /Checkout &#60;script&#62;alert\(1\)&#60;\/script&#62; &#38; &#34;more&#34; \| fast/);
    assert.match(html, /Conv &#60;img src=x onerror=alert\(1\)&#62;/);
    assert.match(html, /Thanks @bob, see \[this\]\(javascript:alert\(1\)\) &#60;img src=x&#62;/);
    assert.match(html, /<code>&#60;evil&#62;\.md<\/code>/);
    assert.match(html, /connect &#60;refused&#62;/);
    assert.doesNotMatch(html, /<(img|b)\b/);
  });

  it('uses theme colours and draws the trend of metrics that have a history', () => {
    assert.match(html, /color: var\(--vscode-foreground\)/);
    assert.match(html, /\.status-at-risk \{ color: var\(--vscode-charts-yellow\); \}/);
    assert.match(html, /<span class="status status-at-risk">at risk<\/span>/);
    const trend = /<span class="trend">(<svg[^]*?<\/svg>)<\/span>/.exec(html);
    assert.ok(trend, 'an inline SVG trend for conv');
    assert.match(trend[1] ?? '', /<title>Conv &#60;img src=x onerror=alert\(1\)&#62; over time<\/title>/);
    assert.match(trend[1] ?? '', /stroke="currentColor"/);
    assert.match(html, /<span class="muted">no history<\/span>/, 'p95 has none');
    assert.match(html, /3\.25 % → 4 %/);
    assert.match(html, /25% \(expected 50%\)/);
  });
});
