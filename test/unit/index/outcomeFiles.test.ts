// The Outcomes view's file lists: made in one pass over the index, then kept up to date file by
// file as the editor re-indexes them, which must give what a new pass would.
import assert from 'node:assert/strict';
import { filesByOutcome, patchFilesByOutcome, sameFileOutcomes } from '../../../src/core/index/outcomeFiles';
import type { FileOutcomesChange } from '../../../src/core/index/outcomeFiles';
import type { OutcomeReason } from '../../../src/core/index/reasons';
import { seededRandom } from '../helpers/seededRandom';

interface Served {
  outcomeId: string;
  reasons: OutcomeReason[];
}

const pathReason = (outcomeId: string): OutcomeReason => ({ kind: 'path', outcomeId, pattern: 'src/', line: 3 });
const tagReason = (outcomeId: string, line: number): OutcomeReason => ({ kind: 'tag', outcomeId, line, column: 4 });

/** An index as `filesByOutcome` sees it: files in path order with what they serve. */
function view(files: Map<string, Served[]>): { forEachFile: (visit: (path: string, outcomes: readonly Served[]) => void) => void } {
  return {
    forEachFile: (visit) => {
      for (const path of [...files.keys()].sort()) visit(path, files.get(path) ?? []);
    },
  };
}

describe('outcome file lists', () => {
  it('list each outcome’s files in path order with the kinds of reasons, each kind once', () => {
    const files = new Map<string, Served[]>([
      ['src/b.ts', [{ outcomeId: 'KR-1', reasons: [pathReason('KR-1'), tagReason('KR-1', 2), tagReason('KR-1', 9)] }]],
      ['src/a.ts', [{ outcomeId: 'KR-1', reasons: [tagReason('KR-1', 1)] }, { outcomeId: 'KR-2', reasons: [pathReason('KR-2')] }]],
      ['src/c.ts', []],
    ]);
    const lists = filesByOutcome(view(files));
    assert.deepEqual([...lists.keys()].sort(), ['KR-1', 'KR-2']);
    assert.deepEqual(lists.get('KR-1'), [
      { path: 'src/a.ts', kinds: ['tag'] },
      { path: 'src/b.ts', kinds: ['path', 'tag'] },
    ]);
    assert.deepEqual(lists.get('KR-2'), [{ path: 'src/a.ts', kinds: ['path'] }]);
  });

  it('tell a change of line (the same lists) from a change of outcomes or kinds', () => {
    const before = [{ outcomeId: 'KR-1', reasons: [tagReason('KR-1', 2)] }];
    assert.ok(sameFileOutcomes(before, [{ outcomeId: 'KR-1', reasons: [tagReason('KR-1', 7), tagReason('KR-1', 8)] }]), 'lines moved');
    assert.ok(!sameFileOutcomes(before, [{ outcomeId: 'KR-1', reasons: [tagReason('KR-1', 2), pathReason('KR-1')] }]), 'a kind added');
    assert.ok(!sameFileOutcomes(before, [{ outcomeId: 'KR-2', reasons: [tagReason('KR-2', 2)] }]), 'another outcome');
    assert.ok(!sameFileOutcomes(before, []), 'nothing served any more');
  });

  it('list a file once when its change is reported again (reports that arrive out of order)', () => {
    const served = [{ outcomeId: 'KR-1', reasons: [tagReason('KR-1', 1)] }];
    const lists = filesByOutcome(view(new Map([['src/a.ts', served]])));
    patchFilesByOutcome(lists, [{ path: 'src/a.ts', before: [], after: [{ outcomeId: 'KR-1', reasons: [pathReason('KR-1'), tagReason('KR-1', 1)] }] }]);
    assert.deepEqual(lists.get('KR-1'), [{ path: 'src/a.ts', kinds: ['path', 'tag'] }]);
    // A file gone, reported twice: the second report takes nothing else out.
    patchFilesByOutcome(lists, [{ path: 'src/0.ts', before: [], after: served }]);
    const gone = { path: 'src/0.ts', before: served, after: [] };
    patchFilesByOutcome(lists, [gone]);
    patchFilesByOutcome(lists, [gone]);
    assert.deepEqual(lists.get('KR-1')?.map((f) => f.path), ['src/a.ts']);
  });

  it('patched file by file, equal a new pass after every change (random edits, new and removed files)', () => {
    const random = seededRandom(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const ids = ['KR-1', 'KR-2', 'KR-3', 'KR-4'];
    const paths = Array.from({ length: 40 }, (_, i) => `src/${pick(['a', 'b', 'c'])}/f${i}.ts`);
    const servedAt = (): Served[] =>
      ids.flatMap((outcomeId) => {
        if (random() < 0.6) return [];
        const reasons: OutcomeReason[] = [];
        if (random() < 0.5) reasons.push(pathReason(outcomeId));
        if (random() < 0.6 || reasons.length === 0) reasons.push(tagReason(outcomeId, 1 + Math.floor(random() * 20)));
        return [{ outcomeId, reasons }];
      });
    const files = new Map<string, Served[]>();
    for (const path of paths) if (random() < 0.7) files.set(path, servedAt());
    const lists = filesByOutcome(view(files));
    for (let round = 0; round < 300; round++) {
      const changes: FileOutcomesChange[] = [];
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
        const path = pick(paths);
        const before = files.get(path) ?? [];
        const after = random() < 0.15 ? [] : servedAt();
        if (after.length === 0 && random() < 0.5) files.delete(path);
        else files.set(path, after);
        changes.push({ path, before, after });
      }
      patchFilesByOutcome(lists, changes);
      assert.deepEqual(lists, filesByOutcome(view(files)), `round ${round}`);
    }
  });
});
