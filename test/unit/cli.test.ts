import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/main';
import { captureIo } from './helpers/cliIo';

describe('outcome-lens CLI', () => {
  it('prints usage and exits 2 without a command', async () => {
    const io = captureIo();
    assert.equal(await runCli([], io), 2);
    assert.match(io.out, /Usage: outcome-lens <command>/);
  });

  it('rejects an unknown command with exit 2', async () => {
    const io = captureIo();
    assert.equal(await runCli(['frobnicate'], io), 2);
    assert.match(io.err, /unknown command "frobnicate"/);
  });
});
