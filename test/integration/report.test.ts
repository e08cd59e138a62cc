import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import { nodeGitRunner } from '../../src/core/node/nodeHost';
import { activeExtension, waitFor, workspaceRoot } from './helpers';

async function git(root: string, ...args: string[]): Promise<string> {
  const result = await nodeGitRunner(['-c', 'user.name=Report Test', '-c', 'user.email=report@example.invalid', ...args], { cwd: root });
  assert.equal(result.exitCode, 0, `git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** The page as a reader sees it: inline tags dropped, others a space, entities decoded, whitespace collapsed. */
function visibleText(html: string): string {
  return html
    .replace(/<style[^]*?<\/style>/g, '')
    .replace(/<title>[^]*?<\/title>/g, '')
    .replace(/<\/?(code|span|a)\b[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/\s+/g, ' ');
}

describe('Show Outcome Report', () => {
  it('opens the changes since a revision, by outcome, in a webview with a strict CSP, theme colours and trends', async () => {
    const api = await activeExtension();
    const root = workspaceRoot().fsPath;
    const [model] = api.configs.all();
    assert.ok(model);
    // The CSV source gives KR-2's metric a history, which the report draws as a trend.
    await waitFor('the search latency history', () => (api.metrics.statusOf(model).metrics.get('KR-2/search-p95')?.reading.history.length ?? 0) >= 2, 15_000);

    const original = await git(root, 'symbolic-ref', '--short', 'HEAD');
    await git(root, 'switch', '-q', '-c', 'report-probe');
    try {
      await writeFile(path.join(root, 'src/search/boost.py'), '# Boost exact matches.\nBOOST = 2\n');
      await git(root, 'add', 'src/search/boost.py');
      await git(root, 'commit', '-q', '--no-verify', '-m', 'Boost exact matches <script>alert(1)</script>\n\nOutcome: KR-2');
      const shortSha = await git(root, 'rev-parse', '--short', 'HEAD');
      await mkdir(path.join(root, 'scratch'), { recursive: true });
      await writeFile(path.join(root, 'scratch/notes.txt'), 'remember\n');

      await vscode.commands.executeCommand('outcomeLens.showReport', original);
      const html = await waitFor('the report panel', () => api.reports.html);

      // Strict policy: nothing loads, only the nonce'd style block applies, no script at all.
      const csp = /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-([A-Za-z0-9+/=]+)';">/.exec(html);
      assert.ok(csp, 'the page carries the strict CSP');
      assert.ok(html.includes(`<style nonce="${csp[1] ?? ''}">`));
      assert.doesNotMatch(html, /<script/i);
      assert.doesNotMatch(html, /\ssrc=/, 'no resources to load');
      assert.doesNotMatch(html, /href="(?!https:\/\/tracker\.example\.com\/)/, 'links only to the ticket tracker');
      assert.match(html, /var\(--vscode-charts-yellow\)/, 'theme colours');

      const text = visibleText(html);
      assert.match(text, new RegExp(`Changes since ${original} \\(merge base [0-9a-f]{7}\\): 2 files changed, \\+3 -0 lines, 1 commit\\.`));
      assert.match(text, /1 file serves 1 outcome\. 1 file serves no outcome: 1 of 3 changed lines \(33%\)\./);
      assert.match(text, /KR-2 Cut search latency \(p95\) · (on track|at risk|off track)/);
      assert.match(text, /Search p95 latency 630 ms → 400 ms/);
      assert.match(text, new RegExp(`src/search/boost\\.py added \\+2 -0 path rule src/search/ \\(outcomes\\.yaml:56\\); commit ${shortSha} \\(Outcome: trailer\\)`));
      assert.match(text, /Changed files serving no outcome .* scratch\/notes\.txt added, uncommitted \+1 -0/);
      assert.ok(text.includes(`${shortSha} Boost exact matches <script>alert(1)</script> KR-2`), 'the commit subject is shown as text');
      assert.ok(html.includes('Boost exact matches &#60;script&#62;alert(1)&#60;/script&#62;'), 'and escaped in the HTML');
      assert.match(html, /<span class="trend"><svg [^>]*role="img"><title>Search p95 latency over time<\/title>/);

      // The editor's tab model reaches the extension host a moment after the panel opens.
      const tab = await waitFor('the report tab', () =>
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('outcomeLens.report')),
      );
      assert.equal(tab.label, `Outcome Report: since ${original}`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await rm(path.join(root, 'scratch'), { recursive: true, force: true });
      await git(root, 'switch', '-q', original);
      await git(root, 'branch', '-q', '-D', 'report-probe');
    }
    await waitFor('the panel to close', () => api.reports.html === undefined);
  });
});
