import assert from 'node:assert/strict';
import path from 'node:path';
import { formatProblems } from '../../../src/cli/commands/check';
import { runCli } from '../../../src/cli/main';
import type { Problem } from '../../../src/core/config/model';
import { captureIo } from '../helpers/cliIo';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/config');

async function check(folder: string, ...args: string[]) {
  const io = captureIo(path.join(fixtures, folder));
  const code = await runCli(['check', ...args], io);
  return { code, out: io.out, err: io.err };
}

describe('outcome-lens check', () => {
  it('exits 0 with no output for a valid config', async () => {
    const { code, out, err } = await check('valid');
    assert.equal(code, 0);
    assert.equal(out, '');
    assert.equal(err, 'checked outcomes.yaml and 1 file: no problems\n');
  });

  it('prints problems compiler-style, sorted, and exits 1 on errors', async () => {
    const { code, out, err } = await check('broken');
    assert.equal(code, 1);
    assert.equal(out, ['outcomes.yaml:5:5: warning: unknown key "pahts" in outcome "KR-1" (did you mean "paths"?)', 'outcomes.yaml:7:13: error: parent "KR-9" is not a known outcome (did you mean KR-1?)', ''].join('\n'));
    assert.equal(err, 'checked outcomes.yaml and 1 file: 1 error, 1 warning\n');
  });

  it('exits 0 when there are only warnings', async () => {
    const { code, out } = await check('warnings-only');
    assert.equal(code, 0);
    assert.equal(out, 'outcomes.yaml:5:5: warning: unknown key "ownr" in outcome "KR-1" (did you mean "owner"?)\n');
  });

  // --format github names files from the repository top: see test/unit/cli/githubPaths.test.ts,
  // which runs it in repositories of its own (these fixtures lie inside this one).

  it('writes JSON with --json', async () => {
    const { code, out, err } = await check('broken', '--json');
    assert.equal(code, 1);
    assert.equal(err, '');
    assert.deepEqual(JSON.parse(out), {
      problems: [
        { file: 'outcomes.yaml', line: 5, column: 5, endLine: 5, endColumn: 10, severity: 'warning', code: 'unknown-key', message: 'unknown key "pahts" in outcome "KR-1" (did you mean "paths"?)', suggestion: 'paths' },
        { file: 'outcomes.yaml', line: 7, column: 13, endLine: 7, endColumn: 17, severity: 'error', code: 'unknown-parent', message: 'parent "KR-9" is not a known outcome (did you mean KR-1?)', suggestion: 'KR-1' },
      ],
      errors: 1,
      warnings: 1,
    });
  });

  it('shows paths relative to --root, with / separators', async () => {
    const io = captureIo(fixtures);
    assert.equal(await runCli(['check', '--root', 'vscode-dir'], io), 0);
    assert.equal(io.err, 'checked .vscode/outcomes.yaml and 1 file: no problems\n');
  });

  it('exits 2 and names the files it looked for when there is no config', async () => {
    const { code, out, err } = await check('no-config');
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.equal(err, `outcome-lens check: no outcome config found in ${path.join(fixtures, 'no-config')} (looked for outcomes.yaml, .outcomes.yaml, .vscode/outcomes.yaml)\n`);
  });

  it('exits 2 on a bad --format', async () => {
    const { code, err } = await check('valid', '--format', 'xml');
    assert.equal(code, 2);
    assert.match(err, /--format must be one of text, github, not "xml"/);
  });
});

describe('formatProblems', () => {
  const at = (line: number, column: number) => ({ start: { line, column }, end: { line, column: column + 1 } });
  const problems: Problem[] = [
    { file: '/ws/src/b.ts', range: at(3, 1), severity: 'warning', code: 'unknown-outcome', message: 'b' },
    { file: '/ws/outcomes.yaml', range: at(9, 2), severity: 'error', code: 'x', message: 'second' },
    { file: '/ws/outcomes.yaml', range: at(2, 7), severity: 'info', code: 'x', message: 'first, 100%\nreally' },
  ];

  it('sorts by file, line and column', () => {
    assert.equal(formatProblems(problems, '/ws', 'text'), ['outcomes.yaml:2:7: info: first, 100% really', 'outcomes.yaml:9:2: error: second', 'src/b.ts:3:1: warning: b', ''].join('\n'));
  });

  it('escapes GitHub workflow command data', () => {
    assert.equal(formatProblems(problems, '/ws', 'github').split('\n')[0], '::notice file=outcomes.yaml,line=2,col=7::first, 100%25%0Areally');
  });
});
