import assert from 'node:assert/strict';
import path from 'node:path';
import { findConfigFile, loadOutcomes } from '../../../src/core/config/loader';
import { nodeFileSystem } from '../../../src/core/node/nodeHost';
import type { FileSystem } from '../../../src/core/ports';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/config');

describe('config discovery', () => {
  it('finds outcomes.yaml, .outcomes.yaml and .vscode/outcomes.yaml', async () => {
    assert.equal(await findConfigFile(path.join(fixtures, 'valid'), nodeFileSystem), path.join(fixtures, 'valid/outcomes.yaml'));
    assert.equal(await findConfigFile(path.join(fixtures, 'dotfile'), nodeFileSystem), path.join(fixtures, 'dotfile/.outcomes.yaml'));
    assert.equal(await findConfigFile(path.join(fixtures, 'vscode-dir'), nodeFileSystem), path.join(fixtures, 'vscode-dir/.vscode/outcomes.yaml'));
    assert.equal(await findConfigFile(path.join(fixtures, 'no-config'), nodeFileSystem), undefined);
  });

  it('prefers the root outcomes.yaml when there are several', async () => {
    const model = await loadOutcomes(path.join(fixtures, 'both'), nodeFileSystem);
    assert.deepEqual(
      model?.outcomes.map((o) => o.id),
      ['ROOT-1'],
    );
  });

  it('keeps paths relative to the workspace folder for .vscode/outcomes.yaml', async () => {
    const folder = path.join(fixtures, 'vscode-dir');
    const model = await loadOutcomes(folder, nodeFileSystem);
    assert.equal(model?.file, path.join(folder, '.vscode/outcomes.yaml'));
    assert.equal(model?.folder, folder);
    assert.deepEqual(model?.problems, []);
  });

  it('returns undefined when there is no config', async () => {
    assert.equal(await loadOutcomes(path.join(fixtures, 'no-config'), nodeFileSystem), undefined);
  });

  it('ignores a directory named like the config', async () => {
    const fs: FileSystem = {
      stat: (p) => (p.endsWith(`${path.sep}outcomes.yaml`) && !p.includes('.vscode') ? Promise.resolve({ size: 0, mtimeMs: 0, isFile: false, isDirectory: true }) : nodeFileSystem.stat(p)),
      readFile: async (p) => nodeFileSystem.readFile(p),
    };
    assert.equal(await findConfigFile(path.join(fixtures, 'both'), fs), path.join(fixtures, 'both/.vscode/outcomes.yaml'));
  });

  it('turns a read failure into a problem', async () => {
    const fs: FileSystem = {
      stat: () => Promise.resolve({ size: 10, mtimeMs: 0, isFile: true, isDirectory: false }),
      readFile: () => Promise.reject(new Error('EACCES: permission denied')),
    };
    const model = await loadOutcomes('/ws', fs);
    assert.deepEqual(model?.problems, [
      {
        file: path.join('/ws', 'outcomes.yaml'),
        range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } },
        severity: 'error',
        code: 'read-failed',
        message: 'cannot read the file: EACCES: permission denied',
      },
    ]);
    assert.deepEqual(model?.outcomes, []);
  });
});
