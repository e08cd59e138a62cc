// Outcome blame (setting `outcomeLens.blame`, off by default): an end-of-line annotation on
// the line under the cursor naming the outcome its last commit served, `KR-1 · a1b2c3d · 3
// days ago`. Computed for that one line only, after the cursor rests; moving on clears it at
// once and cancels the git call in flight. An unsaved buffer is blamed as it is (`git blame
// --contents`), so edited lines show nothing rather than someone else's commit.
import * as vscode from 'vscode';
import { distinctTitle } from '../../core/config/model';
import { outcomeBlame } from '../../core/git/outcomeBlame';
import type { OutcomeBlame } from '../../core/git/outcomeBlame';
import { blameAnnotation } from '../../core/metrics/outcomeText';
import type { Logger } from '../../core/ports';
import type { IndexController } from '../indexController';
import type { OutcomeConfigController } from '../outcomeConfigController';
import { getSetting, settingsChanged } from '../settings';
import { trustedGitRunner } from '../trustedGit';

/** The cursor must rest this long before git runs. */
const restDelayMs = 250;

export interface RenderedBlame {
  uri: string;
  /** 0-based. */
  line: number;
  text: string;
}

interface Target {
  editor: vscode.TextEditor;
  uri: string;
  line: number;
  version: number;
}

export class OutcomeBlameController implements vscode.Disposable {
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 3em', fontStyle: 'italic' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedOpen,
  });
  private readonly subscriptions: vscode.Disposable[];
  private readonly rendered = new vscode.EventEmitter<RenderedBlame | undefined>();
  private enabled = getSetting('blame');
  private timer: NodeJS.Timeout | undefined;
  private pending: AbortController | undefined;
  private current: (Target & { text: string | undefined }) | undefined;
  private decorated: vscode.TextEditor | undefined;

  /** What the annotation shows now (undefined: nothing); for tests and anything that mirrors it. */
  lastRendered: RenderedBlame | undefined;
  /** Fires whenever the annotation is drawn or cleared. */
  readonly onDidRender = this.rendered.event;

  constructor(
    private readonly configs: OutcomeConfigController,
    private readonly index: IndexController,
    private readonly logger: Logger,
  ) {
    this.subscriptions = [
      this.decoration,
      this.rendered,
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor === vscode.window.activeTextEditor) this.update(event.textEditor);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.update(editor)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        const editor = vscode.window.activeTextEditor;
        if (event.contentChanges.length > 0 && editor?.document === event.document) this.update(editor);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!settingsChanged(event, ['blame'])) return;
        this.enabled = getSetting('blame');
        this.update(vscode.window.activeTextEditor);
      }),
    ];
    this.update(vscode.window.activeTextEditor);
  }

  private update(editor: vscode.TextEditor | undefined): void {
    const target = this.enabled && editor ? this.targetOf(editor) : undefined;
    const current = this.current;
    if (target && current && current.editor === target.editor && current.uri === target.uri && current.line === target.line && current.version === target.version) return;
    this.cancel();
    this.clear();
    if (!target) return;
    this.current = { ...target, text: undefined };
    const abort = new AbortController();
    this.pending = abort;
    this.timer = setTimeout(() => void this.compute(target, abort.signal), restDelayMs);
  }

  private targetOf(editor: vscode.TextEditor): Target | undefined {
    const { document } = editor;
    if (document.uri.scheme !== 'file') return undefined;
    return { editor, uri: document.uri.toString(), line: editor.selection.active.line, version: document.version };
  }

  private async compute(target: Target, signal: AbortSignal): Promise<void> {
    const { document } = target.editor;
    const model = this.configs.forUri(document.uri);
    const relative = this.index.relativePath(document.uri);
    if (!model || relative === undefined || target.line >= document.lineCount) return;
    let blame: OutcomeBlame;
    try {
      blame = await outcomeBlame(model.folder, relative, target.line + 1, model, trustedGitRunner, {
        signal,
        // Unsaved edits: blame the buffer, not the disk, so lines are what the user sees.
        ...(document.isDirty ? { contents: document.getText() } : {}),
      });
    } catch (error) {
      if (!signal.aborted) this.logger.warn(`outcome blame of ${relative}:${target.line + 1} failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (signal.aborted || this.current?.uri !== target.uri || this.current.line !== target.line || this.current.version !== target.version) return;
    const text = blameAnnotation(blame, Date.now());
    if (text === undefined || blame.kind !== 'commit') return;
    this.current.text = text;
    const end = document.lineAt(target.line).range.end;
    target.editor.setDecorations(this.decoration, [
      { range: new vscode.Range(end, end), renderOptions: { after: { contentText: text } }, hoverMessage: this.hoverOf(blame, model.byId) },
    ]);
    this.decorated = target.editor;
    this.lastRendered = { uri: target.uri, line: target.line, text };
    this.rendered.fire(this.lastRendered);
  }

  private hoverOf(blame: Extract<OutcomeBlame, { kind: 'commit' }>, outcomes: ReadonlyMap<string, { spec: { title: string } }>): vscode.MarkdownString {
    const md = new vscode.MarkdownString('', true);
    md.isTrusted = false;
    md.supportHtml = false;
    const { commit } = blame;
    md.appendMarkdown('$(git-commit) ').appendText(`${commit.shortSha} ${commit.subject}`).appendMarkdown('  \n');
    md.appendText(`${commit.author}, ${new Date(commit.authorTime).toLocaleString()}`).appendMarkdown('\n\n');
    for (const served of blame.outcomes) {
      const how = served.via === 'trailer' ? 'its Outcome: trailer' : `ticket ${served.ticket ?? ''}`;
      const title = distinctTitle(served.outcomeId, outcomes.get(served.outcomeId)?.spec.title);
      md.appendMarkdown('**').appendText(served.outcomeId).appendMarkdown('** ').appendText(`${title === '' ? '' : `${title} `}(by ${how})`).appendMarkdown('  \n');
    }
    return md;
  }

  private cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending?.abort();
    this.pending = undefined;
  }

  private clear(): void {
    this.current = undefined;
    if (this.decorated) this.decorated.setDecorations(this.decoration, []);
    this.decorated = undefined;
    if (this.lastRendered) {
      this.lastRendered = undefined;
      this.rendered.fire(undefined);
    }
  }

  dispose(): void {
    this.cancel();
    vscode.Disposable.from(...this.subscriptions).dispose();
  }
}
