// The quick picks and input boxes of the tagging commands. One place creates them so that
// each can be cancelled cleanly, and so the integration tests can see which one is open and
// drive the real widget with the workbench's own commands (select next, accept).
import * as vscode from 'vscode';

export type PickItem<T> = vscode.QuickPickItem & { value?: T };

export interface OpenQuickInput {
  kind: 'pick' | 'input';
  title: string;
  /** The labels of the items that can be chosen, in order (picks only). */
  labels: string[];
  /** The live widget. */
  widget: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox;
}

export interface InputOptions {
  title: string;
  prompt: string;
  placeholder?: string;
  value?: string;
  /** The problem with the text, shown as it is typed; `undefined` when it may be accepted. */
  validate(text: string): string | undefined;
}

export class QuickInputs implements vscode.Disposable {
  private open: OpenQuickInput | undefined;
  private readonly widgets = new Set<vscode.Disposable>();

  /** The tagging quick input on screen, if any. */
  get current(): OpenQuickInput | undefined {
    return this.open;
  }

  /** Resolves with the chosen item's value, or `undefined` when the pick is dismissed. */
  pick<T>(items: readonly PickItem<T>[], options: { title: string; placeholder: string }): Promise<T | undefined> {
    return new Promise((resolve) => {
      const widget = vscode.window.createQuickPick<PickItem<T>>();
      widget.title = options.title;
      widget.placeholder = options.placeholder;
      widget.matchOnDescription = true;
      widget.matchOnDetail = true;
      widget.items = items;
      const open: OpenQuickInput = {
        kind: 'pick',
        title: options.title,
        labels: items.filter((i) => i.kind !== vscode.QuickPickItemKind.Separator).map((i) => i.label),
        widget,
      };
      const finish = this.finisher(widget, open, resolve);
      widget.onDidAccept(() => finish((widget.selectedItems[0] ?? widget.activeItems[0])?.value));
      widget.onDidHide(() => finish(undefined));
      this.show(widget, open);
    });
  }

  /** Resolves with the accepted (trimmed) text, or `undefined` when dismissed. */
  input(options: InputOptions): Promise<string | undefined> {
    return new Promise((resolve) => {
      const widget = vscode.window.createInputBox();
      widget.title = options.title;
      widget.prompt = options.prompt;
      if (options.placeholder !== undefined) widget.placeholder = options.placeholder;
      if (options.value !== undefined) widget.value = options.value;
      const open: OpenQuickInput = { kind: 'input', title: options.title, labels: [], widget };
      const finish = this.finisher(widget, open, resolve);
      widget.onDidChangeValue((text) => {
        widget.validationMessage = text === '' ? undefined : options.validate(text);
      });
      widget.onDidAccept(() => {
        const problem = options.validate(widget.value);
        if (problem !== undefined) {
          widget.validationMessage = problem;
          return;
        }
        finish(widget.value.trim());
      });
      widget.onDidHide(() => finish(undefined));
      this.show(widget, open);
    });
  }

  private finisher<T>(widget: vscode.QuickInput, open: OpenQuickInput, resolve: (value: T | undefined) => void): (value: T | undefined) => void {
    let done = false;
    return (value) => {
      if (done) return;
      done = true;
      if (this.open === open) this.open = undefined;
      this.widgets.delete(widget);
      resolve(value);
      widget.dispose();
    };
  }

  private show(widget: vscode.QuickInput, open: OpenQuickInput): void {
    this.widgets.add(widget);
    this.open = open;
    widget.show();
  }

  dispose(): void {
    for (const widget of this.widgets) widget.dispose();
    this.widgets.clear();
  }
}
