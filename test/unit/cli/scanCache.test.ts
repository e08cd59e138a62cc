import assert from 'node:assert/strict';
import { readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { CachedContent } from '../../../src/core/index/scanCache';
import type { ContentScanRequest } from '../../../src/core/index/contentScanner';
import type { ContentScan } from '../../../src/core/index/fileScan';
import type { ContentPrefilter } from '../../../src/core/index/ripgrepPrefilter';
import { captureIo } from '../helpers/cliIo';
import { isolateGitConfig } from '../git/tempRepo';
import { createIndexWorkspace, requireRipgrep } from '../index/indexFixture';
import type { IndexWorkspace } from '../index/indexFixture';

/**
 * For each test of the calling suite: a fresh index workspace (a git repository) and a cache
 * folder of its own, handed to `use`; both are deleted after the test.
 */
function freshWorkspaceEachTest(suite: Mocha.Suite, use: (ws: IndexWorkspace, cacheDir: string) => void): void {
  suite.timeout(30_000);
  isolateGitConfig();
  let current: { ws: IndexWorkspace; cacheDir: string } | undefined;
  beforeEach(async () => {
    requireRipgrep();
    const ws = await createIndexWorkspace();
    current = { ws, cacheDir: `${ws.root}-cache` };
    use(current.ws, current.cacheDir);
  });
  afterEach(async () => {
    await current?.ws.repo.dispose();
    if (current) await rm(current.cacheDir, { recursive: true, force: true });
  });
}

describe('the scan cache (scan, check, coverage)', function () {
  let ws: IndexWorkspace;
  let cacheDir: string;
  freshWorkspaceEachTest(this, (w, c) => {
    ws = w;
    cacheDir = c;
  });

  async function cli(env: NodeJS.ProcessEnv, ...args: string[]) {
    const io = captureIo(ws.root, { ...process.env, OUTCOME_LENS_CACHE_DIR: cacheDir, ...env });
    const code = await runCli(args, io);
    return { code, out: io.out, err: io.err };
  }

  const scan = async (...args: string[]) => {
    const { code, out, err } = await cli({}, 'scan', '--json', ...args);
    assert.equal(code, 0, err);
    return JSON.parse(out) as { outcomes: Record<string, { byReason: Record<string, string[]> }>; unknownIds: unknown[] };
  };
  const uncachedScan = async (...args: string[]) => JSON.parse((await cli({ OUTCOME_LENS_SCAN_CACHE: 'off' }, 'scan', '--json', ...args)).out) as unknown;

  const entryFiles = () => readdirSync(path.join(cacheDir, 'scans')).filter((f) => f.endsWith('.json'));
  const entry = () => {
    const [file] = entryFiles();
    assert.ok(file, 'a cache entry was written');
    const text = readFileSync(path.join(cacheDir, 'scans', file), 'utf8');
    const newline = text.indexOf('\n');
    return {
      file: path.join(cacheDir, 'scans', file),
      header: JSON.parse(text.slice(0, newline)) as { commit: string },
      scans: JSON.parse(text.slice(newline + 1)) as [string, string, [string, number, number, number][], unknown[]][],
    };
  };
  /** Makes the entry claim that `file` holds `@outcome id` on line 1: visible only if the file is not read again. */
  const plantTag = (file: string, id: string) => {
    const { file: entryFile, header, scans } = entry();
    const text = readFileSync(entryFile, 'utf8');
    scans.push([file, 'scanned', [[id, 1, 4, 4 + id.length]], []]);
    writeFileSync(entryFile, `${text.slice(0, text.indexOf('\n'))}\n${JSON.stringify(scans)}`);
    return header;
  };

  it('a second scan of an unchanged tree takes the content from the cache instead of reading the files', async () => {
    const first = await scan();
    assert.equal(entry().header.commit, (await ws.repo.git('rev-parse', 'HEAD')).trim());
    assert.deepEqual(await scan(), first);
    // The planted tag shows up: docs/readme.md was not read again.
    plantTag('docs/readme.md', 'KR-1');
    assert.deepEqual((await scan()).outcomes['KR-1']?.byReason['tag'], ['docs/readme.md']);
  });

  it('reads again every file git shows changed: edited, staged, added, deleted, untracked', async () => {
    await scan();
    plantTag('docs/readme.md', 'KR-1');
    plantTag('src/other/util.ts', 'KR-1');
    // Edited without staging, with a tag that moves it to KR-2.
    await ws.repo.write('docs/readme.md', '<!-- @outcome KR-2 -->\n');
    // Staged: the tag is removed.
    await ws.repo.write('src/other/util.ts', 'export const x = 3;\n');
    await ws.repo.git('add', 'src/other/util.ts');
    // Deleted, and new untracked files.
    await rm(path.join(ws.root, 'src/search/rank.py'));
    await ws.repo.write('src/search/new.ts', '// @outcome KR-1\n');
    await ws.repo.write('src/checkout/pay.ts', '// TODO(PAY-12) ship it\n');
    const warm = await scan();
    assert.deepEqual(warm, await uncachedScan());
    assert.deepEqual(warm.outcomes['KR-1']?.byReason['tag'], ['src/search/new.ts']);
    assert.deepEqual(warm.outcomes['KR-1']?.byReason['ticket'], ['src/checkout/cart.ts', 'src/checkout/pay.ts']);
    assert.deepEqual(warm.outcomes['KR-2']?.byReason['tag'], ['docs/readme.md', 'src/checkout/cart.ts']);
    assert.deepEqual(warm.outcomes['KR-3']?.byReason['tag'], []);
    assert.deepEqual(warm.unknownIds, []);
  });

  it('after a commit, the entry is rewritten for the new HEAD, without the files still uncommitted', async () => {
    await scan();
    await ws.repo.write('src/other/util.ts', '// @outcome KR-2\n');
    await ws.repo.write('docs/readme.md', '<!-- @outcome KR-1 -->\n');
    const head = await ws.repo.commitAll('Retag');
    await ws.repo.write('src/search/rank.py', '# @outcome KR-3\n');
    const warm = await scan();
    assert.deepEqual(warm, await uncachedScan());
    const rewritten = entry();
    assert.equal(rewritten.header.commit, head);
    const cached = new Map(rewritten.scans.map(([file, , tags]) => [file, tags.map((t) => t[0])]));
    assert.deepEqual(cached.get('src/other/util.ts'), ['KR-2']);
    assert.deepEqual(cached.get('docs/readme.md'), ['KR-1']);
    assert.equal(cached.has('src/search/rank.py'), false, 'a file that differs from HEAD is not cached');
  });

  it('a file deleted in a commit leaves the entry rewritten for it', async () => {
    await scan();
    assert.ok(entry().scans.some(([file]) => file === 'src/checkout/cart.ts'));
    await rm(path.join(ws.root, 'src/checkout/cart.ts'));
    const head = await ws.repo.commitAll('Drop the cart');
    assert.deepEqual(await scan(), await uncachedScan());
    const rewritten = entry();
    assert.equal(rewritten.header.commit, head);
    assert.ok(!rewritten.scans.some(([file]) => file === 'src/checkout/cart.ts'));
  });

  it('reads again a file that differed from the commit when the entry was written, once it is as committed again', async () => {
    // Committed with a tag; edited without it when the entry is written (so the entry knows
    // nothing of the committed content); then the edit is undone, and git shows no change.
    await ws.repo.write('src/other/util.ts', 'export const x = 3;\n');
    await scan();
    await ws.repo.git('checkout', '--', 'src/other/util.ts');
    for (const env of [{ OUTCOME_LENS_OUTPUT_CACHE: 'off' }, {}]) {
      const { code, out, err } = await cli(env, 'scan', '--json');
      assert.equal(code, 0, err);
      const warm = JSON.parse(out) as Awaited<ReturnType<typeof scan>>;
      assert.deepEqual(warm.outcomes['KR-3']?.byReason['tag'], ['src/other/util.ts']);
      assert.deepEqual(warm, await uncachedScan());
    }
    // And once HEAD moves, the rewritten entry still knows (the file is as committed now).
    await ws.repo.git('commit', '-q', '--allow-empty', '-m', 'Move HEAD');
    assert.deepEqual(await scan(), await uncachedScan());
  });

  it('always reads again what git does not watch: symbolic links, assume-unchanged files', async () => {
    const outside = `${ws.root}-target.ts`;
    await writeFile(outside, 'export const y = 1;\n');
    symlinkSync(outside, path.join(ws.root, 'src/search/link.ts'));
    await ws.repo.commitAll('Link');
    await ws.repo.git('update-index', '--assume-unchanged', 'docs/readme.md');
    await scan();
    await writeFile(outside, '// @outcome KR-1\n');
    // git diff does not show this edit: the file is marked assume-unchanged.
    await ws.repo.write('docs/readme.md', '<!-- @outcome KR-2 -->\n');
    assert.equal((await ws.repo.git('diff', '--name-only', 'HEAD')).trim(), '');
    const warm = await scan();
    await rm(outside);
    assert.deepEqual(warm.outcomes['KR-1']?.byReason['tag'], ['src/search/link.ts']);
    assert.deepEqual(warm.outcomes['KR-2']?.byReason['tag'], ['docs/readme.md', 'src/checkout/cart.ts']);
  });

  it('a new ticket mapping, a damaged entry or a commit git no longer has means reading every file', async () => {
    await scan();
    plantTag('docs/readme.md', 'KR-1');
    const config = readFileSync(path.join(ws.root, 'outcomes.yaml'), 'utf8');
    await ws.repo.write('outcomes.yaml', config.replace('tickets: [PAY-12]', 'tickets: [PAY-12, SHIP-4]'));
    await ws.repo.write('src/other/ship.ts', '// SHIP-4 one day\n');
    assert.deepEqual(await scan(), await uncachedScan());

    plantTag('docs/readme.md', 'KR-1');
    const { file } = entry();
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"commit":"[0-9a-f]+"/, `"commit":"${'1'.repeat(40)}"`));
    assert.deepEqual(await scan(), await uncachedScan());

    writeFileSync(entry().file, '{"format":1,"key":');
    assert.deepEqual(await scan(), await uncachedScan());
  });

  it('is per root: a scan of a subfolder has an entry of its own, with paths relative to it', async () => {
    await scan();
    await ws.repo.write('src/outcomes.yaml', 'version: 1\noutcomes:\n  - id: KR-1\n    title: Checkout\n    paths: [checkout/]\n');
    await ws.repo.commitAll('A config for src');
    const sub = async () => JSON.parse((await cli({}, 'scan', '--json', '--root', 'src')).out) as unknown;
    const first = await sub();
    assert.equal(entryFiles().length, 2);
    await ws.repo.write('src/search/rank.py', '# @outcome KR-1\n');
    assert.deepEqual(await sub(), JSON.parse((await cli({ OUTCOME_LENS_SCAN_CACHE: 'off' }, 'scan', '--json', '--root', 'src')).out));
    assert.notDeepEqual(await sub(), first);
  });

  it('check and coverage use it too; OUTCOME_LENS_SCAN_CACHE=off neither reads nor writes it', async () => {
    assert.equal((await cli({ OUTCOME_LENS_SCAN_CACHE: 'off' }, 'check')).code, 1);
    assert.throws(() => entryFiles(), /ENOENT/);
    const checked = await cli({}, 'check', '--json');
    assert.equal(entryFiles().length, 1);
    plantTag('docs/readme.md', 'KR-404');
    const again = await cli({}, 'check', '--json');
    assert.match(again.out, /KR-404/);
    assert.equal((await cli({ OUTCOME_LENS_SCAN_CACHE: 'off' }, 'check', '--json')).out, checked.out);
    assert.match((await cli({}, 'coverage', '--json')).out, /"docs\/readme.md"/);
  });

  it('is not used outside a git repository', async () => {
    await rm(path.join(ws.root, '.git'), { recursive: true, force: true });
    await scan();
    await scan();
    assert.throws(() => entryFiles(), /ENOENT/);
  });
});

describe('CachedContent', () => {
  const scanOf = (id: string): ContentScan => ({ status: 'scanned', tags: [{ id, line: 1, column: 4, endColumn: 8 }], tickets: [] });
  const stored = { commit: 'a'.repeat(40), scans: new Map([['a.ts', scanOf('KR-1')], ['b.ts', scanOf('KR-2')]]), unvouched: new Set<string>() };

  function setUp(toRead: string[] | undefined, fileCount: number) {
    const read: string[] = [];
    const searched: string[] = [];
    const inner = {
      prefilter: {
        candidates: (_root: string, _needles: unknown, _max: number, _signal?: AbortSignal, onCandidate?: (p: string) => void) => {
          searched.push('rg');
          for (const p of ['b.ts', 'c.ts', 'd.ts']) onCandidate?.(p);
          return Promise.resolve(new Set(['b.ts', 'c.ts', 'd.ts']));
        },
      } satisfies ContentPrefilter,
      scanner: {
        scan: (request: ContentScanRequest) => {
          read.push(...request.paths);
          return Promise.resolve(new Map(request.paths.map((p) => [p, scanOf('KR-9')])));
        },
      },
      fileCount: Promise.resolve(fileCount),
    };
    const content = new CachedContent(stored, Promise.resolve(toRead && new Set(toRead)), inner);
    return { content, read, searched };
  }

  const candidates = async (content: CachedContent) => {
    const heard: string[] = [];
    const result = await content.prefilter.candidates('/r', { literals: ['@outcome'] }, 100, undefined, (p) => heard.push(p));
    return { result: result && [...result].sort(), heard: heard.sort() };
  };

  it('names the cached files with hits and the files to read, without ripgrep when they are few', async () => {
    const { content, read, searched } = setUp(['b.ts', 'c.ts'], 10_000);
    assert.deepEqual(await candidates(content), { result: ['a.ts', 'b.ts', 'c.ts'], heard: ['a.ts', 'b.ts', 'c.ts'] });
    assert.deepEqual(searched, []);
    const scans = await content.scanner.scan({ root: '/r', paths: ['a.ts', 'b.ts', 'c.ts'], ticketPatterns: [], maxFileBytes: 100 });
    assert.deepEqual(read, ['b.ts', 'c.ts'], 'b.ts changed: read again; a.ts comes from the cache');
    assert.equal(scans.get('a.ts')?.tags[0]?.id, 'KR-1');
    assert.equal(scans.get('b.ts')?.tags[0]?.id, 'KR-9');
  });

  it('lets ripgrep narrow the files to read when they are many, keeping only those', async () => {
    const many = Array.from({ length: 1500 }, (_, i) => `f${i}.ts`);
    const { content, searched } = setUp([...many, 'c.ts'], 2000);
    assert.deepEqual(await candidates(content), { result: ['a.ts', 'b.ts', 'c.ts'], heard: ['a.ts', 'b.ts', 'c.ts'] });
    assert.deepEqual(searched, ['rg']);
  });

  it('steps aside when git could not tell what changed', async () => {
    const { content, read, searched } = setUp(undefined, 10);
    assert.deepEqual(await candidates(content), { result: ['b.ts', 'c.ts', 'd.ts'], heard: ['b.ts', 'c.ts', 'd.ts'] });
    assert.deepEqual(searched, ['rg']);
    await content.scanner.scan({ root: '/r', paths: ['a.ts'], ticketPatterns: [], maxFileBytes: 100 });
    assert.deepEqual(read, ['a.ts']);
  });
});

describe('the output cache (scan)', function () {
  let ws: IndexWorkspace;
  let cacheDir: string;
  freshWorkspaceEachTest(this, (w, c) => {
    ws = w;
    cacheDir = c;
  });

  async function scanOutput(env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
    const io = captureIo(ws.root, { ...process.env, OUTCOME_LENS_CACHE_DIR: cacheDir, ...env });
    assert.equal(await runCli(['scan', ...args], io), 0, io.err);
    return io.out;
  }
  const scan = async (...args: string[]) => scanOutput({}, ...args);
  const uncachedScan = async (...args: string[]) => scanOutput({ OUTCOME_LENS_SCAN_CACHE: 'off' }, ...args);

  const outputEntries = () => readdirSync(path.join(cacheDir, 'outputs')).filter((f) => f.endsWith('.txt'));
  const planted = '{ "planted": "by the test" }\n';
  /** Replaces every stored output with `planted`, so a scan that prints it is seen to have reused it. */
  const plantOutputs = () => {
    const entries = outputEntries();
    assert.ok(entries.length > 0, 'an output was stored');
    for (const name of entries) {
      const file = path.join(cacheDir, 'outputs', name);
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, `${text.slice(0, text.indexOf('\n'))}\n${planted}`);
    }
  };

  /** Where the stored JSON is, and its body: the output a later scan of either form may be patched from. */
  const storedJson = () => {
    const found = outputEntries()
      .map((name) => {
        const file = path.join(cacheDir, 'outputs', name);
        const text = readFileSync(file, 'utf8');
        const newline = text.indexOf('\n');
        return { file, header: text.slice(0, newline), body: text.slice(newline + 1) };
      })
      .find((entry) => entry.body.startsWith('{'));
    assert.ok(found, 'the JSON was stored');
    return found;
  };
  /** An unknown ID in a file that does not exist, sorted last: seen only in an output patched from the stored JSON. */
  const marker = { id: 'PLANTED-1', file: 'zz/planted.ts', line: 1 };
  const plantUnknownId = () => {
    const { file, header, body } = storedJson();
    const json = JSON.parse(body) as { unknownIds: (typeof marker)[] };
    json.unknownIds.push(marker);
    writeFileSync(file, `${header}\n${JSON.stringify(json, null, 2)}\n`);
  };
  /** `text` (scan --json) without the marker, byte for byte as it would print; fails when the marker is not last. */
  const withoutMarker = (text: string) => {
    const json = JSON.parse(text) as { unknownIds: unknown[] };
    assert.deepEqual(json.unknownIds.pop(), marker, 'patched from the stored JSON');
    return `${JSON.stringify(json, null, 2)}\n`;
  };

  it('a scan of a tree unchanged since the last one prints the stored output, per form', async () => {
    const json = await scan('--json');
    const table = await scan();
    assert.equal(outputEntries().length, 2, 'one entry per form');
    plantOutputs();
    assert.equal(await scan('--json'), planted);
    assert.equal(await scan(), planted);
    // A commit that changes no file changes no output.
    await ws.repo.git('commit', '-q', '--allow-empty', '-m', 'Nothing');
    assert.equal(await scan('--json'), planted);
    // --history asks git's log, which the stored output does not cover.
    assert.notEqual(await scan('--json', '--history'), planted);
    assert.notEqual(json, table);
  });

  // Each change, made after an output was stored (and marked), must be seen: the scan is the
  // one an uncached scan gives. Where content changed, or files were added or deleted, it is the
  // stored JSON patched (the marker is kept); where the config changed, the tree is indexed again.
  const changes: [string, 'patched' | 'indexed', () => Promise<void>][] = [
    ['a tracked file edited', 'patched', async () => ws.repo.write('docs/readme.md', '<!-- @outcome KR-1 -->\n')],
    ['a tracked file staged', 'patched', async () => {
      await ws.repo.write('src/other/util.ts', 'export const x = 3;\n');
      await ws.repo.git('add', 'src/other/util.ts');
    }],
    ['an edit committed', 'patched', async () => {
      await ws.repo.write('src/other/util.ts', '// @outcome KR-2\n');
      await ws.repo.commitAll('Retag');
    }],
    ['a tracked file deleted', 'patched', async () => rm(path.join(ws.root, 'src/search/rank.py'))],
    ['a deletion committed', 'patched', async () => {
      await rm(path.join(ws.root, 'src/search/rank.py'));
      await ws.repo.commitAll('Drop rank');
    }],
    ['an untracked file added', 'patched', async () => ws.repo.write('src/search/new.ts', '// @outcome KR-1\n')],
    ['a file renamed, and the new name edited', 'patched', async () => {
      await ws.repo.git('mv', 'src/search/rank.py', 'src/checkout/rank.py');
      await ws.repo.write('src/checkout/rank.py', '# @outcome NOPE-3\n');
    }],
    ['the config edited', 'indexed', async () => {
      const config = readFileSync(path.join(ws.root, 'outcomes.yaml'), 'utf8');
      await ws.repo.write('outcomes.yaml', config.replace('      - src/search/', '      - src/'));
    }],
    ['a file ignored again', 'patched', async () => ws.repo.write('.gitignore', 'docs/\n')],
  ];
  for (const [name, how, change] of changes) {
    it(`sees ${name} (${how === 'patched' ? 'the stored JSON patched' : 'indexed again'})`, async () => {
      const before = await scan('--json');
      plantUnknownId();
      await change();
      const warm = await scan('--json');
      const uncached = await uncachedScan('--json');
      assert.notEqual(uncached, before, 'the change shows in the output');
      assert.equal(how === 'patched' ? withoutMarker(warm) : warm, uncached);
      // What it printed was stored: the same tree again prints it as it is.
      plantOutputs();
      assert.equal(await scan('--json'), planted);
    });
  }

  it('a table is patched from the stored JSON, and what a patch makes is stored', async () => {
    await scan();
    assert.equal(outputEntries().length, 2, 'the table, and the JSON it was made from');
    plantUnknownId();
    await ws.repo.write('docs/readme.md', '<!-- @outcome KR-1 -->\n<!-- @outcome NOPE-2 -->\n');
    const table = await scan();
    // The uncached table, but for the planted unknown ID: counted in the summary, listed last.
    const expected = (await uncachedScan()).replace(/(\d+) unknown outcome IDs? in tags/, (_, n: string) => `${Number(n) + 1} unknown outcome IDs in tags`) + `  ${marker.file}:${marker.line}: unknown outcome "${marker.id}"\n`;
    assert.equal(table, expected);
    assert.equal(withoutMarker(await scan('--json')), await uncachedScan('--json'));
    // Both outputs as patched were stored: the same tree again prints them as they are.
    plantOutputs();
    assert.equal(await scan(), planted);
    assert.equal(await scan('--json'), planted);
  });

  it('reads again the files the stored output read: an untracked file edited, an edit undone', async () => {
    await ws.repo.write('src/search/new.ts', '// nothing yet\n');
    await ws.repo.write('docs/readme.md', '<!-- @outcome KR-1 -->\n');
    await scan('--json');
    plantOutputs();
    assert.equal(await scan('--json'), planted, 'the same untracked and edited files: reused');
    // The listing is the same; only the content of an untracked file differs.
    await ws.repo.write('src/search/new.ts', '// @outcome KR-1\n');
    const afterUntracked = await scan('--json');
    assert.notEqual(afterUntracked, planted);
    assert.equal(afterUntracked, await uncachedScan('--json'));
    // docs/readme.md back as committed: git shows no change, but the stored output read the
    // edit. It is read again for the patch.
    await ws.repo.git('checkout', '--', 'docs/readme.md');
    plantUnknownId();
    assert.equal(withoutMarker(await scan('--json')), await uncachedScan('--json'));
  });

  it('reads again what git does not watch: a link whose missing target appears, an assume-unchanged file', async () => {
    const outside = `${ws.root}-target.ts`;
    symlinkSync(outside, path.join(ws.root, 'src/search/link.ts'));
    await ws.repo.commitAll('Link to nowhere');
    await ws.repo.git('update-index', '--assume-unchanged', 'docs/readme.md');
    try {
      await scan('--json');
      plantOutputs();
      assert.equal(await scan('--json'), planted);
      await writeFile(outside, '// @outcome KR-1\n');
      const linked = await scan('--json');
      assert.equal(linked, await uncachedScan('--json'));
      assert.match(linked, /"src\/search\/link.ts"/);
      plantOutputs();
      await ws.repo.write('docs/readme.md', '<!-- @outcome KR-2 -->\n');
      const edited = await scan('--json');
      assert.notEqual(edited, planted);
      assert.equal(edited, await uncachedScan('--json'));
    } finally {
      await rm(outside, { force: true });
    }
  });

  it('a changed scan-cache entry, a damaged entry, OUTCOME_LENS_SCAN_CACHE=off or OUTCOME_LENS_OUTPUT_CACHE=off means indexing', async () => {
    await scan('--json');
    plantOutputs();
    const [scanEntry] = readdirSync(path.join(cacheDir, 'scans'));
    assert.ok(scanEntry);
    const scanFile = path.join(cacheDir, 'scans', scanEntry);
    writeFileSync(scanFile, `${readFileSync(scanFile, 'utf8')} `);
    assert.equal(await scan('--json'), await uncachedScan('--json'));

    plantOutputs();
    assert.notEqual(await uncachedScan('--json'), planted);
    assert.notEqual(await scanOutput({ OUTCOME_LENS_OUTPUT_CACHE: 'off' }, '--json'), planted);
    for (const name of outputEntries()) writeFileSync(path.join(cacheDir, 'outputs', name), '{"format":1,"key":');
    assert.equal(await scan('--json'), await uncachedScan('--json'));
  });

  it('the listing the stored JSON was made from gone or damaged, or more files added than a patch reads, means indexing', async () => {
    const listingFiles = () => readdirSync(path.join(cacheDir, 'outputs')).filter((f) => f.endsWith('.files'));
    await scan('--json');
    assert.equal(listingFiles().length, 1, 'one listing per root');
    const [listingName] = listingFiles();
    const listingFile = path.join(cacheDir, 'outputs', listingName as string);
    const damages: [string, () => unknown][] = [
      ['gone', () => rm(listingFile)],
      ['another listing', () => writeFileSync(listingFile, readFileSync(listingFile, 'utf8').replace('docs/readme.md', 'docs/other.md'))],
    ];
    for (const [name, damage] of damages) {
      await scan('--json');
      plantUnknownId();
      await damage();
      await ws.repo.write(`src/search/${name.replace(' ', '-')}.ts`, '// @outcome KR-2\n');
      assert.equal(await scan('--json'), await uncachedScan('--json'), name);
    }
    // More files than `maxChecked` (1,000): reading them would cost what indexing does.
    plantUnknownId();
    await mkdir(path.join(ws.root, 'src/many'));
    for (let i = 0; i <= 1000; i++) writeFileSync(path.join(ws.root, `src/many/f${i}.ts`), i % 100 === 0 ? '// @outcome KR-1\n' : '');
    assert.equal(await scan('--json'), await uncachedScan('--json'), 'many added');
    // A few of them gone, the rest are few enough: the stored JSON (made before they came) is patched.
    for (let i = 0; i < 10; i++) await rm(path.join(ws.root, `src/many/f${i}.ts`));
    assert.equal(withoutMarker(await scan('--json')), await uncachedScan('--json'), 'a few deleted');
  });

  it('is not used outside a git repository', async () => {
    await rm(path.join(ws.root, '.git'), { recursive: true, force: true });
    await scan('--json');
    assert.throws(() => outputEntries(), /ENOENT/);
  });
});
