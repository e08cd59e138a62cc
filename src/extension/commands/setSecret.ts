import * as vscode from 'vscode';
import type { CommandContext } from '../commandTable';
import { secretStorageKey } from '../metricController';

const secretNamePattern = /^[A-Za-z0-9_.-]+$/;

/**
 * Stores a `${secret:NAME}` value in VS Code's SecretStorage (never in a file or a setting).
 * `name` and `value` may be passed by other commands or tests; otherwise the user is asked.
 */
export async function setSecret({ metrics }: CommandContext, nameArgument?: unknown, valueArgument?: unknown): Promise<void> {
  let name = typeof nameArgument === 'string' ? nameArgument : undefined;
  if (name === undefined) {
    const used = metrics.secretNames();
    const other = '$(edit) Another name…';
    const picked = used.length > 0 ? await vscode.window.showQuickPick([...used, other], { title: 'Set Secret', placeHolder: 'Which ${secret:NAME} to set' }) : other;
    if (picked === undefined) return;
    name =
      picked === other
        ? await vscode.window.showInputBox({
            title: 'Set Secret',
            prompt: 'Secret name, as in ${secret:NAME}',
            validateInput: (text) => (secretNamePattern.test(text) ? undefined : 'Use letters, digits, ., _ or -'),
          })
        : picked;
    if (name === undefined) return;
  }
  if (!secretNamePattern.test(name)) throw new Error(`"${name}" is not a valid secret name`);
  const value =
    typeof valueArgument === 'string'
      ? valueArgument
      : await vscode.window.showInputBox({ title: `Set Secret: ${name}`, prompt: 'Stored in VS Code SecretStorage on this machine only', password: true, ignoreFocusOut: true });
  if (value === undefined) return;
  await metrics.storeSecret(secretStorageKey(name), value);
  void vscode.window.showInformationMessage(`Outcome Lens: secret "${name}" saved.`);
}
