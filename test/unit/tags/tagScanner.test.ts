import assert from 'node:assert/strict';
import { scanText } from '../../../src/core/tags/tagScanner';

const ticketPatterns = [/[A-Z][A-Z0-9]+-\d+/, /#\d+/];

function tagIds(text: string, fileName: string, languageId?: string): string[] {
  return scanText(text, { fileName, languageId, ticketPatterns: [] }).tags.map((t) => t.id);
}

function ticketIds(text: string, fileName: string): string[] {
  return scanText(text, { fileName, ticketPatterns }).tickets.map((t) => t.id);
}

describe('scanText: tags across languages', () => {
  const cases: { language: string; fileName: string; text: string; expected: string[] }[] = [
    {
      language: 'TypeScript',
      fileName: 'cart.ts',
      text: [
        '// @outcome KR-1',
        'const s = "@outcome KR-9 // @outcome KR-8";',
        "const t = '@outcome KR-7';",
        'const u = `multi',
        '@outcome KR-6`;',
        '/** Pays.',
        ' * @outcome KR-2, KR-3',
        ' */',
        'f(); /* @outcome KR-4 */ g();',
      ].join('\n'),
      expected: ['KR-1', 'KR-2', 'KR-3', 'KR-4'],
    },
    {
      language: 'Python',
      fileName: 'billing.py',
      text: [
        'def pay():',
        '    """Charge the card.',
        '',
        '    @outcome KR-1',
        '    """',
        '    x = """@outcome KR-9"""',
        "    y = '# @outcome KR-8'",
        '    return 1  # @outcome KR-2',
        "'''",
        '@outcome KR-3',
        "'''",
      ].join('\n'),
      expected: ['KR-1', 'KR-2', 'KR-3'],
    },
    {
      language: 'Ruby',
      fileName: 'order.rb',
      text: ['# @outcome KR-1', 'puts "# @outcome KR-9"', '=begin', '@outcome KR-2', '=end', 'x = 1 # @outcome KR-3'].join('\n'),
      expected: ['KR-1', 'KR-2', 'KR-3'],
    },
    {
      language: 'shell',
      fileName: 'deploy.sh',
      text: ['#!/bin/sh', '# @outcome KR-1', 'echo "# @outcome KR-9"', "echo '# @outcome KR-8'", 'echo ${#x} @outcome KR-7', 'ls # @outcome KR-2'].join('\n'),
      expected: ['KR-1', 'KR-2'],
    },
    {
      language: 'Go',
      fileName: 'main.go',
      text: ['package main', '// @outcome KR-1', 'var s = `', '// @outcome KR-9', '`', '/* @outcome KR-2 */'].join('\n'),
      expected: ['KR-1', 'KR-2'],
    },
    {
      language: 'Rust',
      fileName: 'lib.rs',
      text: [
        "fn f<'a>(x: &'a str) -> char { '\"' } // @outcome KR-1",
        '/* outer /* inner */ still comment @outcome KR-2 */',
        'let s = "// @outcome KR-9";',
      ].join('\n'),
      expected: ['KR-1', 'KR-2'],
    },
    {
      language: 'SQL',
      fileName: 'report.sql',
      text: ["SELECT '-- @outcome KR-9' FROM t; -- @outcome KR-1", '/* @outcome KR-2 */', "SELECT 'it''s -- @outcome KR-8';"].join('\n'),
      expected: ['KR-1', 'KR-2'],
    },
    {
      language: 'Lua',
      fileName: 'game.lua',
      text: ['-- @outcome KR-1', '--[[ long', '@outcome KR-2 ]]', 'local s = "-- @outcome KR-9"', '--[==[ @outcome KR-3 ]==]'].join('\n'),
      expected: ['KR-1', 'KR-2', 'KR-3'],
    },
    {
      language: 'Haskell',
      fileName: 'Pay.hs',
      text: ["foldl' f x -- @outcome KR-1", '{- outer {- inner -} @outcome KR-2 -}', 's = "-- @outcome KR-9"', "c = '\"' -- @outcome KR-3"].join('\n'),
      expected: ['KR-1', 'KR-2', 'KR-3'],
    },
    {
      language: 'HTML',
      fileName: 'index.html',
      text: ['<p>@outcome KR-9</p>', '<!-- @outcome KR-1-->', '<!--', '  @outcome KR-2', '-->'].join('\n'),
      expected: ['KR-1', 'KR-2'],
    },
    {
      language: 'Markdown',
      fileName: 'README.md',
      text: ['Tag files with `@outcome KR-9`.', '<!-- @outcome KR-1 -->'].join('\n'),
      expected: ['KR-1'],
    },
    {
      language: 'CSS',
      fileName: 'site.css',
      text: ['a::after { content: "/* @outcome KR-9 */"; }', '/* @outcome KR-1 */'].join('\n'),
      expected: ['KR-1'],
    },
    {
      language: 'YAML',
      fileName: 'ci.yml',
      text: ["title: Don't # @outcome KR-1", "quoted: '# @outcome KR-9'", 'url: http://x#@outcome KR-8', '# @outcome KR-2'].join('\n'),
      expected: ['KR-1', 'KR-2'],
    },
    {
      language: 'LaTeX',
      fileName: 'paper.tex',
      text: ['50\\% @outcome KR-9', '% @outcome KR-1'].join('\n'),
      expected: ['KR-1'],
    },
    {
      language: 'Erlang',
      fileName: 'pay.erl',
      text: ['%% @outcome KR-1', 'X = "% @outcome KR-9".'].join('\n'),
      expected: ['KR-1'],
    },
    {
      language: 'Clojure',
      fileName: 'core.clj',
      text: ['; @outcome KR-1', '(def s "; @outcome KR-9")', ';; @outcome KR-2'].join('\n'),
      expected: ['KR-1', 'KR-2'],
    },
    {
      language: 'OCaml',
      fileName: 'pay.ml',
      text: ['(* outer (* inner *) @outcome KR-1 *)', 'let s = "(* @outcome KR-9 *)"'].join('\n'),
      expected: ['KR-1'],
    },
    {
      language: 'Batch',
      fileName: 'build.cmd',
      text: ['REM @outcome KR-1', '@rem @outcome KR-2', ':: @outcome KR-3', 'echo REMARK @outcome KR-9', 'echo x REM @outcome KR-8'].join('\r\n'),
      expected: ['KR-1', 'KR-2', 'KR-3'],
    },
    {
      language: 'Visual Basic',
      fileName: 'Module.vb',
      text: ["' @outcome KR-1", 'Dim s = "\' @outcome KR-9"', 'Rem @outcome KR-2'].join('\n'),
      expected: ['KR-1', 'KR-2'],
    },
    {
      language: 'PowerShell',
      fileName: 'deploy.ps1',
      text: ['<# @outcome KR-1 #>', '# @outcome KR-2', 'Write-Host "# @outcome KR-9"'].join('\n'),
      expected: ['KR-1', 'KR-2'],
    },
    {
      language: 'MATLAB (by language ID)',
      fileName: 'model',
      text: ["y = x'; % @outcome KR-1", "s = '% @outcome KR-9';"].join('\n'),
      expected: ['KR-1'],
    },
    {
      language: 'PHP',
      fileName: 'pay.php',
      text: ['<?php', '# @outcome KR-1', '$s = "// @outcome KR-9";', '// @outcome KR-2'].join('\n'),
      expected: ['KR-1', 'KR-2'],
    },
    {
      language: 'Dockerfile',
      fileName: 'Dockerfile',
      text: ['# @outcome KR-1', 'RUN echo "# @outcome KR-9"'].join('\n'),
      expected: ['KR-1'],
    },
  ];

  for (const { language, fileName, text, expected } of cases) {
    it(`reads tags in ${language} comments only`, () => {
      const languageId = language.startsWith('MATLAB') ? 'matlab' : undefined;
      assert.deepEqual(tagIds(text, fileName, languageId), expected);
    });
  }

  it('falls back to common comment forms for unknown files, leaving URLs alone', () => {
    const text = ['see https://x.test/@outcome KR-9', '// @outcome KR-1', '# @outcome KR-2', '/* @outcome KR-3 */', 'say "# @outcome KR-8"'].join('\n');
    assert.deepEqual(tagIds(text, 'notes.unknownext'), ['KR-1', 'KR-2', 'KR-3']);
  });

  it('prefers the language ID over the file name', () => {
    assert.deepEqual(tagIds('# @outcome KR-1\n// @outcome KR-2', 'script.txt', 'python'), ['KR-1']);
  });
});

describe('scanText: tag syntax', () => {
  it('reads comma- and space-separated IDs, and stops at prose', () => {
    assert.deepEqual(tagIds('// @outcome KR-1, KR-2,KR-3 KR-4', 'a.ts'), ['KR-1', 'KR-2', 'KR-3', 'KR-4']);
    assert.deepEqual(tagIds('// @outcome KR-1 because checkout KR-2', 'a.ts'), ['KR-1']);
    assert.deepEqual(tagIds('// @outcome checkout-conversion, retention', 'a.ts'), ['checkout-conversion', 'retention']);
    assert.deepEqual(tagIds('// @outcome: KR-1', 'a.ts'), ['KR-1']);
  });

  it('strips trailing punctuation and keeps inner dots and dashes', () => {
    assert.deepEqual(tagIds('// Serves (@outcome KR-1.2).', 'a.ts'), ['KR-1.2']);
    assert.deepEqual(tagIds('// @outcome KR-1.', 'a.ts'), ['KR-1']);
    assert.deepEqual(tagIds('// @outcome obj_1-a, KR-2)', 'a.ts'), ['obj_1-a', 'KR-2']);
  });

  it('ignores look-alikes: other words, addresses, IDs starting with a digit, a tag without ID', () => {
    assert.deepEqual(tagIds('// @outcomes KR-1', 'a.ts'), []);
    assert.deepEqual(tagIds('// mail me@outcome KR-1', 'a.ts'), []);
    assert.deepEqual(tagIds('// @outcome 12', 'a.ts'), []);
    assert.deepEqual(tagIds('// @outcome\nKR-1', 'a.ts'), []);
  });

  it('does not run an ID list onto the next line of a block comment', () => {
    assert.deepEqual(tagIds('/* @outcome KR-1\n   KR-2 */', 'a.ts'), ['KR-1']);
  });

  it('reads a tag in an unterminated block comment at the end of a file', () => {
    assert.deepEqual(tagIds('x();\n/* @outcome KR-1', 'a.ts'), ['KR-1']);
  });
});

describe('scanText: positions', () => {
  it('reports 1-based lines and UTF-16 columns for each ID', () => {
    const text = 'const a = 1;\n  // 🎯 @outcome KR-1, KR-22\n';
    const { tags } = scanText(text, { fileName: 'a.ts', ticketPatterns: [] });
    // The emoji is two UTF-16 units: "  // 🎯 @outcome " is 17 units long.
    assert.deepEqual(tags, [
      { id: 'KR-1', line: 2, column: 18, endColumn: 22 },
      { id: 'KR-22', line: 2, column: 24, endColumn: 29 },
    ]);
  });

  it('counts CRLF and lone CR line breaks once each', () => {
    const crlf = scanText('a\r\nb\r\n# @outcome KR-1\r\n', { fileName: 'x.py', ticketPatterns: [] }).tags;
    assert.deepEqual(crlf, [{ id: 'KR-1', line: 3, column: 12, endColumn: 16 }]);
    const cr = scanText('a\rb\r# @outcome KR-1 # @outcome KR-2\rc', { fileName: 'x.py', ticketPatterns: [] }).tags;
    assert.deepEqual(cr, [
      { id: 'KR-1', line: 3, column: 12, endColumn: 16 },
      { id: 'KR-2', line: 3, column: 28, endColumn: 32 },
    ]);
  });

  it('ends a line comment at a CR, so the next line is code again', () => {
    assert.deepEqual(tagIds('// a\r\nconst s = "@outcome KR-9";\r\n', 'a.ts'), []);
  });
});

describe('scanText: tickets', () => {
  it('finds ticket IDs in comments, with their positions', () => {
    const text = 'run();\n// TODO(PAY-12): retry, see #431\nconst s = "PAY-99";\n';
    const { tickets } = scanText(text, { fileName: 'a.ts', ticketPatterns });
    assert.deepEqual(tickets, [
      { id: 'PAY-12', line: 2, column: 9, endColumn: 15 },
      { id: '#431', line: 2, column: 29, endColumn: 33 },
    ]);
  });

  it('skips matches inside longer words and the tag IDs themselves', () => {
    assert.deepEqual(ticketIds('// xPAY-12 PAY-12x PAY-13 XPAY-14', 'a.ts'), ['PAY-13', 'XPAY-14']);
    assert.deepEqual(ticketIds('// @outcome KR-1 for PAY-12', 'a.ts'), ['PAY-12']);
  });

  it('reports an ID found by two patterns once', () => {
    const { tickets } = scanText('# PAY-12', { fileName: 'a.py', ticketPatterns: [/PAY-\d+/, /[A-Z]+-\d+/] });
    assert.deepEqual(tickets.map((t) => t.id), ['PAY-12']);
  });

  it("leaves the caller's regular expressions untouched", () => {
    const sticky = /PAY-\d+/y;
    sticky.lastIndex = 3;
    const { tickets } = scanText('# PAY-1 PAY-2', { fileName: 'a.py', ticketPatterns: [sticky] });
    assert.deepEqual(tickets.map((t) => t.id), ['PAY-1', 'PAY-2']);
    assert.equal(sticky.lastIndex, 3);
  });

  it('survives a pattern that can match the empty string', () => {
    assert.deepEqual(scanText('# x', { fileName: 'a.py', ticketPatterns: [/\d*/] }).tickets, []);
  });
});

describe('scanText: speed', () => {
  function bigSource(targetBytes: number, withTag: boolean): string {
    const chunk = 'export function f(a: number): string {\n  const s = "// not a comment #12";\n  return `${a}`; // note\n}\n/* block\n   comment */\n';
    const body = chunk.repeat(Math.ceil(targetBytes / chunk.length));
    return withTag ? `${body}// @outcome KR-1 TODO(PAY-12)\n` : body;
  }

  function medianMs(run: () => void): number {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const start = process.hrtime.bigint();
      run();
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return times.sort((a, b) => a - b)[3] ?? Infinity;
  }

  it('scans a 1 MB file with a tag at its end in a few milliseconds', () => {
    const text = bigSource(1_000_000, true);
    const result = scanText(text, { fileName: 'big.ts', ticketPatterns: [/[A-Z][A-Z0-9]+-\d+/] });
    assert.deepEqual(result.tags.map((t) => t.id), ['KR-1']);
    assert.deepEqual(result.tickets.map((t) => t.id), ['PAY-12']);
    const ms = medianMs(() => scanText(text, { fileName: 'big.ts', ticketPatterns: [/[A-Z][A-Z0-9]+-\d+/] }));
    // Generous for slow CI machines; locally this is a few milliseconds.
    assert.ok(ms < 40, `took ${ms.toFixed(1)} ms`);
  });

  it('skips a 1 MB file without tags or tickets almost for free', () => {
    const text = bigSource(1_000_000, false);
    const ms = medianMs(() => scanText(text, { fileName: 'big.ts', ticketPatterns: [/[A-Z][A-Z0-9]+-\d+/] }));
    assert.ok(ms < 10, `took ${ms.toFixed(1)} ms`);
  });
});
