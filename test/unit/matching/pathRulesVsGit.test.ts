// Generated cross-check: for many single patterns, the files PathRuleIndex says a pattern
// matches must be exactly the tracked files real git reports for it. git reads the pattern
// from a file (`-X`), not from `-x`, because only the file form gets .gitignore line
// handling (comments, trimmed trailing spaces), which is what a config line promises.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PathRuleIndex, indexedLiteral } from '../../../src/core/matching/pathRules';
import type { PathRule } from '../../../src/core/matching/pathRules';
import { SinglePatternMatcher } from '../../../src/core/matching/singlePattern';
import { nodeGitRunner } from '../../../src/core/node/nodeHost';
import { TempRepo, isolateGitConfig } from '../git/tempRepo';
import { seededRandom } from '../helpers/seededRandom';

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

/**
 * Patterns without wildcards, which PathRuleIndex matches without `ignore` (see
 * `indexedLiteral`): whole paths of files and folders, anchored or not, with and without a
 * trailing slash, single names, and near misses (a prefix of a name, a name one level off).
 */
function generateLiteralPatterns(random: () => number, files: readonly string[], count: number): string[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const dirs = [...new Set(files.flatMap((f) => f.split('/').slice(0, -1).map((_, i, all) => all.slice(0, i + 1).join('/'))))];
  const patterns = new Set<string>();
  while (patterns.size < count) {
    const path = random() < 0.5 ? pick(files) : pick(dirs);
    const segments = path.split('/');
    let pattern: string;
    switch (Math.floor(random() * 8)) {
      case 0:
        pattern = path;
        break;
      case 1:
        pattern = `/${path}`;
        break;
      case 2:
        pattern = `${path}/`;
        break;
      case 3:
        pattern = `/${path}/`;
        break;
      case 4:
        pattern = pick(segments);
        break;
      case 5:
        pattern = `${pick(segments)}/`;
        break;
      case 6:
        pattern = segments.slice(1).join('/') || path.slice(0, -1) || path;
        break;
      default:
        pattern = path.slice(0, Math.max(1, path.length - 1));
    }
    // Names that mean something in gitignore syntax are covered by the generated patterns above.
    if (/^[#!]|\s$|\[/.test(pattern) || pattern.includes(' /')) continue;
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

  async function disagreementsWithGit(patterns: readonly string[]): Promise<{ disagreements: string[]; matchedSomething: number }> {
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
    return { disagreements, matchedSomething };
  }

  it('on hand-picked edge patterns and 600 generated ones', async () => {
    const patterns = [...edgePatterns, ...generatePatterns(seededRandom(7), 600)];
    const { disagreements, matchedSomething } = await disagreementsWithGit(patterns);
    assert.deepEqual(disagreements, []);
    // Guards against a generator that only produces patterns matching nothing.
    assert.ok(matchedSomething > patterns.length / 3, `only ${matchedSomething} patterns matched anything`);
  });

  it('on 400 generated patterns without wildcards (matched without `ignore`)', async () => {
    const patterns = generateLiteralPatterns(seededRandom(11), files, 400);
    // Most must take the literal path, or this test would not be testing it.
    const literal = patterns.filter((p) => indexedLiteral(p) !== undefined);
    assert.ok(literal.length > patterns.length * 0.9, `only ${literal.length} of ${patterns.length} are literal`);
    const { disagreements, matchedSomething } = await disagreementsWithGit(patterns);
    assert.deepEqual(disagreements, []);
    assert.ok(matchedSomething > patterns.length / 2, `only ${matchedSomething} patterns matched anything`);
  });

  it('many outcomes over one tree: the index (per-folder memo, literal rules) agrees with testing every rule', () => {
    // The reference tests each rule on its own with the single-pattern matcher (which the
    // tests above hold to git), and lets the last matching rule of each outcome decide.
    const random = seededRandom(21);
    const pool = [...generatePatterns(seededRandom(5), 150), ...generateLiteralPatterns(seededRandom(6), files, 150)].filter((p) => !/^[#!]/.test(p));
    const rules: PathRule[] = [];
    for (let o = 0; o < 60; o++) {
      const count = 1 + Math.floor(random() * 5);
      for (let i = 0; i < count; i++) {
        const body = pool[Math.floor(random() * pool.length)] ?? '*';
        rules.push({ outcomeId: `KR-${o}`, pattern: random() < 0.3 ? `!${body}` : body, index: i, line: o * 10 + i });
      }
    }
    const index = new PathRuleIndex(rules);
    const single = new Map(rules.map((r) => [r, new SinglePatternMatcher(r.pattern.replace(/^!/, ''))]));
    const dirs = [...new Set(files.flatMap((f) => f.split('/').slice(0, -1).map((_, i, all) => `${all.slice(0, i + 1).join('/')}/`)))];
    const disagreements: string[] = [];
    let served = 0;
    // Twice over, so the second pass answers from the remembered folders.
    for (const path of [...files, ...dirs, ...files]) {
      const expected: string[] = [];
      for (let o = 0; o < 60; o++) {
        const decider = rules.filter((r) => r.outcomeId === `KR-${o}` && single.get(r)?.matches(path)).sort((a, b) => b.index - a.index)[0];
        if (decider && !decider.pattern.startsWith('!')) expected.push(decider.outcomeId);
      }
      const got = index.match(path).map((m) => m.outcomeId);
      served += got.length;
      if (JSON.stringify(got) !== JSON.stringify(expected)) disagreements.push(`${path}: got ${got.join(',')} expected ${expected.join(',')}`);
    }
    assert.deepEqual(disagreements.slice(0, 10), []);
    assert.ok(served > files.length, `only ${served} matches`);
  });

  it('literal patterns answer folder questions (a trailing /) as the `ignore` matcher does', () => {
    // git lists files only; for folders the reference is the matcher the other patterns use.
    const dirs = [...new Set(files.flatMap((f) => f.split('/').slice(0, -1).map((_, i, all) => `${all.slice(0, i + 1).join('/')}/`)))];
    const patterns = generateLiteralPatterns(seededRandom(13), files, 300).filter((p) => indexedLiteral(p) !== undefined);
    const disagreements: string[] = [];
    for (const pattern of patterns) {
      const index = new PathRuleIndex([{ outcomeId: 'KR-1', pattern, index: 0, line: 1 }]);
      const reference = new SinglePatternMatcher(pattern);
      for (const dir of dirs) {
        if ((index.match(dir).length > 0) !== reference.matches(dir)) disagreements.push(`${JSON.stringify(pattern)} on ${dir}`);
      }
    }
    assert.ok(patterns.length > 250 && dirs.length > 20);
    assert.deepEqual(disagreements, []);
  });
});
