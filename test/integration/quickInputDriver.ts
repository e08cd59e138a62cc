// Answers the tagging commands' quick picks and input boxes the way a user would: the test
// waits until the real widget is on screen, moves through it with the workbench's own
// commands (select next, accept), and types into input boxes by setting their value.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { OutcomeLensApi } from '../../src/extension/extension';
import type { OpenQuickInput } from '../../src/extension/tagging/quickInputs';
import { waitFor } from './helpers';

export async function openQuickInput(api: OutcomeLensApi, title: string | RegExp): Promise<OpenQuickInput> {
  return waitFor(`a quick input titled ${String(title)}`, () => {
    const open = api.quickInputs.current;
    if (!open) return undefined;
    return (typeof title === 'string' ? open.title === title : title.test(open.title)) ? open : undefined;
  });
}

function activeLabel(open: OpenQuickInput): string | undefined {
  return (open.widget as vscode.QuickPick<vscode.QuickPickItem>).activeItems[0]?.label;
}

/** Moves the selection down to the item labelled `label`, then accepts it (Down…, Enter). */
export async function choose(api: OutcomeLensApi, title: string | RegExp, label: string): Promise<OpenQuickInput> {
  const open = await openQuickInput(api, title);
  assert.equal(open.kind, 'pick');
  const index = open.labels.indexOf(label);
  assert.ok(index >= 0, `"${label}" is offered in "${open.title}" (offered: ${open.labels.join(', ')})`);
  await waitFor('the first item to be active', () => activeLabel(open) === open.labels[0]);
  for (let i = 0; i < index; i++) {
    const before = activeLabel(open);
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await waitFor(`the selection to move past ${before ?? 'nothing'}`, () => activeLabel(open) !== before);
  }
  assert.equal(activeLabel(open), label);
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  await waitFor(`"${open.title}" to close`, () => api.quickInputs.current !== open);
  return open;
}

/** Types `text` into the open input box and presses Enter; resolves with the widget's validation message. */
export async function typeAndAccept(api: OutcomeLensApi, title: string | RegExp, text: string): Promise<string | undefined> {
  const open = await openQuickInput(api, title);
  assert.equal(open.kind, 'input');
  const box = open.widget as vscode.InputBox;
  box.value = text;
  // Typing re-validates as the user types; a value set from here does not, so start clean.
  box.validationMessage = undefined;
  await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
  // Accepted (the box closes) or refused (a validation message appears).
  await waitFor('the input to be accepted or refused', () => api.quickInputs.current !== open || box.validationMessage !== undefined);
  if (api.quickInputs.current !== open) return undefined;
  // Read afresh: the compiler still narrows the property to the `undefined` assigned above.
  const message = (box as { validationMessage?: string | vscode.InputBoxValidationMessage }).validationMessage;
  return typeof message === 'string' ? message : message?.message;
}
