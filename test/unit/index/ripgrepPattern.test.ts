import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ripgrepLiteral, ripgrepPattern } from '../../../src/core/index/ripgrepPattern';
import { requireRipgrep } from './indexFixture';


describe('ripgrepPattern: ticket patterns for the pre-filter', () => {
  it('translates the usual ticket patterns, dropping anchors and word boundaries', () => {
    assert.equal(ripgrepPattern('PAY-\\d+'), 'PAY\\x{2d}\\d+');
    assert.equal(ripgrepPattern('[A-Z][A-Z0-9]+-\\d+'), '[A-Z][A-Z0-9]+\\x{2d}\\d+');
    assert.equal(ripgrepPattern('^#\\d+\\b$'), '\\x{23}\\d+');
    assert.equal(ripgrepPattern('(?<key>OPS|SRE)-\\d{2,4}'), '(?:OPS|SRE)\\x{2d}\\d{2,4}');
    assert.equal(ripgrepPattern('(?:GH|gh)-\\w+?'), '(?:GH|gh)\\x{2d}\\w+?');
    // A brace that starts no quantifier is a literal brace.
    assert.equal(ripgrepPattern('X{a}'), 'X\\x{7b}a\\x{7d}');
    // Classes: escaped dashes, a range from an escaped character, a dash next to \d.
    assert.equal(ripgrepPattern('[a\\-z]'), '[a\\x{2d}z]');
    assert.equal(ripgrepPattern('[\\\\-a]'), '[\\x{5c}-a]');
    assert.equal(ripgrepPattern('[\\d-z]'), '[\\d\\x{2d}z]');
    assert.equal(ripgrepPattern('[a-z-0]'), '[a-z\\x{2d}0]');
    assert.equal(ripgrepPattern('Ä-\\d+'), 'Ä\\x{2d}\\d+');
    assert.equal(ripgrepLiteral('@outcome'), '\\x{40}outcome');
  });

  it('declines what could match a line break or means something else in ripgrep', () => {
    for (const source of ['PAY.\\d+', '[^ ]+-\\d+', 'PAY\\s\\d+', 'PAY-(?=\\d)', '(?<=\\()PAY', '(\\w)\\1', '[--0]', 'A\\nB', '[]', 'PAY-\\x41', '\\p{L}']) {
      assert.equal(ripgrepPattern(source), undefined, source);
    }
  });

  it('never names fewer files than the scanner finds tickets in (real rg)', async () => {
    requireRipgrep();
    const patterns = ['PAY-\\d+', '[A-Z][A-Z0-9]+-\\d+', '^#\\d+', '\\bOPS-\\d{2,3}\\b', '(?<key>A|B)[\\-_]\\d', '[\\\\-a]x', 'X{a}', 'Ä-\\d', '[\\d-z]!', 'q[a-c-e]'];
    const texts = [
      'TODO(PAY-12)', 'xPAY-12', 'PAY-12x', 'é PAY-12', 'line\r\nPAY-7\r\n', '#12 at the start', 'text\n#12 later', 'OPS-123', 'xOPS-12', 'OPS-1234',
      'A-1', 'B_2', 'A\\1', '\\x', ']x', 'ax', 'X{a}', 'Ä-1', 'ä-1', '5!', '-!', 'z!', 'qb', 'q-', 'qe', 'qd', '', 'nothing here',
    ];
    const dir = await mkdtemp(path.join(tmpdir(), 'outcome-lens-rgpattern-'));
    try {
      await Promise.all(texts.map((text, i) => writeFile(path.join(dir, `f${i}.txt`), text)));
      for (const source of patterns) {
        const translated = ripgrepPattern(source);
        assert.ok(translated !== undefined, source);
        const js = new RegExp(source);
        let named: string[];
        try {
          named = execFileSync('rg', ['--no-config', '--files-with-matches', '--text', '--encoding', 'none', '--case-sensitive', '--no-ignore', '--hidden', '-e', translated, '.'], { cwd: dir, encoding: 'utf8' })
            .split('\n')
            .filter(Boolean)
            .map((f) => f.replace(/^\.\//, ''));
        } catch (error) {
          // rg exits 1 when nothing matches; anything else (2: the pattern) is a failure here.
          if ((error as { status?: number }).status !== 1) throw error;
          named = [];
        }
        texts.forEach((text, i) => {
          if (js.test(text)) assert.ok(named.includes(`f${i}.txt`), `${source} matches ${JSON.stringify(text)}, rg (${translated}) missed it`);
        });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
