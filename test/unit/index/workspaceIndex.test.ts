import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { branchOutcomes, ticketsInName } from '../../../src/core/index/branchOutcomes';
import { InThreadScanner } from '../../../src/core/index/contentScanner';
import type { ContentScanner } from '../../../src/core/index/contentScanner';
import { explainFile } from '../../../src/core/index/explainFile';
import { RipgrepPrefilter } from '../../../src/core/index/ripgrepPrefilter';
import type { ContentPrefilter } from '../../../src/core/index/ripgrepPrefilter';
import { SyncScanner } from '../../../src/core/index/syncFileScan';
import { WorkerPoolScanner } from '../../../src/core/index/workerPool';
import { WorkspaceIndex } from '../../../src/core/index/workspaceIndex';
import { contentNeedles, outcomesByTicket } from '../../../src/core/index/reasons';
import type { GitRunner } from '../../../src/core/ports';
import { nodeGitRunner } from '../../../src/core/node/nodeHost';
import { isolateGitConfig } from '../git/tempRepo';
import { createIndexWorkspace, nodePorts, requireRipgrep } from './indexFixture';
import type { IndexWorkspace } from './indexFixture';


describe('WorkspaceIndex', function () {
  this.timeout(30_000);
  isolateGitConfig();
  let ws: IndexWorkspace;

  before(async () => {
    ws = await createIndexWorkspace();
  });
  after(async () => ws.repo.dispose());

  const build = async (options = {}) => WorkspaceIndex.build(ws.root, ws.model, nodePorts, options);

  it('lists git-tracked and untracked files, not ignored ones, and reports progress', async () => {
    await writeFile(path.join(ws.root, 'untracked.txt'), 'new\n');
    const progress: [number, number][] = [];
    const index = await build({ onProgress: (done: number, total: number) => progress.push([done, total]) });
    assert.deepEqual(index.files(), [
      '.gitignore',
      'docs/readme.md',
      'outcomes.yaml',
      'src/checkout/cart.ts',
      'src/checkout/legacy/old.js',
      'src/checkout/logo.bin',
      'src/other/util.ts',
      'src/search/rank.py',
      'untracked.txt',
    ]);
    assert.deepEqual(progress[0], [0, 9]);
    assert.deepEqual(progress.at(-1), [9, 9]);
    index.removeFile('untracked.txt');
    await ws.repo.git('clean', '-qf', 'untracked.txt');
  });

  it('gives each outcome its reasons: path (rule and config line), tag, ticket', async () => {
    const index = await build();
    assert.deepEqual(index.outcomesOf('src/checkout/cart.ts'), [
      {
        outcomeId: 'KR-1',
        reasons: [
          { kind: 'path', outcomeId: 'KR-1', pattern: 'src/checkout/', line: 8 },
          { kind: 'ticket', outcomeId: 'KR-1', ticket: 'PAY-12', line: 3, column: 9 },
        ],
      },
      { outcomeId: 'KR-2', reasons: [{ kind: 'tag', outcomeId: 'KR-2', line: 1, column: 13 }] },
    ]);
    assert.deepEqual(index.outcomesOf('src/checkout/legacy/old.js'), [], 'the negation excludes legacy/');
    assert.deepEqual(index.filesServing('KR-1'), ['src/checkout/cart.ts', 'src/checkout/logo.bin']);
  });

  it('records unknown IDs and tags naming a dropped outcome', async () => {
    const index = await build();
    assert.deepEqual(index.unknownIds(), [{ id: 'KR-9', file: 'src/search/rank.py', line: 1, column: 12, endColumn: 16 }]);
    assert.deepEqual(index.droppedIds(), [{ id: 'KR-3', file: 'src/other/util.ts', line: 1, column: 13, endColumn: 17 }]);
    assert.deepEqual(index.outcomesOf('src/other/util.ts'), [{ outcomeId: 'KR-3', reasons: [{ kind: 'tag', outcomeId: 'KR-3', line: 1, column: 13 }] }]);
  });

  it('skips the content of binary and oversize files, but still applies path rules', async () => {
    const index = await build({ maxFileBytes: 60 });
    assert.equal(index.entry('src/checkout/logo.bin')?.content, 'binary');
    assert.deepEqual(
      index.outcomesOf('src/checkout/logo.bin').map((o) => o.reasons.map((r) => r.kind)),
      [['path']],
      'the tag after the NUL byte is not read',
    );
    // cart.ts is 96 bytes: over the limit, so its tag and ticket are not read.
    assert.equal(index.entry('src/checkout/cart.ts')?.content, 'too-large');
    assert.deepEqual(index.outcomesOf('src/checkout/cart.ts'), [{ outcomeId: 'KR-1', reasons: [{ kind: 'path', outcomeId: 'KR-1', pattern: 'src/checkout/', line: 8 }] }]);
    assert.equal(index.entry('src/search/rank.py')?.content, 'scanned');
  });

  it('computes history reasons only on demand, from trailers and mapped tickets, and caches them', async () => {
    let logCalls = 0;
    const countingGit: GitRunner = async (args, options) => {
      if (args.includes('log')) logCalls++;
      return nodeGitRunner(args, options);
    };
    const index = await WorkspaceIndex.build(ws.root, ws.model, { ...nodePorts, git: countingGit });
    assert.equal(logCalls, 0, 'building never reads history');
    const readme = await index.explain('docs/readme.md', { history: true });
    assert.equal(readme.length, 1);
    assert.equal(readme[0]?.outcomeId, 'KR-2');
    assert.deepEqual(
      readme[0]?.reasons.map((r) => (r.kind === 'history' ? [r.kind, r.subject, r.via] : [r.kind])),
      [['history', 'Document search', 'trailer']],
    );
    const util = await index.explain('src/other/util.ts', { history: true });
    assert.deepEqual(
      util.map((o) => [o.outcomeId, o.reasons.map((r) => (r.kind === 'history' ? `${r.kind}:${r.via}:${r.ticket ?? ''}` : r.kind))]),
      [
        ['KR-1', ['history:ticket:PAY-12']],
        ['KR-3', ['tag']],
      ],
    );
    const calls = logCalls;
    await index.explain('docs/readme.md', { history: true });
    assert.equal(logCalls, calls, 'the second ask is served from the cache');
    assert.deepEqual(await index.explain('docs/readme.md'), [], 'without history: no reason');
  });

  it('updates, removes and renames files incrementally', async () => {
    const index = await build();
    const updated = await index.updateFile('docs/readme.md', '<!-- @outcome KR-1 -->\n');
    assert.deepEqual(updated?.outcomes, [{ outcomeId: 'KR-1', reasons: [{ kind: 'tag', outcomeId: 'KR-1', line: 1, column: 15 }] }]);
    assert.deepEqual(index.filesServing('KR-1'), ['docs/readme.md', 'src/checkout/cart.ts', 'src/checkout/logo.bin']);

    // From disk: a new file appears in the index.
    await writeFile(path.join(ws.root, 'src/search/new.ts'), '// TODO(PAY-12)\n');
    const created = await index.updateFile('src/search/new.ts');
    assert.deepEqual(created?.outcomes.map((o) => [o.outcomeId, o.reasons.map((r) => r.kind)]), [
      ['KR-1', ['ticket']],
      ['KR-2', ['path']],
    ]);
    assert.ok(index.files().includes('src/search/new.ts'));

    // Renamed out of search/ into checkout/legacy/: path reasons follow the new path, the tag stays.
    const renamed = index.renameFile('src/search/new.ts', 'src/checkout/legacy/new.ts');
    assert.deepEqual(renamed?.outcomes.map((o) => [o.outcomeId, o.reasons.map((r) => r.kind)]), [['KR-1', ['ticket']]]);
    assert.equal(index.entry('src/search/new.ts'), undefined);

    assert.equal(index.removeFile('src/checkout/legacy/new.ts'), true);
    assert.equal(index.entry('src/checkout/legacy/new.ts'), undefined);
    assert.ok(!index.files().includes('src/checkout/legacy/new.ts'));
    // A path the index does not hold is still answered by its path rules.
    assert.deepEqual(index.outcomesOf('src/search/not-indexed.ts'), [
      { outcomeId: 'KR-2', reasons: [{ kind: 'path', outcomeId: 'KR-2', pattern: 'src/search/', line: 14 }] },
    ]);

    // A file deleted on disk is removed by updateFile.
    await rm(path.join(ws.root, 'src/search/new.ts'));
    await index.updateFile('src/search/new.ts');
    assert.equal(await index.updateFile('src/search/new.ts'), undefined);
    assert.equal(index.entry('src/search/new.ts'), undefined);
  });

  it('re-indexes one typical file in well under 5 ms', async () => {
    const index = await build();
    const text = Array.from({ length: 400 }, (_, i) => (i % 50 === 0 ? `// @outcome KR-${(i % 3) + 1} TODO(PAY-12)` : `export const value${i} = compute(${i}, "string // not a comment");`)).join('\n');
    index.updateText('src/checkout/cart.ts', text);
    const started = process.hrtime.bigint();
    const rounds = 50;
    for (let i = 0; i < rounds; i++) index.updateText('src/checkout/cart.ts', `${text}\n// edit ${i}`);
    const perUpdateMs = Number(process.hrtime.bigint() - started) / 1e6 / rounds;
    assert.ok(perUpdateMs < 5, `one update took ${perUpdateMs.toFixed(2)} ms`);
  });

  it('re-derives entries from remembered scans when the config changes', async () => {
    const index = await build();
    const withoutRules = { ...ws.model, outcomes: ws.model.outcomes.map((o) => ({ ...o, pathRules: [] })) };
    assert.equal(index.setModel(withoutRules), false);
    assert.deepEqual(index.filesServing('KR-1'), ['src/checkout/cart.ts'], 'the ticket still maps cart.ts');
    index.setModel(ws.model);
    assert.deepEqual(index.filesServing('KR-1'), ['src/checkout/cart.ts', 'src/checkout/logo.bin']);
  });

  it('without path rules (check), gives every reason but path ones, through a config change too', async () => {
    const full = await build();
    const tagsOnly = await build({ pathRules: false });
    const withoutPaths = (index: WorkspaceIndex) =>
      index.files().map((file) => [file, index.outcomesOf(file).map((o) => ({ ...o, reasons: o.reasons.filter((r) => r.kind !== 'path') })).filter((o) => o.reasons.length > 0)]);
    assert.ok(full.files().some((file) => full.outcomesOf(file).some((o) => o.reasons.some((r) => r.kind === 'path'))));
    assert.deepEqual(tagsOnly.files(), full.files());
    assert.deepEqual(tagsOnly.outcomesOf('src/checkout/cart.ts'), [
      { outcomeId: 'KR-1', reasons: [{ kind: 'ticket', outcomeId: 'KR-1', ticket: 'PAY-12', line: 3, column: 9 }] },
      { outcomeId: 'KR-2', reasons: [{ kind: 'tag', outcomeId: 'KR-2', line: 1, column: 13 }] },
    ]);
    assert.deepEqual(tagsOnly.outcomesOf('src/checkout/logo.bin'), [], 'served by a path rule alone');
    assert.deepEqual(withoutPaths(tagsOnly), withoutPaths(full));
    assert.deepEqual(tagsOnly.unknownIds(), full.unknownIds());
    assert.deepEqual(tagsOnly.droppedIds(), full.droppedIds());
    tagsOnly.setModel(ws.model);
    assert.deepEqual(tagsOnly.filesServing('KR-1'), ['src/checkout/cart.ts']);
  });

  it('gives the same entries with worker threads, the synchronous scanner, and the ripgrep pre-filter', async () => {
    const reference = await build({ scanner: new InThreadScanner(nodePorts.fs) });
    const entries = (index: WorkspaceIndex, ignoreContent = false) =>
      index.files().map((f) => {
        const entry = index.entry(f);
        return ignoreContent ? { ...entry, content: undefined } : entry;
      });
    const workers = await build({ scanner: new WorkerPoolScanner({ threads: 2, chunkSize: 2 }) });
    assert.deepEqual(entries(workers), entries(reference));
    const sync = await build({ scanner: new SyncScanner() });
    assert.deepEqual(entries(sync), entries(reference));
    requireRipgrep();
    const prefiltered = await build({ prefilter: new RipgrepPrefilter() });
    // Files the pre-filter ruled out are marked 'no-match' instead of read; reasons are equal.
    assert.deepEqual(entries(prefiltered, true), entries(reference, true));
    assert.equal(prefiltered.entry('docs/readme.md')?.content, 'no-match');
    const unavailable = await build({ prefilter: new RipgrepPrefilter('/nonexistent/rg') });
    assert.deepEqual(entries(unavailable), entries(reference), 'without rg every file is read');
  });

  it('reads what the pre-filter names while it runs, each file once, and every file when it then fails', async () => {
    const reference = await build({ scanner: new InThreadScanner(nodePorts.fs) });
    const entries = (index: WorkspaceIndex) => index.files().map((f) => ({ ...index.entry(f), content: undefined }));
    const named = ['src/checkout/cart.ts', 'src/search/rank.py', 'src/other/util.ts', 'not/listed.ts'];
    for (const fails of [false, true]) {
      const scanned: string[] = [];
      const scanner: ContentScanner = {
        scan: async (request) => {
          scanned.push(...request.paths);
          return new InThreadScanner(nodePorts.fs).scan(request);
        },
      };
      // Names two files at once, then the rest a little later, then settles.
      const prefilter: ContentPrefilter = {
        candidates: async (_root, _needles, _max, _signal, onCandidate) => {
          for (const path of named.slice(0, 2)) onCandidate?.(path);
          await new Promise((resolve) => setTimeout(resolve, 20));
          for (const path of named.slice(2)) onCandidate?.(path);
          return fails ? undefined : new Set(named);
        },
      };
      const index = await build({ scanner, prefilter });
      assert.deepEqual(entries(index), entries(reference), `fails: ${fails}`);
      assert.deepEqual(scanned.filter((p, i) => scanned.indexOf(p) !== i), [], 'no file is read twice');
      assert.ok(!scanned.includes('not/listed.ts'), 'a named file the listing does not have is not read');
      if (fails) assert.deepEqual([...scanned].sort(), [...index.files()].sort(), 'every file is read');
      else {
        assert.deepEqual([...scanned].sort(), named.slice(0, 3).sort());
        assert.equal(index.entry('docs/readme.md')?.content, 'no-match');
      }
    }
  });

  it('ripgrep started ahead is taken over by a call that asks the same, and replaced for any other', async () => {
    requireRipgrep();
    // A wrapper that notes each start, so the test can count rg processes.
    const log = path.join(ws.root, '..', `rg-starts-${process.pid}.log`);
    const wrapper = path.join(ws.root, '..', `rg-wrapper-${process.pid}.sh`);
    await writeFile(wrapper, `#!/bin/sh\necho start >> '${log}'\nexec rg "$@"\n`, { mode: 0o755 });
    const starts = async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    try {
      const needles = ['@outcome', 'PAY-'];
      const fresh = await new RipgrepPrefilter().candidates(ws.root, { literals: needles }, 1024 * 1024);
      assert.ok(fresh && fresh.size > 0);

      const ahead = new RipgrepPrefilter(wrapper);
      ahead.prestart(ws.root, { literals: needles }, 1024 * 1024);
      // Let it finish first: what it named before the call is handed over too.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const heard: string[] = [];
      const adopted = await ahead.candidates(ws.root, { literals: needles }, 1024 * 1024, undefined, (p) => heard.push(p));
      assert.deepEqual(adopted, fresh);
      assert.deepEqual(new Set(heard), fresh);
      assert.equal(await starts(), 1, 'one rg process for both');

      ahead.prestart(ws.root, { literals: ['@outcome'] }, 1024 * 1024);
      // (The wrapper notes its start before rg runs; give it that moment before it is stopped.)
      for (let waited = 0; (await starts()) < 2 && waited < 3000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      const other = await ahead.candidates(ws.root, { literals: needles }, 1024 * 1024);
      assert.deepEqual(other, fresh, 'a different question gets its own answer');
      assert.equal(await starts(), 3);

      // Built on a prestarted search, the index is the same as without.
      const reference = await build({ prefilter: new RipgrepPrefilter() });
      ahead.prestart(ws.root, { literals: contentNeedles(outcomesByTicket(ws.model)) }, 1024 * 1024);
      const index = await build({ prefilter: ahead });
      assert.deepEqual(index.files().map((f) => index.entry(f)), reference.files().map((f) => reference.entry(f)));
      assert.equal(await starts(), 4);
      ahead.dispose();
    } finally {
      await rm(log, { force: true });
      await rm(wrapper, { force: true });
    }
  });

  it('finds tickets no outcome lists in files that hold nothing else, through the pre-filter, when asked to (the Tickets view)', async () => {
    requireRipgrep();
    const ops = path.join(ws.root, 'src/other/ops.sh');
    await writeFile(ops, '#!/bin/sh\n# TODO(OPS-7): rotate the keys\necho ok\n');
    try {
      const mentions = (index: WorkspaceIndex) => index.ticketMentions().map((m) => `${m.id} ${m.file}:${m.line}`).sort();
      const reference = await build({ scanner: new InThreadScanner(nodePorts.fs) });
      assert.ok(mentions(reference).includes('OPS-7 src/other/ops.sh:2'), mentions(reference).join(', '));
      const withTickets = await build({ prefilter: new RipgrepPrefilter(), unlistedTickets: true });
      assert.deepEqual(mentions(withTickets), mentions(reference));
      // `scan` does not ask: rg looks for tags and the listed tickets' keys (PAY-) only.
      const tagsOnly = await build({ prefilter: new RipgrepPrefilter() });
      assert.ok(!mentions(tagsOnly).includes('OPS-7 src/other/ops.sh:2'));

      // A pattern rg cannot be trusted with (lookbehind): no pre-filter, every file is read.
      const model = { ...ws.model, ticketPatterns: [/(?<=\()[A-Z]+-\d+/] };
      let asked = 0;
      const counting: ContentPrefilter = {
        candidates: async (...args) => {
          asked++;
          return new RipgrepPrefilter().candidates(...args);
        },
      };
      const untranslatable = await WorkspaceIndex.build(ws.root, model, nodePorts, { prefilter: counting, unlistedTickets: true });
      assert.equal(asked, 0);
      assert.ok(mentions(untranslatable).includes('OPS-7 src/other/ops.sh:2'));
    } finally {
      await rm(ops, { force: true });
    }
  });

  it('keeps "not read" through a config change and a rename, for files the pre-filter ruled out', async () => {
    requireRipgrep();
    const index = await build({ prefilter: new RipgrepPrefilter() });
    assert.deepEqual(index.entry('docs/readme.md'), { path: 'docs/readme.md', content: 'no-match', outcomes: [], unknownIds: [], droppedIds: [] });
    assert.equal(index.entry('src/checkout/legacy/old.js')?.content, 'no-match');
    index.setModel(ws.model);
    assert.equal(index.entry('docs/readme.md')?.content, 'no-match');
    const moved = index.renameFile('docs/readme.md', 'src/checkout/readme.md');
    assert.equal(moved?.content, 'no-match');
    assert.deepEqual(moved?.outcomes.map((o) => o.outcomeId), ['KR-1'], 'path rules of the new place');
    assert.equal(index.entry('docs/readme.md'), undefined);
    assert.deepEqual(index.outcomesOf('docs/readme.md'), []);
    assert.ok(index.files().includes('src/checkout/readme.md') && !index.files().includes('docs/readme.md'));
  });

  it('explains a single file without an index the same way the index does', async () => {
    const index = await build();
    for (const file of ['src/checkout/cart.ts', 'src/checkout/legacy/old.js', 'src/search/rank.py', 'src/other/util.ts']) {
      const single = await explainFile(ws.root, ws.model, file, nodePorts);
      assert.deepEqual(single.entry, index.entry(file), file);
    }
    const withHistory = await explainFile(ws.root, ws.model, 'docs/readme.md', nodePorts, { history: true });
    assert.deepEqual(withHistory.outcomes, await index.explain('docs/readme.md', { history: true }));
  });

  it('reads the branch name for ticket IDs and maps them to outcomes', async () => {
    await ws.repo.git('checkout', '-q', '-b', 'feature/PAY-12_retry');
    try {
      assert.deepEqual(await branchOutcomes(ws.root, ws.model, nodeGitRunner), { branch: 'feature/PAY-12_retry', tickets: ['PAY-12'], outcomeIds: ['KR-1'] });
    } finally {
      await ws.repo.git('checkout', '-q', 'main');
    }
    assert.deepEqual(await branchOutcomes(ws.root, ws.model, nodeGitRunner), { branch: 'main', tickets: [], outcomeIds: [] });
    assert.deepEqual(ticketsInName('fixPAY-12-and-PAY-3', ws.model.ticketPatterns), ['PAY-3']);
  });
});

describe('WorkspaceIndex outside a git repository', function () {
  this.timeout(30_000);
  isolateGitConfig();
  let ws: IndexWorkspace;
  before(async () => {
    ws = await createIndexWorkspace(false);
  });
  after(async () => ws.repo.dispose());

  it('walks the folder honouring .gitignore', async () => {
    const index = await WorkspaceIndex.build(ws.root, ws.model, nodePorts);
    assert.ok(!index.files().includes('ignored/skip.ts'));
    assert.ok(index.files().includes('src/checkout/cart.ts'));
    assert.equal(index.size, 8);
  });
});
