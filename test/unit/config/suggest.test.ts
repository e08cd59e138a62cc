import assert from 'node:assert/strict';
import { closestMatch, editDistance } from '../../../src/core/suggest';

describe('suggest', () => {
  it('counts a swap of neighbours as one edit', () => {
    assert.equal(editDistance('pahts', 'paths'), 1);
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
  });

  it('suggests the closest candidate, the earliest on a tie', () => {
    assert.equal(closestMatch('pahts', ['title', 'paths', 'parent']), 'paths');
    assert.equal(closestMatch('KR-9', ['OBJ-1', 'KR-1', 'KR-2']), 'KR-1');
    assert.equal(closestMatch('Title', ['title']), 'title');
  });

  it('suggests nothing when every candidate is far away', () => {
    assert.equal(closestMatch('zzz', ['paths', 'title']), undefined);
    assert.equal(closestMatch('x', []), undefined);
  });
});
