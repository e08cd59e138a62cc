// The sidebar views, the status bar item and the Explorer badges, in the real VS Code on the
// demo workspace, asserting the text a user reads. The demo is a git repository on branch
// `PAY-12-faster-checkout` with one commit whose trailer is `Outcome: KR-1`.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { OutcomeLensApi } from '../../src/extension/extension';
import type { TicketsNode } from '../../src/extension/views/ticketsTreeProvider';
import { activeExtension, extensionId, waitFor, workspaceRoot } from './helpers';

interface Tree<T> {
  getChildren(node?: T): T[];
  getTreeItem(node: T): vscode.TreeItem;
}

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

function line<T>(tree: Tree<T>, node: T): string {
  const item = tree.getTreeItem(node);
  return `${labelOf(item)} | ${typeof item.description === 'string' ? item.description : ''}`;
}

/** Every row, depth first, indented two spaces per level: `label | description`. */
function rows<T>(tree: Tree<T>, node?: T, depth = 0): string[] {
  return tree.getChildren(node).flatMap((child) => [`${'  '.repeat(depth)}${line(tree, child)}`, ...rows(tree, child, depth + 1)]);
}

function find<T>(tree: Tree<T>, label: string, node?: T): T | undefined {
  for (const child of tree.getChildren(node)) {
    if (labelOf(tree.getTreeItem(child)) === label) return child;
    const deeper = find(tree, label, child);
    if (deeper) return deeper;
  }
  return undefined;
}

const uri = (relative: string): vscode.Uri => vscode.Uri.joinPath(workspaceRoot(), relative);
const statusPattern = '(on track|at risk|off track)';

/** Opens a file in its own tab (not the preview tab, which the next file would replace). */
async function open(relative: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri(relative)), { preview: false });
}

/** What a Markdown tooltip reads as, without the escapes that keep config text from being markup. */
function plain(md: unknown): string {
  assert.ok(md instanceof vscode.MarkdownString, 'a Markdown tooltip');
  return md.value.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-!~>.])/g, '$1');
}

/** A row's tooltip as the workbench gets it on hover: the tree item, resolved by its provider. */
async function hoverTooltip<T>(provider: vscode.TreeDataProvider<T>, node: T): Promise<vscode.TreeItem['tooltip']> {
  const item = await provider.getTreeItem(node);
  const resolved = await provider.resolveTreeItem?.(item, node, new vscode.CancellationTokenSource().token);
  return (resolved ?? item).tooltip;
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: workspaceRoot().fsPath,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 't@example.invalid' },
  });
}

/** Waits for a tree to settle into rows matching `check`; returns them. */
async function rowsWhen<T>(what: string, tree: Tree<T>, check: (lines: string[]) => boolean, timeoutMs = 15_000): Promise<string[]> {
  let last: string[] = [];
  try {
    return await waitFor(what, () => {
      last = rows(tree);
      return check(last) ? last : undefined;
    }, timeoutMs);
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}; rows were:\n${last.join('\n')}`, { cause: error });
  }
}

async function ready(): Promise<OutcomeLensApi> {
  const api = await activeExtension();
  await api.index.whenBuilt();
  // Metric values arrive from file and static sources shortly after the config loads.
  await waitFor('metric values', () => rows(api.outcomesTree).some((r) => r.includes('3.4 % → 4 %')) || undefined, 15_000);
  return api;
}

describe('Sidebar views', () => {
  after(closeAll);

  it('contributes the Outcomes, This File and Tickets views, and they open', async () => {
    const api = await ready();
    const commands = await vscode.commands.getCommands(true);
    for (const view of ['outcomeLens.outcomes', 'outcomeLens.thisFile', 'outcomeLens.tickets']) assert.ok(commands.includes(`${view}.focus`), view);
    await vscode.commands.executeCommand('outcomeLens.thisFile.focus');
    await waitFor('This File to be visible', () => api.sidebar.thisFileView.visible || undefined);
    await vscode.commands.executeCommand('outcomeLens.tickets.focus');
    await waitFor('Tickets to be visible', () => api.sidebar.ticketsView.visible || undefined);
  });

  describe('Outcomes', () => {
    it('shows each outcome with its metrics, files and tickets, summarised', async () => {
      const api = await ready();
      const lines = await rowsWhen('files and ticket sightings', api.outcomesTree, (l) => l.some((r) => r.includes('PAY-12 | branch')));
      const kr1 = lines.findIndex((r) => r.startsWith('  KR-1 '));
      const section = lines.slice(kr1, kr1 + 9);
      assert.match(section[0] ?? '', new RegExp(`^  KR-1 Raise checkout conversion \\| 3\\.4 % → 4 % · ${statusPattern} · @payments$`));
      assert.match(section[1] ?? '', new RegExp(`^    Checkout conversion \\| 3\\.4 % → 4 % · ${statusPattern}$`));
      assert.deepEqual(section.slice(2), [
        '    Files | 2',
        '      cart.ts | src/checkout · path, tag, ticket',
        '      payment.ts | src/checkout · path',
        '    Tickets | 2',
        '      PAY-12 | branch',
        '        listed by KR-1 | outcomes.yaml:40',
        '        current branch | PAY-12-faster-checkout',
      ]);
      assert.ok(lines.includes('      PAY-31 | 1 comment'), lines.join('\n'));
      assert.ok(lines.includes('        comment in cart.ts | src/checkout/cart.ts:14'), lines.join('\n'));
      // The legacy folder is excluded by `!src/checkout/legacy/`; KR-3 also takes docs/onboarding*.md.
      assert.ok(!lines.some((r) => r.includes('oldCart.js')));
      for (const file of ['welcome.sql | src/onboarding · path, tag', 'tour.ts | src/onboarding · path', 'onboarding-guide.md | docs · path']) {
        assert.ok(lines.includes(`      ${file}`), `${file}\n${lines.join('\n')}`);
      }
    });

    it('gives outcomes a Markdown tooltip with status, owner, dates and each metric’s progress', async () => {
      const api = await ready();
      const node = find(api.outcomesTree, 'KR-1 Raise checkout conversion');
      assert.ok(node);
      assert.equal(api.outcomesTree.getTreeItem(node).tooltip, undefined, 'made on hover, not with every redraw');
      const tooltip = await hoverTooltip(api.outcomesTree, node);
      assert.ok(tooltip instanceof vscode.MarkdownString);
      assert.equal(tooltip.isTrusted, false);
      assert.equal(tooltip.supportHtml, false);
      const text = plain(tooltip);
      for (const expected of ['**KR-1 Raise checkout conversion**', 'Owner: @payments', 'Start: 2026-10-01', 'Due: 2027-03-31', 'Baseline: 3.1 %', 'Target: 4 %', 'Progress: 33%', 'Expected by today:', 'As of:', 'Source: nightly']) {
        assert.ok(text.includes(expected), `tooltip lacks "${expected}":\n${text}`);
      }
      assert.match(text, new RegExp(`\\*\\*Checkout conversion: 3\\.4 % → 4 % · ${statusPattern}\\*\\*`));
    });

    it('escapes config text in tooltips and descriptions', async () => {
      const api = await ready();
      const config = await vscode.workspace.openTextDocument(uri('outcomes.yaml'));
      const editor = await vscode.window.showTextDocument(config);
      const hostile = '[run](command:workbench.action.quit) <img src=x onerror=alert(1)> **loud**';
      try {
        await editor.edit((edit) => edit.insert(new vscode.Position(config.lineCount, 0), `\n  - id: KR-77\n    title: "${hostile}"\n    owner: "<b>@x</b>"\n`));
        const node = await waitFor('the new outcome', () => find(api.outcomesTree, `KR-77 ${hostile}`));
        const item = api.outcomesTree.getTreeItem(node);
        const tooltip = await hoverTooltip(api.outcomesTree, node);
        assert.ok(tooltip instanceof vscode.MarkdownString);
        const value = tooltip.value;
        assert.ok(!value.includes('[run](command:'), value);
        assert.ok(!value.includes('<img src=x onerror=alert(1)>'), value);
        assert.ok(!value.includes('**loud**'), value);
        assert.equal(item.description, 'no data · <b>@x</b>', 'descriptions are plain text, shown as written');
      } finally {
        await vscode.commands.executeCommand('undo');
        await config.save();
        await closeAll();
      }
      await waitFor('the outcome to go', () => (find(api.outcomesTree, `KR-77 ${hostile}`) ? undefined : true));
    });

    it('starts outcome and ticket-group rows expanded in a small config, and collapsed in one of more than 50', async () => {
      const api = await ready();
      const state = <T>(tree: Tree<T>, label: string) => {
        const node = find(tree, label);
        return node && tree.getTreeItem(node).collapsibleState;
      };
      const kr1 = 'KR-1 Raise checkout conversion';
      const { Expanded, Collapsed, None } = vscode.TreeItemCollapsibleState;
      assert.equal(state(api.outcomesTree, kr1), Expanded);
      assert.equal(state(api.ticketsTree, kr1), Expanded);
      const config = await vscode.workspace.openTextDocument(uri('outcomes.yaml'));
      const editor = await vscode.window.showTextDocument(config);
      // 50 more outcomes, the first 49 with a ticket each: 52 ticket groups, 55 outcomes.
      const many = Array.from({ length: 50 }, (_, i) => `  - id: KR-${100 + i}\n    title: Generated ${i}\n${i < 49 ? `    tickets: [GEN-${i}]\n` : ''}`).join('');
      try {
        await editor.edit((edit) => edit.insert(new vscode.Position(config.lineCount, 0), `\n${many}`));
        await waitFor('the 50 new outcomes', () => find(api.outcomesTree, 'KR-149 Generated 49'));
        assert.equal(state(api.outcomesTree, kr1), Collapsed, 'KR-1 has children, and starts collapsed');
        assert.equal(state(api.outcomesTree, 'KR-100 Generated 0'), Collapsed, 'its Tickets row is there to expand');
        assert.equal(state(api.outcomesTree, 'KR-149 Generated 49'), None, 'nothing to expand');
        await waitFor('the new ticket groups', () => find(api.ticketsTree, 'KR-148 Generated 48'));
        assert.equal(state(api.ticketsTree, kr1), Collapsed);
        assert.equal(state(api.ticketsTree, 'Untagged'), Collapsed);
      } finally {
        await vscode.commands.executeCommand('undo');
        await config.save();
        await closeAll();
      }
      await waitFor('the outcomes to go', () => (find(api.outcomesTree, 'KR-149 Generated 49') ? undefined : true));
      assert.equal(state(api.outcomesTree, kr1), Expanded);
      await waitFor('the ticket groups to go', () => (find(api.ticketsTree, 'KR-148 Generated 48') ? undefined : true));
      assert.equal(state(api.ticketsTree, kr1), Expanded);
    });

    it('filters by owner and status, says so in the view title, and clears', async () => {
      const api = await ready();
      try {
        await vscode.commands.executeCommand('outcomeLens.filterOutcomes', { owners: ['@search'] });
        const lines = await rowsWhen('the owner filter', api.outcomesTree, (l) => !l.some((r) => r.includes('KR-1')));
        assert.deepEqual(
          lines.filter((r) => /^ *(OBJ|KR)-/.test(r)).map((r) => r.split(' | ')[0]),
          ['OBJ-1 Customers finish buying without friction', '  KR-2 Cut search latency (p95)'],
          'KR-2 and its parent',
        );
        await waitFor('the view description', () => api.sidebar.outcomesView.description === '@search' || undefined);

        await vscode.commands.executeCommand('outcomeLens.filterOutcomes', { statuses: ['achieved'], owners: [] });
        await rowsWhen('nothing achieved', api.outcomesTree, (l) => l.length === 0);
        assert.equal(api.outcomesTree.isEmptyUnderFilter(), true);
        await waitFor('the view description', () => api.sidebar.outcomesView.description === 'achieved' || undefined);

        const kr3 = api.metrics.statusOf(api.configs.all()[0]!).outcomes.get('KR-3')?.status;
        assert.equal(kr3, 'on-track', 'KR-3 is on track (static value, no schedule)');
        await vscode.commands.executeCommand('outcomeLens.filterOutcomes', { statuses: ['on-track'], owners: ['@growth'] });
        const growth = await rowsWhen('status and owner', api.outcomesTree, (l) => l.some((r) => r.startsWith('  KR-3')));
        assert.deepEqual(growth.filter((r) => /^ *(OBJ|KR)-/.test(r)).map((r) => r.split(' | ')[0]), ['OBJ-2 New customers get value on day one', '  KR-3 Activate new accounts within 24 hours']);
      } finally {
        await vscode.commands.executeCommand('outcomeLens.clearOutcomeFilter');
      }
      await rowsWhen('every outcome again', api.outcomesTree, (l) => l.some((r) => r.startsWith('  KR-1')) && l.some((r) => r.startsWith('  KR-3')));
      await waitFor('no description', () => api.sidebar.outcomesView.description === '' || undefined);
    });

    it('shows only the outcomes of open editors when asked', async () => {
      const api = await ready();
      await closeAll();
      try {
        await vscode.commands.executeCommand('outcomeLens.showOpenEditorsOutcomes');
        await rowsWhen('no open editor, no outcome', api.outcomesTree, (l) => l.length === 0);
        await open('src/search/ranking.py');
        const lines = await rowsWhen('ranking.py’s outcome', api.outcomesTree, (l) => l.some((r) => r.startsWith('  KR-2')));
        assert.deepEqual(lines.filter((r) => /^ *(OBJ|KR)-/.test(r)).map((r) => r.split(' | ')[0]), ['OBJ-1 Customers finish buying without friction', '  KR-2 Cut search latency (p95)']);
        assert.equal(api.sidebar.outcomesView.description, 'open editors');
        await open('src/onboarding/welcome.sql');
        await rowsWhen('a second editor adds KR-3', api.outcomesTree, (l) => l.some((r) => r.startsWith('  KR-3')) && l.some((r) => r.startsWith('  KR-2')));
      } finally {
        await vscode.commands.executeCommand('outcomeLens.showAllFilesOutcomes');
        await closeAll();
      }
      await rowsWhen('every outcome again', api.outcomesTree, (l) => l.some((r) => r.startsWith('  KR-1')));
    });

    it('inline actions open the outcome in the config and reveal its files', async () => {
      const api = await ready();
      const kr2 = find(api.outcomesTree, 'KR-2 Cut search latency (p95)');
      assert.ok(kr2);
      await vscode.commands.executeCommand('outcomeLens.openOutcome', kr2);
      const editor = await waitFor('the config editor', () => (vscode.window.activeTextEditor?.document.uri.path.endsWith('/outcomes.yaml') ? vscode.window.activeTextEditor : undefined));
      assert.equal(editor.selection.start.line + 1, 42, 'KR-2 is declared on line 42');
      assert.equal(editor.document.getText(editor.selection), 'KR-2');

      const kr1 = find(api.outcomesTree, 'KR-1 Raise checkout conversion');
      const reveal = vscode.commands.executeCommand('outcomeLens.revealOutcomeFiles', kr1);
      // The quick pick lists cart.ts first (files are sorted); accepting it opens the file.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await reveal;
      await waitFor('cart.ts to open', () => vscode.window.activeTextEditor?.document.uri.path.endsWith('/src/checkout/cart.ts') || undefined);
      await closeAll();
    });
  });

  describe('This File', () => {
    it('lists what the active file serves with each reason, the metrics, and history when read', async () => {
      const api = await ready();
      await open('src/checkout/cart.ts');
      const lines = await rowsWhen('cart.ts with its history', api.thisFileTree, (l) => l.some((r) => r.includes('commit ')));
      assert.match(lines[0] ?? '', new RegExp(`^KR-1 Raise checkout conversion \\| 3\\.4 % → 4 % · ${statusPattern} · @payments$`));
      const sha = git('rev-parse', '--short', 'HEAD').trim();
      assert.deepEqual(lines.slice(1, 6), [
        '  path src/checkout/ | outcomes.yaml:38',
        '  tag @outcome KR-1 | line 1',
        '  ticket PAY-31 | line 14',
        `  commit ${sha} | Demo workspace · Outcome: trailer`,
        '  branch PAY-12-faster-checkout | ticket PAY-12',
      ]);
      assert.match(lines[6] ?? '', new RegExp(`^  Checkout conversion \\| 3\\.4 % → 4 % · ${statusPattern}$`));
      assert.equal(lines.length, 7);
      await waitFor('the view description', () => api.sidebar.thisFileView.description === 'src/checkout/cart.ts' || undefined);
      assert.equal(api.sidebar.thisFileView.message, '');
    });

    it('jumps to the config line, the tag, and the commit', async () => {
      const api = await ready();
      await open('src/checkout/cart.ts');
      await rowsWhen('history', api.thisFileTree, (l) => l.some((r) => r.includes('commit ')));
      // Each jump opens another file, which the view then follows: take every command first.
      const commands = new Map<string, vscode.Command>();
      for (const node of api.thisFileTree.getChildren(api.thisFileTree.getChildren()[0])) {
        const item = api.thisFileTree.getTreeItem(node);
        if (item.command) commands.set(labelOf(item), item.command);
      }
      const run = async (label: string): Promise<vscode.TextEditor> => {
        const command = commands.get(label);
        assert.ok(command, `${label} has a command`);
        await vscode.commands.executeCommand(command.command, ...((command.arguments ?? []) as unknown[]));
        return waitFor(`${label} to open`, () => vscode.window.activeTextEditor);
      };
      const config = await run('path src/checkout/');
      assert.ok(config.document.uri.path.endsWith('/outcomes.yaml'));
      assert.equal(config.document.getText(config.selection), 'src/checkout/');
      const tag = await run('tag @outcome KR-1');
      assert.ok(tag.document.uri.path.endsWith('/cart.ts'));
      assert.equal(tag.document.getText(tag.selection), 'KR-1');
      const ticket = await run('ticket PAY-31');
      assert.equal(ticket.document.getText(ticket.selection), 'PAY-31');
      const sha = git('rev-parse', '--short', 'HEAD').trim();
      const commit = await run(`commit ${sha}`);
      await waitFor('the commit document', () => (vscode.window.activeTextEditor?.document.uri.scheme === 'outcome-lens-commit' ? true : undefined));
      const text = vscode.window.activeTextEditor?.document.getText() ?? commit.document.getText();
      assert.match(text, /Demo workspace/);
      assert.match(text, /Outcome: KR-1/);
      assert.match(text, /src\/checkout\/cart\.ts/);
      await closeAll();
    });

    it('for a file that serves nothing, says so and shows the branch’s outcome', async () => {
      const api = await ready();
      await open('src/shared/money.ts');
      const lines = await rowsWhen('money.ts', api.thisFileTree, (l) => l.length > 0 && !l.some((r) => r.includes('Reading history')));
      assert.match(lines[0] ?? '', /^KR-1 Raise checkout conversion \| /);
      assert.ok(lines.includes('  branch PAY-12-faster-checkout | ticket PAY-12'), lines.join('\n'));
      await waitFor('the message', () =>
        api.sidebar.thisFileView.message === 'money.ts serves no outcome by path, tag or ticket; the branch’s outcome is shown.' || undefined,
      );
      await closeAll();
      await waitFor('the empty message', () => api.sidebar.thisFileView.message === 'Open a file to see which outcomes it serves.' || undefined);
    });
  });

  describe('Tickets', () => {
    it('groups tickets from the config, comments and the branch by outcome, with the untagged ones apart', async () => {
      const api = await ready();
      const lines = await rowsWhen('tickets', api.ticketsTree, (l) => l.some((r) => r.startsWith('Untagged')) && !l.some((r) => r.includes('Reading recent commits')));
      assert.deepEqual(
        lines.filter((r) => !r.startsWith('    ')),
        [
          'KR-1 Raise checkout conversion | 2 tickets',
          '  PAY-12 | branch',
          '  PAY-31 | 1 comment',
          'KR-2 Cut search latency (p95) | 1 ticket',
          '  SRCH-7 | 1 comment',
          'Untagged | 1 ticket',
          '  PAY-40 | 1 comment',
        ],
      );
      assert.ok(lines.includes('    comment in money.ts | src/shared/money.ts:2'), lines.join('\n'));
      const untagged = find<TicketsNode>(api.ticketsTree, 'PAY-40');
      assert.ok(untagged);
      // The contract with "Tag with Outcome": the element carries its ticket ID.
      assert.equal((untagged as { ticket?: unknown }).ticket, 'PAY-40');
      assert.equal(api.ticketsTree.getTreeItem(untagged).contextValue, 'ticket.untagged.link');
      const tagged = find<TicketsNode>(api.ticketsTree, 'PAY-31');
      assert.ok(tagged);
      assert.equal(api.ticketsTree.getTreeItem(tagged).contextValue, 'ticket.tagged.link');
      // On hover: what it serves and where it was seen.
      const tooltip = plain(await hoverTooltip(api.ticketsTree, tagged));
      assert.ok(tooltip.includes('Serves: KR-1 Raise checkout conversion') && tooltip.includes('src/checkout/cart.ts:'), tooltip);
      assert.ok(plain(await hoverTooltip(api.ticketsTree, untagged)).includes('Untagged: no outcome lists this ticket'));
    });

    it('reads new commits and a branch switch from git', async () => {
      const api = await ready();
      api.ticketsTree.getChildren();
      await writeFile(path.join(workspaceRoot().fsPath, 'src/shared/invoice.ts'), 'export const invoice = 1;\n');
      git('add', 'src/shared/invoice.ts');
      git('commit', '-q', '-m', 'Send invoices for ONB-5\n\nOutcome: KR-3');
      git('checkout', '-q', '-b', 'SRCH-7-cache-tokens');
      try {
        const lines = await rowsWhen('the commit and the branch', api.ticketsTree, (l) => l.includes('  ONB-5 | 1 commit · commits say KR-3') && l.includes('  SRCH-7 | branch · 1 comment'), 20_000);
        assert.ok(lines.includes('  PAY-12 | config only'), lines.join('\n'));
        await open('src/shared/money.ts');
        await waitFor('the branch’s outcome in the status bar', () => /^\$\(git-branch\) KR-2 · /.test(api.statusBar.item.text) || undefined);
      } finally {
        git('checkout', '-q', 'PAY-12-faster-checkout');
        git('branch', '-q', '-D', 'SRCH-7-cache-tokens');
        git('reset', '-q', '--hard', 'HEAD~1');
        await closeAll();
      }
      await rowsWhen('the demo’s tickets again', api.ticketsTree, (l) => l.includes('  PAY-12 | branch') && !l.some((r) => r.includes('ONB-5')), 20_000);
    });
  });

  describe('Status bar', () => {
    it('names the active file’s outcome and status, the branch’s for other files, the worst of several', async () => {
      const api = await ready();
      await open('src/checkout/cart.ts');
      await waitFor('cart.ts in the status bar', () => new RegExp(`^\\$\\(target\\) KR-1 · ${statusPattern}$`).test(api.statusBar.item.text) || undefined);
      assert.equal(api.statusBar.item.command, 'outcomeLens.thisFile.focus');
      assert.match(plain(api.statusBar.item.tooltip), /cart\.ts serves one outcome[^]*- KR-1 Raise checkout conversion — (on track|at risk|off track)/);

      await open('src/shared/money.ts');
      await waitFor('the branch’s outcome', () => new RegExp(`^\\$\\(git-branch\\) KR-1 · ${statusPattern}$`).test(api.statusBar.item.text) || undefined);

      // docs/onboarding* serves KR-3 by path; a SRCH-7 comment adds KR-2 by ticket.
      const two = uri('docs/onboarding-notes.md');
      await vscode.workspace.fs.writeFile(two, new TextEncoder().encode('<!-- SRCH-7: search the notes -->\n'));
      try {
        await waitFor('the new file in the index', () => (api.index.outcomesOf(two).length === 2 ? true : undefined));
        await vscode.window.showTextDocument(two);
        const status = api.metrics.statusOf(api.configs.all()[0]!);
        const severity = ['achieved', 'on-track', 'no-data', 'stale', 'error', 'at-risk', 'off-track'];
        const [worst] = ['KR-2', 'KR-3'].sort((a, b) => severity.indexOf(status.outcomes.get(b)?.status ?? '') - severity.indexOf(status.outcomes.get(a)?.status ?? ''));
        await waitFor('two outcomes', () => new RegExp(`^\\$\\(target\\) ${worst} · [a-z ]+ \\+1$`).test(api.statusBar.item.text) || undefined);
      } finally {
        await closeAll();
        await vscode.workspace.fs.delete(two);
      }
      await waitFor('the deleted file to leave the index', () => (api.index.entryFor(two) === undefined ? true : undefined));
    });
  });

  describe('Explorer', () => {
    it('badges files that serve an outcome, re-fires only the changed file, and follows the setting', async () => {
      const api = await ready();
      const decoration = api.decorations.provideFileDecoration(uri('src/checkout/cart.ts'));
      assert.equal(decoration?.badge, '◎');
      assert.equal(decoration?.tooltip, 'Serves KR-1 Raise checkout conversion');
      assert.equal(api.decorations.provideFileDecoration(uri('src/checkout/legacy/oldCart.js')), undefined);
      assert.equal(api.decorations.provideFileDecoration(uri('src/checkout')), undefined, 'folders get no badge');
      assert.equal(api.decorations.provideFileDecoration(uri('src/shared/money.ts')), undefined);

      const money = uri('src/shared/money.ts');
      const fired: string[][] = [];
      const listener = api.decorations.onDidChangeFileDecorations((uris) => fired.push((uris ?? []).map((u) => vscode.workspace.asRelativePath(u))));
      const original = await vscode.workspace.fs.readFile(money);
      try {
        await vscode.workspace.fs.writeFile(money, new TextEncoder().encode(`// @outcome KR-3\n${new TextDecoder().decode(original)}`));
        await waitFor('the new badge', () => api.decorations.provideFileDecoration(money)?.tooltip === 'Serves KR-3 Activate new accounts within 24 hours' || undefined);
        await waitFor('the change event', () => fired.some((uris) => uris.includes('src/shared/money.ts')) || undefined);
        // Only changed files: never the ones whose outcomes stayed the same.
        const event = fired.find((uris) => uris.includes('src/shared/money.ts')) ?? [];
        assert.ok(!event.includes('src/checkout/cart.ts') && event.length < api.decorations.decoratedCount(), event.join(', '));
      } finally {
        listener.dispose();
        await vscode.workspace.fs.writeFile(money, original);
      }
      await waitFor('the badge to go', () => (api.decorations.provideFileDecoration(money) === undefined ? true : undefined));

      const settings = vscode.workspace.getConfiguration('outcomeLens');
      await settings.update('explorerDecorations', false, vscode.ConfigurationTarget.Workspace);
      try {
        await waitFor('no badges', () => (api.decorations.provideFileDecoration(uri('src/checkout/cart.ts')) === undefined && api.decorations.decoratedCount() === 0 ? true : undefined));
      } finally {
        await settings.update('explorerDecorations', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await waitFor('badges again', () => api.decorations.provideFileDecoration(uri('src/checkout/cart.ts')) ?? undefined);
    });
  });

  describe('Getting started', () => {
    it('contributes a walkthrough whose steps create the config, tag a file and show the status, with their media', async () => {
      const extension = vscode.extensions.getExtension(extensionId);
      assert.ok(extension);
      const manifest = extension.packageJSON as {
        contributes: {
          walkthroughs: { id: string; steps: { id: string; description: string; media: { image?: string; markdown?: string }; completionEvents: string[] }[] }[];
          viewsWelcome: { view: string; contents: string; when: string }[];
        };
      };
      const [walkthrough] = manifest.contributes.walkthroughs;
      assert.equal(walkthrough?.id, 'gettingStarted');
      assert.deepEqual(walkthrough.steps.map((s) => s.id), ['createConfig', 'tagFile', 'seeStatus']);
      assert.match(walkthrough.steps[0]?.description ?? '', /command:outcomeLens\.createConfig/);
      for (const step of walkthrough.steps) {
        const media = step.media.image ?? step.media.markdown ?? '';
        assert.ok(existsSync(path.join(extension.extensionPath, media)), media);
        assert.ok(step.completionEvents.length > 0, step.id);
      }
      const welcome = manifest.contributes.viewsWelcome.find((w) => w.view === 'outcomeLens.outcomes' && w.when === '!outcomeLens.hasConfig');
      assert.match(welcome?.contents ?? '', /\[Create Outcome Config\]\(command:outcomeLens\.createConfig\)/);
      // The workbench knows the walkthrough: opening it does not fail.
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extensionId}#gettingStarted`, false);
      await closeAll();
    });
  });
});
