import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { commandTable } from '../../src/extension/commandTable';
import { activeExtension, extensionId } from './helpers';

interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
    views: Record<string, { id: string; name: string }[]>;
  };
}

function manifest(): Manifest {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `${extensionId} is loaded`);
  return extension.packageJSON as Manifest;
}

describe('Activation', () => {
  it('activates by itself in a workspace that has outcomes.yaml', async () => {
    await activeExtension();
    assert.equal(vscode.extensions.getExtension(extensionId)?.isActive, true);
    assert.ok(!manifest().activationEvents.includes('*'), 'never activates on *');
  });

  it('registers every contributed command, and contributes every registered one', async () => {
    await activeExtension();
    // The workbench registers `<viewId>.focus`, `.open`… for each contributed view: not ours.
    const viewIds = Object.values(manifest().contributes.views).flatMap((views) => views.map((v) => `${v.id}.`));
    const registered = new Set(
      (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('outcomeLens.') && !viewIds.some((v) => c.startsWith(v))),
    );
    const contributed = new Set(manifest().contributes.commands.map((c) => c.command));
    const inTable = new Set(Object.keys(commandTable));
    assert.deepEqual([...contributed].filter((c) => !registered.has(c)), [], 'contributed but not registered');
    assert.deepEqual([...registered].filter((c) => !contributed.has(c)), [], 'registered but not contributed');
    assert.deepEqual([...inTable].sort(), [...contributed].sort(), 'the command table matches contributes.commands');
  });

  it('contributes the Outcome Lens view container with its views', async () => {
    await activeExtension();
    const container = manifest().contributes.viewsContainers.activitybar.find((c) => c.id === 'outcomeLens');
    assert.equal(container?.title, 'Outcome Lens');
    // VS Code registers a command to open each view container it knows about.
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('workbench.view.extension.outcomeLens'), 'the workbench knows the container');
    await vscode.commands.executeCommand('workbench.view.extension.outcomeLens');
    assert.ok(commands.includes('outcomeLens.outcomes.focus'), 'the Outcomes view is registered');
  });
});
