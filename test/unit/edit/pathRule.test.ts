import assert from 'node:assert/strict';
import { pathRuleFor } from '../../../src/core/edit/pathRule';
import { PathRuleIndex } from '../../../src/core/matching/pathRules';

function matches(pattern: string, path: string): boolean {
  return new PathRuleIndex([{ outcomeId: 'KR-1', pattern, index: 0, line: 1 }]).match(path).length > 0;
}

describe('pathRuleFor', () => {
  it('writes nested paths as they are and anchors root entries', () => {
    assert.equal(pathRuleFor('src/checkout/cart.ts', 'file'), 'src/checkout/cart.ts');
    assert.equal(pathRuleFor('src/checkout', 'folder'), 'src/checkout/');
    assert.equal(pathRuleFor('docs', 'folder'), '/docs/');
    assert.equal(pathRuleFor('README.md', 'file'), '/README.md');
  });

  it('names exactly the file or folder, whatever characters its name has', () => {
    const files = ['README.md', 'src/a*b.ts', 'src/[id].tsx', 'src/what?.md', 'src/back\\slash.txt', '#notes.md', '!bang.md', 'src/#x/!y.md', 'src/trailing ', 'src/sp ace.ts'];
    for (const file of files) {
      const pattern = pathRuleFor(file, 'file');
      assert.ok(matches(pattern, file), `${pattern} should match ${file}`);
      for (const other of ['src/a.ts', 'src/i.tsx', 'src/what.md', 'other/README.md', 'src/README.md', 'notes.md', 'src/trailing']) {
        if (other !== file) assert.ok(!matches(pattern, other), `${pattern} should not match ${other}`);
      }
    }
    const folder = pathRuleFor('docs', 'folder');
    assert.ok(matches(folder, 'docs/a.md'));
    assert.ok(!matches(folder, 'src/docs/a.md'));
    assert.ok(!matches(folder, 'docs'), 'a file named docs is not the folder');
  });

  it('refuses paths outside the folder', () => {
    assert.throws(() => pathRuleFor('', 'folder'), /not a path inside the folder/);
    assert.throws(() => pathRuleFor('../x', 'file'), /not a path inside the folder/);
  });
});
