// Generated cross-check: for many single patterns, the files PathRuleIndex says a pattern
// matches must be exactly the tracked files real git reports for it. git reads the pattern
// from a file (`-X`), not from `-x`, because only the file form gets .gitignore line
// handling (comments, trimmed trailing spaces), which is what a config line promises.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PathRuleIndex } from '../../../src/core/matching/pathRules';
import { nodeGitRunner } from '../../../src/core/node/nodeHost';
import { TempRepo, isolateGitConfig } from '../git/tempRepo';

/** Small deterministic PRNG (mulberry32), so a failure reproduces. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dirNames = ['src', 'docs', 'Docs', 'lib', 'legacy', 'test', 'a', 'b', 'ab', 'abc', 'api', 'x.y', 'node_modules', '#hash', '!bang', 'sp ace', 'v1', 'checkout'];
const fileNames = ['a.ts', 'b.md', 'README.md', 'readme.MD', 'index.js', 'c.test.ts', '.hidden', 'Makefile', 'file1.txt', 'fileA.txt', 'file10.txt', '#n.md', '!x.md', 'a b.txt', 'x[1].txt', 'data.json', 'abc', 'docs', 'legacy', 'a.b.c', 'name ', 'tab\there'];

function generateFiles(random: () => number, count: number): string[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const files = new Set<string>();
  const dirs = new Set<string>();
  for (let attempts = 0; files.size < count && attempts < count * 20; attempts++) {
    const depth = Math.floor(random() * 4);
    const segments = Array.from({ length: depth }, () => pick(dirNames));
    const file = [...segments, pick(fileNames)].join('/');
    const parents = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
    // A path cannot be a file in one place and a folder in another.
    if (dirs.has(file) || parents.some((p) => files.has(p)) || files.has(file)) continue;
    files.add(file);
    for (const p of parents) dirs.add(p);
  }
  return [...files].sort();
}

function generatePatterns(random: () => number, count: number): string[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const segmentPattern = (): string => {
    const name = pick([...dirNames, ...fileNames].filter((n) => !n.includes('\t')));
    switch (Math.floor(random() * 12)) {
      case 0:
        return '*';
      case 1:
        return '**';
      case 2:
        return `*${name.slice(name.lastIndexOf('.') >= 0 ? name.lastIndexOf('.') : Math.max(0, name.length - 2))}`;
      case 3:
        return name.length > 1 ? `${name.slice(0, 1)}?${name.slice(2)}` : '?';
      case 4:
        return `[${name.slice(0, 1)}b]${name.slice(1)}`;
      case 5:
        return `[!a-c]*`;
      case 6:
        return `${name.slice(0, 2)}*`;
      case 7:
        return '[[:upper:]]*';
      default:
        return name.replace(/^([#!])/, '\\$1').replace(/ $/, '\\ ').replace(/\[/g, '\\[');
    }
  };
  const patterns = new Set<string>();
  while (patterns.size < count) {
    const segments = Array.from({ length: 1 + Math.floor(random() * 3) }, segmentPattern);
    let pattern = segments.join('/');
    const roll = random();
    if (roll < 0.2) pattern = `/${pattern}`;
    else if (roll < 0.3) pattern = `**/${pattern}`;
    const tail = random();
    if (tail < 0.2) pattern = `${pattern}/`;
    else if (tail < 0.3) pattern = `${pattern}/**`;
    else if (tail < 0.35) pattern = `${pattern}   `;
    patterns.add(pattern);
  }
  return [...patterns];
}

const edgePatterns = [
  'docs/*', 'docs/', '/docs', 'docs', '**/legacy/**', '**/legacy', 'legacy/**', '*.md', '*.MD', '**/*.md', '*',
  '**', '/', '/*', '*/', '**/', 'a/**/b.md', 'src/**/a.ts', '**/a.ts', 'a/**', '#n.md', '\\#n.md', '\\#hash/',
  '\\!x.md', '\\!bang/**', 'sp ace/', 'a\\ b.txt', 'name\\ ', 'name ', 'x\\[1\\].txt', 'x[1].txt', 'file[0-9].txt',
  'file[!0-9].txt', 'file[^0-9]*', '[[:digit:]]*', '[[:lower:]]*.md', 'file?.txt', 'file??.txt', '*.test.ts',
  '.hidden', '.*', 'x.y/', '*.y/', 'a.b.*', '*.c', 'abc', 'abc/', '/abc', 'ab*', '*b', 'a*c', '**/ab/**/a.ts',
  'src//a.ts', './src', 'src/./a.ts', 'tab\there', '[a-', '[]a]*', 'a/b/', '!docs/',
];

describe('PathRuleIndex agrees with git on single patterns', function () {
  this.timeout(120_000);
  isolateGitConfig();
  let repo: TempRepo;
  let patternDir: string;
  let files: string[];

  before(async () => {
    repo = await TempRepo.create('outcome-lens-paths-');
    patternDir = await mkdtemp(path.join(tmpdir(), 'outcome-lens-patterns-'));
    files = generateFiles(seededRandom(42), 400);
    for (const file of files) await repo.write(file, file);
    await repo.commitAll('fixture');
    const tracked = (await repo.git('-c', 'core.quotepath=off', 'ls-files', '-z')).split('\0').filter(Boolean).sort();
    assert.deepEqual(tracked, files);
  });

  after(async () => {
    await repo.dispose();
    await rm(patternDir, { recursive: true, force: true });
  });

  async function gitMatches(pattern: string, slot: number): Promise<string[]> {
    const patternFile = path.join(patternDir, `pattern-${slot}`);
    await writeFile(patternFile, `${pattern}\n`);
    const result = await nodeGitRunner(['ls-files', '-z', '-i', '-c', '-X', patternFile], { cwd: repo.root });
    assert.equal(result.exitCode, 0, result.stderr);
    return result.stdout.split('\0').filter(Boolean).sort();
  }

  it('on hand-picked edge patterns and 600 generated ones', async () => {
    const patterns = [...edgePatterns, ...generatePatterns(seededRandom(7), 600)];
    const disagreements: string[] = [];
    let matchedSomething = 0;
    const batch = 8;
    for (let start = 0; start < patterns.length; start += batch) {
      const slice = patterns.slice(start, start + batch);
      const expected = await Promise.all(slice.map((pattern, slot) => gitMatches(pattern, slot)));
      slice.forEach((pattern, i) => {
        const want = expected[i] ?? [];
        const index = new PathRuleIndex([{ outcomeId: 'KR-1', pattern, index: 0, line: 1 }]);
        const got = files.filter((file) => index.match(file).length > 0);
        if (want.length > 0) matchedSomething++;
        const extra = got.filter((f) => !want.includes(f));
        const missing = want.filter((f) => !got.includes(f));
        if (extra.length || missing.length) {
          disagreements.push(`${JSON.stringify(pattern)}: extra ${JSON.stringify(extra.slice(0, 5))}, missing ${JSON.stringify(missing.slice(0, 5))}`);
        }
      });
    }
    assert.deepEqual(disagreements, []);
    // Guards against a generator that only produces patterns matching nothing.
    assert.ok(matchedSomething > patterns.length / 3, `only ${matchedSomething} patterns matched anything`);
  });
});
