import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { settingDefaults, settingsSection } from '../../src/extension/settingDefaults';

interface Manifest {
  engines: { vscode: string };
  activationEvents: string[];
  devDependencies: Record<string, string>;
  capabilities: { untrustedWorkspaces: { supported: string | boolean; description?: string } };
  contributes: {
    configuration: { properties: Record<string, { default: unknown }> };
    commands: { command: string; title: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as Manifest;

describe('package.json manifest', () => {
  it('declares exactly the settings the typed accessor knows, with the same defaults', () => {
    const declared = manifest.contributes.configuration.properties;
    const expected = Object.fromEntries(Object.entries(settingDefaults).map(([k, v]) => [`${settingsSection}.${k}`, v]));
    assert.deepEqual(Object.fromEntries(Object.entries(declared).map(([k, v]) => [k, v.default])), expected);
  });

  it('activates narrowly on the three config file names, never on *', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    for (const name of ['outcomes.yaml', '.outcomes.yaml', '.vscode/outcomes.yaml']) {
      assert.ok(manifest.activationEvents.includes(`workspaceContains:${name}`), name);
    }
  });

  it('targets a VS Code the test server (1.100) satisfies, with @types/vscode pinned to the same minor', () => {
    const engine = /^\^1\.(\d+)\.0$/.exec(manifest.engines.vscode);
    assert.ok(engine, `engines.vscode is ^1.N.0, got ${manifest.engines.vscode}`);
    assert.ok(Number(engine[1]) <= 100);
    assert.equal(manifest.devDependencies['@types/vscode'], `~1.${engine[1]}.0`);
  });

  it('declares limited support for untrusted workspaces, saying what is off', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(manifest.capabilities.untrustedWorkspaces.description ?? '', /command/);
  });

  it('names only contributed commands in its menus', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries) assert.ok(contributed.has(entry.command), `${menu} names ${entry.command}, which is not in contributes.commands`);
    }
  });

  it('contributes the tagging commands where users look for them', () => {
    const where = (command: string): string[] =>
      Object.entries(manifest.contributes.menus)
        .filter(([menu, entries]) => menu !== 'commandPalette' && entries.some((e) => e.command === command))
        .map(([menu]) => menu)
        .sort();
    assert.deepEqual(where('outcomeLens.tagFile'), ['editor/context', 'explorer/context', 'view/item/context']);
    assert.deepEqual(where('outcomeLens.tagFolder'), ['explorer/context']);
    assert.deepEqual(where('outcomeLens.tagSelection'), ['editor/context']);
    assert.deepEqual(where('outcomeLens.addTrailer'), ['scm/title']);
    assert.match(manifest.contributes.menus['scm/title']?.find((e) => e.command === 'outcomeLens.addTrailer')?.when ?? '', /scmProvider == git/);
    assert.match(manifest.contributes.menus['explorer/context']?.find((e) => e.command === 'outcomeLens.tagFolder')?.when ?? '', /(^|&& )explorerResourceIsFolder/);
  });
});
