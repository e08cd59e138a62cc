import assert from 'node:assert/strict';
import { idCompletionContext, outcomeIdAt } from '../../../src/core/tags/idContext';

/** The context at the `|` in `text`. */
function at(textWithCursor: string, options: Parameters<typeof idCompletionContext>[2] = {}) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const context = idCompletionContext(text, offset, options);
  return context && { kind: context.kind, typed: text.slice(context.start, offset), listed: context.listed };
}

describe('outcome IDs under the cursor', () => {
  describe('outcomeIdAt', () => {
    const line = '// @outcome KR-1, OBJ-2. See (KR-12) and x2KR-3';
    const idAt = (character: number) => outcomeIdAt(line, character);

    it('finds the ID around or right after the cursor, without trailing punctuation', () => {
      assert.deepEqual(idAt(12), { id: 'KR-1', start: 12, end: 16 });
      assert.deepEqual(idAt(14), { id: 'KR-1', start: 12, end: 16 });
      assert.deepEqual(idAt(16), { id: 'KR-1', start: 12, end: 16 }, 'cursor just after the ID');
      assert.deepEqual(idAt(line.indexOf('OBJ-2') + 2), { id: 'OBJ-2', start: 18, end: 23 });
      assert.deepEqual(idAt(line.indexOf('KR-12') + 4), { id: 'KR-12', start: 30, end: 35 });
    });

    it('finds nothing in blanks, punctuation, or inside a longer word that does not start with a letter', () => {
      assert.equal(idAt(2), undefined);
      assert.equal(idAt(line.indexOf('OBJ-2') + 6), undefined, 'after the sentence dot');
      assert.deepEqual(idAt(line.indexOf('x2KR')), { id: 'x2KR-3', start: line.indexOf('x2KR'), end: line.length });
      assert.equal(outcomeIdAt('value 3.4 here', 7), undefined);
      assert.equal(outcomeIdAt('', 0), undefined);
    });
  });

  describe('idCompletionContext', () => {
    it('completes after "@outcome " and after a comma in the list, inside comments of the language', () => {
      assert.deepEqual(at('// @outcome |', { languageId: 'typescript' }), { kind: 'tag', typed: '', listed: [] });
      assert.deepEqual(at('// @outcome KR|', { languageId: 'typescript' }), { kind: 'tag', typed: 'KR', listed: [] });
      assert.deepEqual(at('// @outcome: KR-1, KR-2, O|', { languageId: 'typescript' }), { kind: 'tag', typed: 'O', listed: ['KR-1', 'KR-2'] });
      assert.deepEqual(at('x = 1\n# @outcome |\n', { languageId: 'python' }), { kind: 'tag', typed: '', listed: [] });
      assert.deepEqual(at('"""Ranking.\n\n@outcome |\n"""\n', { languageId: 'python' }), { kind: 'tag', typed: '', listed: [] }, 'a docstring');
      assert.deepEqual(at('-- @outcome K|', { fileName: 'q.sql' }), { kind: 'tag', typed: 'K', listed: [] });
      assert.deepEqual(at('/* a\n * @outcome |', { languageId: 'c' }), { kind: 'tag', typed: '', listed: [] }, 'an unclosed block comment');
    });

    it('does not complete in code, in strings, after prose, or without a space after the marker', () => {
      assert.equal(at('const s = "@outcome |";', { languageId: 'typescript' }), undefined);
      assert.equal(at('let x = 1; @outcome |', { languageId: 'typescript' }), undefined);
      assert.equal(at('// @outcome KR-1 because |', { languageId: 'typescript' }), undefined);
      assert.equal(at('// @outcome KR-1 |', { languageId: 'typescript' }), undefined, 'only after a comma');
      assert.equal(at('// @outcome|', { languageId: 'typescript' }), undefined);
      assert.equal(at('// mail me@outcome |', { languageId: 'typescript' }), undefined);
    });

    it('completes parent: values in the config and Outcome: trailers in commit messages', () => {
      assert.deepEqual(at('  - id: KR-1\n    parent: |', { isConfig: true, languageId: 'yaml' }), { kind: 'parent', typed: '', listed: [] });
      assert.deepEqual(at('    parent: "OB|', { isConfig: true, languageId: 'yaml' }), { kind: 'parent', typed: 'OB', listed: [] });
      assert.equal(at('    parent: |', { languageId: 'yaml' }), undefined, 'not outside the config');
      assert.deepEqual(at('    # @outcome |', { isConfig: true, languageId: 'yaml' }), { kind: 'tag', typed: '', listed: [] });
      assert.deepEqual(at('Fix totals\n\nOutcome: KR-1, K|', { isCommitMessage: true }), { kind: 'trailer', typed: 'K', listed: ['KR-1'] });
      assert.deepEqual(at('Fix totals\n\noutcome: |', { isCommitMessage: true }), { kind: 'trailer', typed: '', listed: [] });
      assert.deepEqual(at('Fix totals, @outcome |', { isCommitMessage: true }), { kind: 'tag', typed: '', listed: [] });
      assert.equal(at('Fix totals\n\nOutcome: |', {}), undefined, 'trailers only in commit messages');
    });
  });
});
