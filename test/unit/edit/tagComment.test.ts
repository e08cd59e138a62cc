import assert from 'node:assert/strict';
import { enclosingSymbolLine, tagAboveLineEdit, tagComment, tagFileEdit } from '../../../src/core/edit/tagComment';
import type { TagEditOutcome, TagFileOptions } from '../../../src/core/edit/tagComment';
import { scanText } from '../../../src/core/tags/tagScanner';

function edited(result: TagEditOutcome): string {
  assert.equal(result.status, 'edited', result.status === 'edited' ? '' : result.reason);
  return result.status === 'edited' ? result.text : '';
}

const kr1 = (fileName: string, languageId?: string): TagFileOptions => ({ fileName, languageId, outcomeId: 'KR-1' });

describe('tag comments: the comment in each language', () => {
  const cases: [string, string | undefined, string][] = [
    ['cart.ts', 'typescript', '// @outcome KR-1'],
    ['billing.py', 'python', '# @outcome KR-1'],
    ['deploy.sh', 'shellscript', '# @outcome KR-1'],
    ['report.sql', 'sql', '-- @outcome KR-1'],
    ['init.lua', 'lua', '-- @outcome KR-1'],
    ['page.html', 'html', '<!-- @outcome KR-1 -->'],
    ['page.vue', 'vue', '<!-- @outcome KR-1 -->'],
    ['README.md', 'markdown', '<!-- @outcome KR-1 -->'],
    ['site.css', 'css', '/* @outcome KR-1 */'],
    ['main.ml', 'ocaml', '(* @outcome KR-1 *)'],
    ['run.bat', 'bat', 'REM @outcome KR-1'],
    ['paper.tex', 'latex', '% @outcome KR-1'],
    ['config.ini', 'ini', '; @outcome KR-1'],
    ['ci.yaml', 'yaml', '# @outcome KR-1'],
    ['tsconfig.json', 'jsonc', '// @outcome KR-1'],
    ['Dockerfile', undefined, '# @outcome KR-1'],
  ];
  for (const [fileName, languageId, expected] of cases) {
    it(`${fileName}: ${expected}`, () => {
      assert.deepEqual(tagComment(kr1(fileName, languageId)), { comment: expected });
      // And the scanner reads it back as a tag.
      assert.deepEqual(scanText(expected + '\n', { fileName, languageId, ticketPatterns: [] }).tags.map((t) => t.id), ['KR-1']);
    });
  }

  it('refuses files without comments or with an unknown syntax', () => {
    assert.deepEqual(tagComment(kr1('package.json', 'json')), { reason: 'json files have no comments to hold a tag' });
    assert.deepEqual(tagComment(kr1('package.json')), { reason: 'package.json files have no comments to hold a tag' });
    assert.deepEqual(tagComment(kr1('notes.txt', 'plaintext')), { reason: 'plaintext files have no comments to hold a tag' });
    assert.deepEqual(tagComment(kr1('data.xyz')), { reason: 'Outcome Lens does not know how comments are written in data.xyz files' });
  });
});

describe('tag comments: where a file tag goes', () => {
  it('at the top of a plain file', () => {
    assert.equal(edited(tagFileEdit("import x from 'y';\n", kr1('a.ts', 'typescript'))), "// @outcome KR-1\nimport x from 'y';\n");
    assert.equal(edited(tagFileEdit('', kr1('a.ts', 'typescript'))), '// @outcome KR-1\n');
  });

  it('after a shebang, keeping CRLF', () => {
    const text = '#!/usr/bin/env bash\r\nset -euo pipefail\r\n';
    const result = tagFileEdit(text, kr1('deploy.sh', 'shellscript'));
    assert.equal(edited(result), '#!/usr/bin/env bash\r\n# @outcome KR-1\r\nset -euo pipefail\r\n');
    assert.equal(result.status === 'edited' ? result.line : -1, 1);
    assert.equal(edited(tagFileEdit('#!/bin/sh', kr1('x.sh', 'shellscript'))), '#!/bin/sh\n# @outcome KR-1');
  });

  it('after a block license header and the blank line that follows it', () => {
    const text = '/*\n * Copyright 2026 Acme Inc.\n * Licensed under the MIT License.\n */\n\nexport const a = 1;\n';
    assert.equal(edited(tagFileEdit(text, kr1('a.ts', 'typescript'))), text.replace('\n\nexport', '\n\n// @outcome KR-1\nexport'));
  });

  it('after a line-comment license header, a shebang and an encoding line', () => {
    const text = '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n# SPDX-License-Identifier: Apache-2.0\n# (c) Acme\nimport os\n';
    assert.equal(edited(tagFileEdit(text, kr1('tool.py', 'python'))), text.replace('# (c) Acme\n', '# (c) Acme\n# @outcome KR-1\n'));
  });

  it('before a leading comment that is not a license', () => {
    const text = '// Cart totals.\nexport const a = 1;\n';
    assert.equal(edited(tagFileEdit(text, kr1('a.ts', 'typescript'))), '// @outcome KR-1\n' + text);
  });

  it('after an XML declaration and a PHP opener', () => {
    assert.equal(edited(tagFileEdit('<?xml version="1.0"?>\n<a/>\n', kr1('a.xml', 'xml'))), '<?xml version="1.0"?>\n<!-- @outcome KR-1 -->\n<a/>\n');
    assert.equal(edited(tagFileEdit('<?php\necho 1;\n', kr1('a.php', 'php'))), '<?php\n// @outcome KR-1\necho 1;\n');
  });

  it('not twice', () => {
    assert.deepEqual(tagFileEdit('x = 1\n# TODO @outcome KR-2, KR-1\n', kr1('a.py', 'python')), { status: 'unchanged', reason: 'the file is already tagged KR-1 (line 2)' });
  });
});

describe('tag comments: above a symbol', () => {
  const text = 'class Cart {\n  total(): number {\n    return 1;\n  }\n}\n';

  it('inserts above the line, indented like it', () => {
    const result = tagAboveLineEdit(text, 1, kr1('cart.ts', 'typescript'));
    assert.equal(edited(result), 'class Cart {\n  // @outcome KR-1\n  total(): number {\n    return 1;\n  }\n}\n');
    assert.equal(result.status === 'edited' ? result.line : -1, 1);
    assert.equal(edited(tagAboveLineEdit('\tdef f():\r\n\t\tpass\r\n', 0, kr1('a.py', 'python'))), '\t# @outcome KR-1\r\n\tdef f():\r\n\t\tpass\r\n');
  });

  it('not twice right above the same line', () => {
    const once = edited(tagAboveLineEdit(text, 1, kr1('cart.ts', 'typescript')));
    assert.deepEqual(tagAboveLineEdit(once, 2, kr1('cart.ts', 'typescript')), { status: 'unchanged', reason: 'line 3 already has a tag for KR-1 above it' });
  });

  it('refuses a place where the comment would be a string', () => {
    const inTemplate = 'const s = `\nline\n`;\n';
    const result = tagAboveLineEdit(inTemplate, 1, kr1('a.ts', 'typescript'));
    assert.deepEqual(result, { status: 'failed', reason: 'a tag comment at line 2 would not be read as a comment there' });
  });

  it('finds the innermost enclosing declaration', () => {
    const symbols = [
      {
        kind: 'Class',
        startLine: 0,
        endLine: 20,
        children: [
          {
            kind: 'Method',
            startLine: 2,
            endLine: 8,
            // As TypeScript reports `const sum = items.reduce((a, b) => a + b, 0)`.
            children: [{ kind: 'Variable', startLine: 3, endLine: 3, children: [{ kind: 'Function', startLine: 3, endLine: 3 }] }],
          },
          { kind: 'Property', startLine: 10, endLine: 10 },
        ],
      },
      { kind: 'Constant', startLine: 22, endLine: 30 },
    ];
    assert.equal(enclosingSymbolLine(symbols, 3), 2, 'a local variable is too small: its method');
    assert.equal(enclosingSymbolLine(symbols, 5), 2);
    assert.equal(enclosingSymbolLine(symbols, 10), 0, 'a property: its class');
    assert.equal(enclosingSymbolLine(symbols, 25), 22, 'a top-level constant (say, an arrow function) counts');
    assert.equal(enclosingSymbolLine(symbols, 21), undefined);
  });
});
