import assert from 'node:assert/strict';
import { addTrailer, parseTrailers } from '../../../src/core/edit/commitTrailer';
import { isolateGitConfig, TempRepo } from '../git/tempRepo';

function added(message: string, key = 'Outcome', value = 'KR-1'): string {
  const result = addTrailer(message, key, value);
  assert.equal(result.status, 'edited', result.status === 'unchanged' ? result.reason : '');
  return result.status === 'edited' ? result.message : '';
}

const cases: { name: string; message: string; expected: string }[] = [
  { name: 'an empty box', message: '', expected: '\n\nOutcome: KR-1' },
  { name: 'a subject only', message: 'Fix rounding in totals', expected: 'Fix rounding in totals\n\nOutcome: KR-1' },
  { name: 'a subject and a body', message: 'Fix rounding\n\nTotals were off by a cent.\n', expected: 'Fix rounding\n\nTotals were off by a cent.\n\nOutcome: KR-1' },
  { name: 'an existing trailer block', message: 'Fix rounding\n\nBody.\n\nSigned-off-by: A <a@example.invalid>', expected: 'Fix rounding\n\nBody.\n\nSigned-off-by: A <a@example.invalid>\nOutcome: KR-1' },
  { name: 'a block with a continuation line', message: 'Fix\n\nSee-also: one\n  two', expected: 'Fix\n\nSee-also: one\n  two\nOutcome: KR-1' },
  { name: 'a mixed block that git accepts (Signed-off-by, 25 %)', message: 'Fix\n\nbody one\nbody two\nSigned-off-by: A <a@example.invalid>', expected: 'Fix\n\nbody one\nbody two\nSigned-off-by: A <a@example.invalid>\nOutcome: KR-1' },
  { name: 'a last paragraph that only looks like a trailer in part', message: 'Fix\n\nNote: this is prose\nand more prose', expected: 'Fix\n\nNote: this is prose\nand more prose\n\nOutcome: KR-1' },
  { name: 'a subject that looks like a trailer', message: 'Docs: fix typo', expected: 'Docs: fix typo\n\nOutcome: KR-1' },
  { name: 'trailing blank lines', message: 'Fix\n\n\n  \n', expected: 'Fix\n\nOutcome: KR-1' },
  { name: 'CRLF line endings', message: 'Fix\r\n\r\nRefs: PAY-12\r\n', expected: 'Fix\r\n\r\nRefs: PAY-12\r\nOutcome: KR-1' },
  { name: 'another outcome already', message: 'Fix\n\nOutcome: KR-2', expected: 'Fix\n\nOutcome: KR-2\nOutcome: KR-1' },
];

describe('addTrailer', () => {
  for (const { name, message, expected } of cases) {
    it(`adds Outcome: KR-1 to ${name}`, () => {
      assert.equal(added(message), expected);
    });
  }

  it('does not add the same trailer twice (keys compare case-insensitively, as in git)', () => {
    assert.deepEqual(addTrailer('Fix\n\noutcome: KR-1', 'Outcome', 'KR-1'), { status: 'unchanged', reason: 'the message already has the trailer "Outcome: KR-1"' });
    assert.equal(added('Fix\n\nThe Outcome: KR-1 is mentioned in prose.'), 'Fix\n\nThe Outcome: KR-1 is mentioned in prose.\n\nOutcome: KR-1');
  });
});

describe('addTrailer against git interpret-trailers', function () {
  this.timeout(30_000);
  isolateGitConfig();
  let repo: TempRepo;
  before(async () => {
    repo = await TempRepo.create();
  });
  after(async () => repo.dispose());

  async function parsedByGit(message: string): Promise<string> {
    await repo.write('message.txt', message);
    return repo.git('interpret-trailers', '--parse', 'message.txt');
  }

  for (const { name, message } of cases) {
    it(`git reads every trailer, the new one last: ${name}`, async () => {
      const result = added(message);
      const before = await parsedByGit(message.replace(/\r\n/g, '\n'));
      const after = await parsedByGit(result.replace(/\r\n/g, '\n'));
      assert.equal(after, `${before}Outcome: KR-1\n`);
      // Our reading of the trailers agrees with git's.
      const ours = parseTrailers(result).map((t) => `${t.key}: ${t.value}\n`).join('');
      assert.equal(ours, after);
    });
  }

  it('git commits the message with the trailer where `git log` finds it', async () => {
    await repo.write('a.txt', 'a');
    await repo.commitAll(added('Add a\n\nBody text.'));
    assert.equal(await repo.git('log', '-1', '--format=%(trailers:key=Outcome,valueonly)'), 'KR-1\n\n');
  });
});
