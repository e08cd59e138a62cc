import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, waitFor, workspaceRoot } from './helpers';

const uri = (p: string) => vscode.Uri.joinPath(workspaceRoot(), p);

/** The hovers' Markdown source, joined. */
async function hoverAt(target: vscode.Uri, line: number, character: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', target, new vscode.Position(line, character));
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

/** Roughly what the user reads: Markdown escapes and &nbsp; undone. */
function readable(markdown: string): string {
  return markdown
    .replace(/&nbsp;/g, ' ')
    .replace(/\\([\\`*_{}[\]()#+\-.!~>$])/g, '$1')
    .replace(/\\\$\(/g, '$(')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&');
}

async function positionOf(file: string, text: string, occurrence = 0): Promise<vscode.Position> {
  const document = await vscode.workspace.openTextDocument(uri(file));
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) offset = document.getText().indexOf(text, offset + 1);
  assert.ok(offset >= 0, `${text} in ${file}`);
  return document.positionAt(offset);
}

describe('Hovers on outcome IDs', () => {
  before(async () => {
    const api = await activeExtension();
    await api.index.whenBuilt();
    await waitFor('the CSV metric', () => {
      const model = api.configs.all()[0];
      return model && api.metrics.statusOf(model).metrics.get('KR-2/search-p95')?.reading.value === 630;
    });
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows title, status, progress bar, each metric with a trend chart, owner, due and links', async () => {
    const at = await positionOf('src/search/ranking.py', 'KR-2');
    const markdown = await hoverAt(uri('src/search/ranking.py'), at.line, at.character + 1);
    const text = readable(markdown);
    assert.match(text, /^\*\*KR-2 Cut search latency \(p95\)\*\*\n/);
    assert.match(text, /\$\([a-z-]+\) (on track|at risk|off track) — metric search-p95: progress 49% against \d+% expected by now/);
    assert.match(text, /Progress `[█░]{10}` 49% \(expected \d+% by now\)/);
    assert.match(text, /\*\*Search p95 latency\*\* 630 ms of 400 ms from 850 ms · (on track|at risk|off track)/);
    assert.match(text, /Owner: @search · Start: 2026-09-01 · Due: 2026-12-31 \(.+\) · Parent: OBJ-1 Customers finish buying without friction/);
    assert.ok(text.includes('[SRCH-7](https://tracker.example.com/browse/SRCH-7)'), 'the ticket links to the tracker');
    const open = /\[\$\(go-to-file\) Open in outcomes\.yaml\]\(command:outcomeLens\.openOutcome\?([^ )]+)/.exec(markdown);
    assert.ok(open?.[1], 'a link opens the outcome in the config');
    assert.deepEqual(JSON.parse(decodeURIComponent(open[1])), ['KR-2', uri('outcomes.yaml').fsPath]);

    const image = /!\[trend\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(markdown);
    assert.ok(image?.[1], 'the trend chart is an image in the hover');
    const svg = Buffer.from(image[1], 'base64').toString('utf8');
    assert.match(svg, /^<svg [^>]*width="160" height="36"/);
    assert.match(svg, /<path d="M[\d. ]+( L[\d. ]+){6}"/, 'one point per CSV row (7 days)');
    assert.match(svg, /stroke-dasharray/, 'the target line');
  });

  it('works in the config and in commit messages, and only on IDs the config knows', async () => {
    const parent = await positionOf('outcomes.yaml', 'parent: OBJ-1');
    const inConfig = readable(await hoverAt(uri('outcomes.yaml'), parent.line, parent.character + 'parent: '.length + 2));
    assert.match(inConfig, /^\*\*OBJ-1 Customers finish buying without friction\*\*/);
    assert.match(inConfig, /Owner: @commerce · Rolls up: KR-1, KR-2/);

    const message = await vscode.workspace.openTextDocument({ language: 'git-commit', content: 'Show delivery estimates\n\nOutcome: KR-1\n' });
    const inCommit = readable(await hoverAt(message.uri, 2, 10));
    assert.match(inCommit, /^\*\*KR-1 Raise checkout conversion\*\*/);
    assert.match(inCommit, /\*\*Checkout conversion\*\* 3\.4 % of 4 % from 3\.1 %/);

    const prose = await positionOf('src/onboarding/tour.ts', 'KR-9', 1);
    assert.equal(await hoverAt(uri('src/onboarding/tour.ts'), prose.line, prose.character + 1), '', 'an unknown ID outside a tag is just text');
    const word = await positionOf('src/onboarding/tour.ts', 'tourSteps');
    // TypeScript has its own hover there; ours says nothing.
    assert.doesNotMatch(await hoverAt(uri('src/onboarding/tour.ts'), word.line, word.character + 1), /outcome|\*\*/);
  });

  it('says when a tag names no outcome, with the nearest one', async () => {
    const tag = await positionOf('src/onboarding/tour.ts', 'KR-9');
    const text = readable(await hoverAt(uri('src/onboarding/tour.ts'), tag.line, tag.character + 1));
    assert.equal(
      text,
      `$(warning) **KR-9** is not an outcome in outcomes.yaml. Did you mean [KR-1](command:outcomeLens.openOutcome?${encodeURIComponent(JSON.stringify(['KR-1', uri('outcomes.yaml').fsPath]))})?`,
    );
  });

  it('escapes everything that comes from the config', async () => {
    const document = await vscode.workspace.openTextDocument(uri('outcomes.yaml'));
    const editor = await vscode.window.showTextDocument(document);
    const line = document.getText().split('\n').findIndex((l) => l.includes('title: Activate new accounts within 24 hours'));
    const hostile = '"**Bold** <img src=x onerror=alert(1)> [click](command:workbench.action.quit) $(alert) _x_"';
    await editor.edit((edit) => {
      edit.replace(document.lineAt(line).range, `    title: ${hostile}`);
      edit.insert(new vscode.Position(line + 1, 0), '    owner: "<script>alert(1)</script> [x](javascript:alert(1))"\n    description: "# Heading\\n\\n<b>hi</b>"\n');
    });
    try {
      const api = await activeExtension();
      await waitFor('the hostile title in the model', () => api.configs.all()[0]?.byId.get('KR-3')?.spec.title.startsWith('**Bold**'));
      const at = await positionOf('src/onboarding/welcome.sql', 'KR-3');
      const markdown = await hoverAt(uri('src/onboarding/welcome.sql'), at.line, at.character + 1);
      assert.ok(markdown.includes('\\*\\*Bold\\*\\*'), markdown);
      for (const raw of ['**Bold**', '<img src', '](command:workbench', '<script>', '](javascript:', '\n# Heading', '<b>hi']) {
        assert.ok(!markdown.includes(raw), `"${raw}" reaches the hover unescaped:\n${markdown}`);
      }
      assert.ok(!/(^|[^\\])\$\(alert\)/.test(markdown), 'a theme icon in config text stays text');
      assert.equal(readable(markdown).split('\n')[0], `**KR-3 ${hostile.slice(1, -1)}**`, 'and reads as written');
      const [lens] = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri('src/onboarding/welcome.sql'), 10);
      assert.match(lens?.command?.title ?? '', /^KR-3 \*\*Bold\*\* <img src=x onerror=alert\(1\)> \[click\]\(command:workbench\.action\.quit\) \\\$\(alert\) _x_ · /, 'the CodeLens shows the icon syntax as text');
    } finally {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
