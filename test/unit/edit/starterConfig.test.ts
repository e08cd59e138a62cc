import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../../src/cli/main';
import { parseOutcomes } from '../../../src/core/config/loader';
import { starterConfig } from '../../../src/core/edit/starterConfig';
import { ticketIdProblem } from '../../../src/core/edit/ticketInput';
import { captureIo } from '../helpers/cliIo';

describe('the starter config', () => {
  it('has no problems at all, with LF or CRLF', () => {
    for (const eol of ['\n', '\r\n'] as const) {
      const model = parseOutcomes(starterConfig(eol), '/w/outcomes.yaml', '/w');
      assert.deepEqual(model.problems, []);
      assert.deepEqual(model.outcomes.map((o) => o.id), ['OBJ-1', 'KR-1']);
    }
    assert.ok(!starterConfig('\r\n').replaceAll('\r\n', '').includes('\n'));
  });

  it('passes outcome-lens check', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'outcome-lens-starter-'));
    try {
      await writeFile(path.join(folder, 'outcomes.yaml'), starterConfig());
      const io = captureIo(folder);
      assert.equal(await runCli(['check', '--root', folder], io), 0, io.out + io.err);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('ticketIdProblem', () => {
  const patterns = [/[A-Z][A-Z0-9]+-\d+/, /#\d+/];
  it('accepts whole matches of a pattern', () => {
    assert.equal(ticketIdProblem('PAY-12', patterns), undefined);
    assert.equal(ticketIdProblem(' #40 ', patterns), undefined);
    assert.equal(ticketIdProblem('anything', []), undefined);
  });
  it('says why it refuses the rest', () => {
    assert.equal(ticketIdProblem('', patterns), 'Type a ticket ID, e.g. PAY-12');
    assert.equal(ticketIdProblem('PAY 12', patterns), 'A ticket ID has no spaces');
    assert.equal(
      ticketIdProblem('xPAY-12', patterns),
      '"xPAY-12" does not match tickets.patterns in the config ([A-Z][A-Z0-9]+-\\d+, #\\d+), so it would never be found in branches or commits',
    );
  });
});
