import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseOutcomes } from '../../../src/core/config/loader';
import type { OutcomeModel } from '../../../src/core/config/model';
import { outcomeBlame } from '../../../src/core/git/outcomeBlame';
import type { OutcomeBlame } from '../../../src/core/git/outcomeBlame';
import { nodeGitRunner } from '../../../src/core/node/nodeHost';
import { TempRepo, isolateGitConfig } from './tempRepo';

const git = nodeGitRunner;

const config = `version: 1
tickets:
  patterns: ['[A-Z][A-Z0-9]+-\\d+']
outcomes:
  - id: KR-1
    title: Raise checkout conversion
    tickets: [PAY-12]
  - id: KR-2
    title: Cut search latency
`;

function summary(blame: OutcomeBlame): string {
  if (blame.kind === 'none') return `none: ${blame.reason}`;
  const outcomes = blame.outcomes.map((o) => `${o.outcomeId} via ${o.via}${o.ticket ? ` ${o.ticket}` : ''}`).join(', ');
  return `${blame.commit.subject} [${outcomes}]`;
}

describe('outcomeBlame', function () {
  this.timeout(30_000);
  isolateGitConfig();
  let repo: TempRepo;
  let model: OutcomeModel;
  let tagged: string;

  before(async () => {
    repo = await TempRepo.create();
    await repo.write('outcomes.yaml', config);
    await repo.write('src/cart.ts', 'one\ntwo\nthree\n');
    tagged = await repo.commitAll('Add the cart\n\nOutcome: KR-2, KR-404', '2026-11-19T12:00:00Z');
    await repo.write('src/cart.ts', 'one\nTWO\nthree\n');
    await repo.commitAll('Fix PAY-12: totals', '2026-11-20T12:00:00Z');
    await repo.write('src/cart.ts', 'one\nTWO\nTHREE\n');
    await repo.commitAll('Tidy up', '2026-11-21T12:00:00Z');
    await repo.write('src/new.ts', 'new\n');
    model = parseOutcomes(config, path.join(repo.root, 'outcomes.yaml'), repo.root);
  });
  after(async () => repo.dispose());

  it('names the commit that last changed the line and the outcomes it served, by trailer or mapped ticket', async () => {
    const first = await outcomeBlame(repo.root, 'src/cart.ts', 1, model, git);
    assert.equal(summary(first), 'Add the cart [KR-2 via trailer]', 'KR-404 is no outcome of the config');
    assert.ok(first.kind === 'commit');
    assert.equal(first.commit.sha, tagged);
    assert.equal(first.commit.shortSha, tagged.slice(0, first.commit.shortSha.length));
    assert.equal(first.commit.author, 'Test Author');
    assert.equal(first.commit.authorTime, Date.parse('2026-11-19T12:00:00Z'));
    assert.equal(summary(await outcomeBlame(repo.root, 'src/cart.ts', 2, model, git)), 'Fix PAY-12: totals [KR-1 via ticket PAY-12]');
    assert.equal(summary(await outcomeBlame(repo.root, 'src/cart.ts', 3, model, git)), 'Tidy up []');
  });

  it('blames an unsaved buffer: edited lines are uncommitted, lines moved by an edit keep their commit', async () => {
    const onDisk = await readFile(path.join(repo.root, 'src/cart.ts'), 'utf8');
    const buffer = `inserted above\n${onDisk.replace('TWO', 'TWO (edited)')}`;
    assert.equal(summary(await outcomeBlame(repo.root, 'src/cart.ts', 1, model, git, { contents: buffer })), 'none: uncommitted');
    assert.equal(summary(await outcomeBlame(repo.root, 'src/cart.ts', 2, model, git, { contents: buffer })), 'Add the cart [KR-2 via trailer]');
    assert.equal(summary(await outcomeBlame(repo.root, 'src/cart.ts', 3, model, git, { contents: buffer })), 'none: uncommitted');
    assert.equal(summary(await outcomeBlame(repo.root, 'src/cart.ts', 4, model, git, { contents: buffer })), 'Tidy up []');
    // Without the buffer, line 2 on disk is another line with another commit: exactly the mistake the buffer avoids.
    assert.equal(summary(await outcomeBlame(repo.root, 'src/cart.ts', 2, model, git)), 'Fix PAY-12: totals [KR-1 via ticket PAY-12]');
  });

  it('says why there is no commit: untracked file, line past the end, no repository', async () => {
    assert.equal(summary(await outcomeBlame(repo.root, 'src/new.ts', 1, model, git)), 'none: untracked');
    assert.equal(summary(await outcomeBlame(repo.root, 'src/new.ts', 1, model, git, { contents: 'new\n' })), 'none: untracked');
    assert.equal(summary(await outcomeBlame(repo.root, 'src/cart.ts', 40, model, git)), 'none: out-of-range');
    const plain = await mkdtemp(path.join(tmpdir(), 'outcome-lens-plain-'));
    try {
      assert.equal(summary(await outcomeBlame(plain, 'a.ts', 1, model, git)), 'none: not-a-repository');
    } finally {
      await rm(plain, { recursive: true, force: true });
    }
  });

  it('stops when the caller moves on', async () => {
    const abort = new AbortController();
    abort.abort();
    await assert.rejects(outcomeBlame(repo.root, 'src/cart.ts', 1, model, git, { signal: abort.signal }), /abort/i);
  });
});
