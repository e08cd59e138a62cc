import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../helpers/cliIo';
import { isolateGitConfig } from '../git/tempRepo';
import { createIndexWorkspace } from '../index/indexFixture';
import type { IndexWorkspace } from '../index/indexFixture';

const demo = path.resolve(__dirname, '../../../../demo');

describe('outcome-lens scan and explain', function () {
  this.timeout(30_000);
  isolateGitConfig();
  let ws: IndexWorkspace;

  before(async () => {
    ws = await createIndexWorkspace();
  });
  after(async () => ws.repo.dispose());

  async function cli(...args: string[]) {
    const io = captureIo(ws.root, process.env);
    const code = await runCli(args, io);
    return { code, out: io.out, err: io.err };
  }

  const expectedScan = (history: boolean) => ({
    filesScanned: 8,
    untagged: history ? 3 : 4,
    outcomes: {
      'KR-1': {
        files: ['src/checkout/cart.ts', 'src/checkout/logo.bin', ...(history ? ['src/other/util.ts'] : [])],
        byReason: { path: ['src/checkout/cart.ts', 'src/checkout/logo.bin'], tag: [], ticket: ['src/checkout/cart.ts'], history: history ? ['src/other/util.ts'] : [] },
      },
      'KR-2': {
        files: ['src/checkout/cart.ts', ...(history ? ['docs/readme.md'] : []), 'src/search/rank.py'].sort(),
        byReason: { path: ['src/search/rank.py'], tag: ['src/checkout/cart.ts'], ticket: [], history: history ? ['docs/readme.md'] : [] },
      },
      'KR-3': { files: ['src/other/util.ts'], byReason: { path: [], tag: ['src/other/util.ts'], ticket: [], history: [] } },
    },
    unknownIds: [{ id: 'KR-9', file: 'src/search/rank.py', line: 1 }],
  });

  it('scan --json has exactly the documented shape', async () => {
    const { code, out, err } = await cli('scan', '--json');
    assert.equal(code, 0);
    assert.equal(err, '', 'no progress when stderr is not a terminal');
    assert.deepEqual(JSON.parse(out), expectedScan(false));
    assert.deepEqual(Object.keys(JSON.parse(out) as object), ['filesScanned', 'untagged', 'outcomes', 'unknownIds']);
  });

  it('scan --json --history adds commits with Outcome: trailers and mapped tickets', async () => {
    const { code, out } = await cli('scan', '--json', '--history');
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(out), expectedScan(true));
  });

  it('scan gives the same JSON without the pre-filter and without worker threads', async () => {
    const fast = (await cli('scan', '--json')).out;
    assert.equal((await cli('scan', '--json', '--no-prefilter')).out, fast);
    assert.equal((await cli('scan', '--json', '--no-prefilter', '--threads', '0')).out, fast);
    // and whether the config comes from the model cache or is parsed
    const io = captureIo(ws.root, { ...process.env, OUTCOME_LENS_CONFIG_CACHE: 'off' });
    assert.equal(await runCli(['scan', '--json'], io), 0);
    assert.equal(io.out, fast);
  });

  it('scan prints a per-outcome table', async () => {
    const { code, out } = await cli('scan');
    assert.equal(code, 0);
    assert.equal(
      out,
      [
        'Outcome  Title                      Files  path  tag  ticket  history',
        'KR-1     Raise checkout conversion      2     2    0       1        0',
        'KR-2     Cut search latency             2     1    1       0        0',
        'KR-3     Old experiment [dropped]       1     0    1       0        0',
        '',
        '8 files scanned, 4 serve no outcome, 1 unknown outcome ID in tags',
        '  src/search/rank.py:1: unknown outcome "KR-9"',
        '',
      ].join('\n'),
    );
  });

  it('scan draws progress on stderr only on a terminal; there, a reused or patched output says so', async () => {
    const cacheDir = `${ws.root}-tty-cache`;
    const run = async (stderrIsTTY: boolean) => {
      const io = captureIo(ws.root, { ...process.env, OUTCOME_LENS_CACHE_DIR: cacheDir });
      io.stderrIsTTY = stderrIsTTY;
      assert.equal(await runCli(['scan', '--json'], io), 0);
      return io;
    };
    try {
      const first = await run(true);
      assert.match(first.err, /indexing 8\/8 files\n$/);
      const second = await run(true);
      assert.equal(second.err, 'nothing changed since the last scan: its output is reused\n');
      assert.equal(second.out, first.out);
      assert.equal((await run(false)).err, '');
      await ws.repo.write('docs/readme.md', '<!-- @outcome KR-1 -->\n');
      const patched = await run(true);
      assert.equal(patched.err, '1 file read again since the last scan: its output is patched\n');
      assert.notEqual(patched.out, first.out);
      await ws.repo.git('mv', 'src/search/rank.py', 'src/search/ranking.py');
      assert.equal((await run(true)).err, '2 files read again, 1 gone since the last scan: its output is patched\n');
    } finally {
      await ws.repo.git('reset', '-q', '--hard');
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('explain prints each file with its outcomes and reasons', async () => {
    const { code, out } = await cli('explain', 'src/checkout/cart.ts', path.join(ws.root, 'src/search/rank.py'), 'docs/readme.md');
    assert.equal(code, 0);
    assert.equal(
      out,
      [
        'src/checkout/cart.ts',
        '  KR-1 Raise checkout conversion',
        '    path     src/checkout/  (outcomes.yaml:8)',
        '    ticket   PAY-12  line 3',
        '  KR-2 Cut search latency',
        '    tag      line 1',
        '',
        'src/search/rank.py',
        '  KR-2 Cut search latency',
        '    path     src/search/  (outcomes.yaml:14)',
        '  unknown outcome "KR-9" at line 1 (did you mean KR-1?)',
        '',
        'docs/readme.md',
        '  serves no outcome',
        '',
      ].join('\n'),
    );
  });

  it('explain --history adds the commits, and --json gives the reasons as data', async () => {
    const { code, out } = await cli('explain', 'docs/readme.md', '--history', '--json');
    assert.equal(code, 0);
    const json = JSON.parse(out) as { files: { file: string; outcomes: { id: string; reasons: { kind: string; subject?: string; via?: string; sha?: string }[] }[] }[] };
    assert.equal(json.files[0]?.file, 'docs/readme.md');
    assert.equal(json.files[0]?.outcomes[0]?.id, 'KR-2');
    const reason = json.files[0]?.outcomes[0]?.reasons[0];
    assert.equal(reason?.kind, 'history');
    assert.equal(reason?.subject, 'Document search');
    assert.equal(reason?.via, 'trailer');
    assert.match(reason?.sha ?? '', /^[0-9a-f]{40}$/);

    const text = await cli('explain', 'src/other/util.ts', '--history');
    assert.match(text.out, /^src\/other\/util\.ts\n {2}KR-1 Raise checkout conversion\n {4}history {2}[0-9a-f]+ Fix PAY-12 rounding {2}\(mentions PAY-12\)\n {2}KR-3 Old experiment \[dropped\]\n {4}tag {6}line 1\n$/);
  });

  it('explain exits 2 for missing files, files outside the root, and no FILE at all', async () => {
    const missing = await cli('explain', 'nope.ts');
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope\.ts: no such file/);
    const outside = await cli('explain', '/etc/hostname');
    assert.equal(outside.code, 2);
    assert.match(outside.err, /is not inside the root/);
    assert.equal((await cli('explain')).code, 2);
  });

  it('check reports unknown tags as errors and dropped ones as warnings', async () => {
    const { code, out, err } = await cli('check');
    assert.equal(code, 1);
    assert.equal(
      out,
      [
        'src/other/util.ts:1:13: warning: "KR-3" is a dropped outcome; remove the tag or point it at the outcome that replaced it',
        'src/search/rank.py:1:12: error: "KR-9" is not a known outcome (did you mean KR-1?)',
        '',
      ].join('\n'),
    );
    assert.equal(err, 'checked outcomes.yaml and 8 files: 1 error, 1 warning\n');
  });
});

describe('outcome-lens check on the demo', function () {
  this.timeout(30_000);

  it('exits 1 for the unknown KR-9 tag in src/onboarding/tour.ts', async () => {
    const io = captureIo(path.dirname(demo), process.env);
    const code = await runCli(['check', '--root', 'demo'], io);
    assert.equal(code, 1);
    assert.equal(io.out, 'src/onboarding/tour.ts:1:13: error: "KR-9" is not a known outcome (did you mean KR-1?)\n');
  });

  it('writes the tag problem as a GitHub annotation and as JSON', async () => {
    const github = captureIo(demo, process.env);
    assert.equal(await runCli(['check', '--format', 'github'], github), 1);
    // demo/ lies in this repository, and GitHub resolves annotation paths from its top.
    assert.equal(github.out, '::error file=demo/src/onboarding/tour.ts,line=1,col=13::"KR-9" is not a known outcome (did you mean KR-1?)\n');
    const json = captureIo(demo, process.env);
    assert.equal(await runCli(['check', '--json'], json), 1);
    assert.deepEqual(JSON.parse(json.out), {
      problems: [
        { file: 'src/onboarding/tour.ts', line: 1, column: 13, endLine: 1, endColumn: 17, severity: 'error', code: 'unknown-outcome', message: '"KR-9" is not a known outcome (did you mean KR-1?)', suggestion: 'KR-1' },
      ],
      errors: 1,
      warnings: 0,
    });
  });
});

describe('outcome-lens as a process', function () {
  this.timeout(30_000);
  let cache: string;

  before(async () => {
    cache = await mkdtemp(path.join(tmpdir(), 'outcome-lens-pipe-'));
  });
  after(async () => rm(cache, { recursive: true, force: true }));

  it('stops quietly, exit 0, when the reader of its output is gone (| head)', async () => {
    const cli = path.resolve(__dirname, '../../../src/cli/main.js');
    const child = spawn(process.execPath, [cli, 'scan', '--json', '--root', demo], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OUTCOME_LENS_CACHE_DIR: cache } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Gone before the first byte: every write fails with EPIPE.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(stderr, '');
    assert.equal(code, 0);
  });
});
