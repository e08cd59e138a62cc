import assert from 'node:assert/strict';
import type { PathRule } from '../../../src/core/matching/pathRules';
import { PathRuleIndex } from '../../../src/core/matching/pathRules';

function rulesFor(outcomeId: string, patterns: readonly string[], firstLine = 1): PathRule[] {
  return patterns.map((pattern, index) => ({ outcomeId, pattern, index, line: firstLine + index }));
}

/** The outcome IDs `path` serves under the given rules. */
function served(index: PathRuleIndex, path: string): string[] {
  return index.match(path).map((m) => m.outcomeId);
}

function matchesSingle(pattern: string, path: string): boolean {
  return served(new PathRuleIndex(rulesFor('KR-1', [pattern])), path).length === 1;
}

function assertPattern(pattern: string, expected: { match: readonly string[]; noMatch: readonly string[] }): void {
  for (const path of expected.match) assert.ok(matchesSingle(pattern, path), `${JSON.stringify(pattern)} should match ${path}`);
  for (const path of expected.noMatch) assert.ok(!matchesSingle(pattern, path), `${JSON.stringify(pattern)} should not match ${path}`);
}

describe('PathRuleIndex: single patterns', () => {
  it('docs/* matches what is directly in docs/, and so everything below it', () => {
    assertPattern('docs/*', {
      match: ['docs/a.md', 'docs/guide/intro.md'],
      noMatch: ['docs', 'src/docs/a.md', 'docsx/a.md'],
    });
  });

  it('docs/ matches a docs folder at any depth, never a file named docs', () => {
    assertPattern('docs/', {
      match: ['docs/a.md', 'src/docs/a.md', 'docs/', 'src/docs/'],
      noMatch: ['docs', 'src/docs', 'docs.md', 'mydocs/a.md'],
    });
  });

  it('/docs is anchored at the config folder and matches a file or a folder', () => {
    assertPattern('/docs', {
      match: ['docs', 'docs/a.md', 'docs/x/y.md'],
      noMatch: ['src/docs/a.md', 'src/docs'],
    });
  });

  it('a pattern with an inner slash is anchored even without a leading slash', () => {
    assertPattern('src/checkout', {
      match: ['src/checkout', 'src/checkout/cart.ts'],
      noMatch: ['lib/src/checkout/cart.ts', 'src/checkouts/x.ts'],
    });
  });

  it('**/legacy/** matches everything inside any legacy folder', () => {
    assertPattern('**/legacy/**', {
      match: ['legacy/a.ts', 'src/legacy/a.ts', 'src/legacy/deep/b.ts'],
      noMatch: ['legacy', 'src/legacy', 'src/legacyx/a.ts', 'src/a.legacy'],
    });
  });

  it('a/**/b spans zero or more folders', () => {
    assertPattern('src/**/api', {
      match: ['src/api', 'src/api/x.ts', 'src/a/b/api/x.ts'],
      noMatch: ['api/x.ts', 'lib/src/api/x.ts'],
    });
  });

  it('*.md matches at any depth, and a folder named like it too', () => {
    assertPattern('*.md', {
      match: ['README.md', 'docs/guide.md', 'notes.md/today.txt'],
      noMatch: ['README.MD', 'README.mdx', 'md'],
    });
  });

  it('* and ? never cross a slash', () => {
    assertPattern('src/*.ts', { match: ['src/a.ts'], noMatch: ['src/sub/a.ts'] });
    assertPattern('src/?.ts', { match: ['src/a.ts'], noMatch: ['src/ab.ts', 'src//.ts'] });
  });

  it('character classes, ranges, negated classes and POSIX classes', () => {
    assertPattern('file[0-9].txt', { match: ['file3.txt', 'x/file0.txt'], noMatch: ['filea.txt', 'file10.txt'] });
    assertPattern('file[!0-9].txt', { match: ['filea.txt'], noMatch: ['file3.txt'] });
    assertPattern('file[^ab].txt', { match: ['filec.txt'], noMatch: ['filea.txt'] });
    assertPattern('[[:upper:]]*.md', { match: ['README.md', 'docs/Guide.md'], noMatch: ['readme.md'] });
  });

  it('is case-sensitive, like git on Linux', () => {
    assertPattern('Docs/', { match: ['Docs/a.md'], noMatch: ['docs/a.md'] });
  });

  it('\\# and \\! make a leading # or ! literal; a bare # line is a comment', () => {
    assertPattern('\\#notes.md', { match: ['#notes.md', 'a/#notes.md'], noMatch: ['notes.md'] });
    assertPattern('\\!important.md', { match: ['!important.md'], noMatch: ['important.md'] });
    assertPattern('#notes.md', { match: [], noMatch: ['#notes.md', 'notes.md'] });
  });

  it('drops unescaped trailing spaces and keeps an escaped one', () => {
    assertPattern('docs/   ', { match: ['docs/a.md'], noMatch: ['docs'] });
    assertPattern('name\\ ', { match: ['name '], noMatch: ['name'] });
  });

  it('an empty or blank pattern matches nothing', () => {
    assertPattern('', { match: [], noMatch: ['a', 'a/b'] });
    assertPattern('   ', { match: [], noMatch: ['a', 'a/b'] });
  });

  it('normalises the path it is given and rejects paths outside the folder', () => {
    assertPattern('src/', { match: ['./src/a.ts', 'src//a.ts', 'src/./a.ts'], noMatch: ['../src/a.ts', '/src/a.ts', ''] });
  });
});

describe('PathRuleIndex: order and outcomes', () => {
  it('a later !pattern carves a folder out of an outcome', () => {
    const index = new PathRuleIndex(rulesFor('KR-1', ['src/checkout/', '!src/checkout/legacy/']));
    assert.deepEqual(served(index, 'src/checkout/cart.ts'), ['KR-1']);
    assert.deepEqual(served(index, 'src/checkout/legacy/old.ts'), []);
    assert.deepEqual(served(index, 'src/other.ts'), []);
  });

  it('the last matching pattern decides, so a later pattern can bring a file back', () => {
    const index = new PathRuleIndex(rulesFor('KR-1', ['src/', '!src/legacy/', 'src/legacy/keep.ts']));
    assert.deepEqual(served(index, 'src/legacy/keep.ts'), ['KR-1']);
    assert.deepEqual(served(index, 'src/legacy/drop.ts'), []);
  });

  it('an exclusion written before the inclusion is overridden by it', () => {
    const index = new PathRuleIndex(rulesFor('KR-1', ['!src/legacy/', 'src/']));
    assert.deepEqual(served(index, 'src/legacy/old.ts'), ['KR-1']);
  });

  it('a !pattern alone matches nothing', () => {
    const index = new PathRuleIndex(rulesFor('KR-1', ['!src/']));
    assert.deepEqual(served(index, 'src/a.ts'), []);
  });

  it('!#x and !!x negate a literal #x and !x, as git reads them', () => {
    const index = new PathRuleIndex(rulesFor('KR-1', ['*', '!#x', '!!y']));
    assert.deepEqual(served(index, '#x'), []);
    assert.deepEqual(served(index, '!y'), []);
    assert.deepEqual(served(index, 'z'), ['KR-1']);
  });

  it('decides by rule index, not by the order rules arrive in', () => {
    const rules = rulesFor('KR-1', ['src/', '!src/legacy/']).reverse();
    assert.deepEqual(served(new PathRuleIndex(rules), 'src/legacy/a.ts'), []);
  });

  it('outcomes are independent, and a file can serve several', () => {
    const index = new PathRuleIndex([
      ...rulesFor('KR-1', ['src/checkout/', '!src/checkout/legacy/']),
      ...rulesFor('KR-2', ['**/legacy/**'], 10),
      ...rulesFor('KR-3', ['*.ts', '!*.test.ts'], 20),
    ]);
    assert.deepEqual(served(index, 'src/checkout/cart.ts'), ['KR-1', 'KR-3']);
    assert.deepEqual(served(index, 'src/checkout/legacy/old.ts'), ['KR-2', 'KR-3']);
    assert.deepEqual(served(index, 'src/checkout/cart.test.ts'), ['KR-1']);
    assert.deepEqual(served(index, 'README.md'), []);
  });

  it('names the rule that decided, with its line', () => {
    const index = new PathRuleIndex([...rulesFor('KR-1', ['src/', 'src/checkout/'], 7)]);
    assert.deepEqual(index.match('src/checkout/a.ts'), [
      { outcomeId: 'KR-1', rule: { outcomeId: 'KR-1', pattern: 'src/checkout/', index: 1, line: 8 } },
    ]);
  });

  it('answers directory questions when the path ends in a slash', () => {
    const index = new PathRuleIndex(rulesFor('KR-1', ['legacy/']));
    assert.deepEqual(served(index, 'src/legacy/'), ['KR-1']);
    assert.deepEqual(served(index, 'src/legacy'), []);
  });

  it('stays exact across many outcomes and many files (index vs brute force)', () => {
    const patterns = ['src/', '!src/legacy/', '*.md', 'docs/*', '/lib', '**/test/**', 'a?c', '[ab]*/x', '**/*.json', 'src/**/api/', '!*.test.ts', 'Makefile'];
    const rules: PathRule[] = [];
    for (let o = 0; o < 40; o++) {
      const picked = patterns.filter((_, i) => (o * 7 + i * 3) % 5 < 3);
      rules.push(...rulesFor(`KR-${o}`, o % 2 ? picked : [...picked].reverse(), o * 100));
    }
    const index = new PathRuleIndex(rules);
    const perOutcome = new Map<string, PathRule[]>();
    for (const rule of rules) perOutcome.set(rule.outcomeId, [...(perOutcome.get(rule.outcomeId) ?? []), rule]);
    const paths = ['src/a.ts', 'src/legacy/b.ts', 'docs/x.md', 'lib/y.js', 'x/lib/y.js', 'pkg/test/t.ts', 'abc', 'b/x', 'c/x', 'src/v/api/h.ts', 'a.test.ts', 'Makefile', 'conf/p.json'];
    for (const path of paths) {
      const expected: string[] = [];
      for (const [outcomeId, own] of perOutcome) {
        // Brute force: test each rule on its own, the last index that matches decides.
        const last = own
          .filter((r) => new PathRuleIndex([r]).match(path).length > 0 || (r.pattern.startsWith('!') && new PathRuleIndex([{ ...r, pattern: r.pattern.slice(1) }]).match(path).length > 0))
          .sort((a, b) => b.index - a.index)[0];
        if (last && !last.pattern.startsWith('!')) expected.push(outcomeId);
      }
      assert.deepEqual(served(index, path), expected, path);
    }
  });

  it('tests only candidate rules: 2,000 outcomes, 20,000 lookups in well under a second', () => {
    const rules: PathRule[] = [];
    for (let o = 0; o < 2000; o++) {
      rules.push(...rulesFor(`KR-${o}`, [`services/svc-${o}/`, `!services/svc-${o}/legacy/`, `docs/svc-${o}.md`], o * 10));
    }
    rules.push(...rulesFor('QUALITY', ['*.test.ts', '**/fixtures/**'], 50_000));
    const index = new PathRuleIndex(rules);
    const start = process.hrtime.bigint();
    let served = 0;
    for (let i = 0; i < 20_000; i++) {
      const o = i % 2000;
      const path = i % 3 === 0 ? `services/svc-${o}/legacy/old.ts` : i % 3 === 1 ? `services/svc-${o}/api/handler.test.ts` : `docs/svc-${o}.md`;
      served += index.match(path).length;
    }
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    // legacy: nothing; handler.test.ts: KR-o and QUALITY; docs: KR-o.
    assert.equal(served, 6667 * 2 + 6666);
    assert.ok(ms < 1500, `took ${ms.toFixed(0)} ms`);
  });
});
