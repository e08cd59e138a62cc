import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { OutcomeLensApi } from '../../src/extension/extension';
import type { OutcomesNode } from '../../src/extension/views/outcomesTreeProvider';
import { activeExtension, waitFor, workspaceRoot } from './helpers';

/** Every row of the Outcomes view, depth first, as `label | description`. */
function rows(api: OutcomeLensApi, node?: OutcomesNode): string[] {
  return api.outcomesTree.getChildren(node).flatMap((child) => {
    const item = api.outcomesTree.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    return [`${label} | ${typeof item.description === 'string' ? item.description : ''}`, ...rows(api, child)];
  });
}

function row(api: OutcomeLensApi, label: string): string | undefined {
  return rows(api).find((r) => r.startsWith(`${label} | `));
}

describe('Live metric status in the Outcomes view', () => {
  it('shows each metric as current → target with its status', async () => {
    const api = await activeExtension();
    // Static source, no schedule: progress (47.5 − 41) / (55 − 41) > 0 → on track, whatever the date.
    const expected = 'Activated within 24 h | 47.5 % → 55 % · on track';
    await waitFor('the static metric', () => row(api, 'Activated within 24 h') === expected).catch(() => undefined);
    assert.equal(row(api, 'Activated within 24 h'), expected);
    // A JSON file source, and a CSV one (its last row is the current value).
    const conversion = await waitFor('the JSON file metric', () => row(api, 'Checkout conversion')?.match(/^Checkout conversion \| 3\.4 % → 4 % · (on track|at risk|off track)$/));
    assert.ok(conversion);
    assert.match(row(api, 'Search p95 latency') ?? '', /^Search p95 latency \| 630 ms → 400 ms · (on track|at risk|off track)$/);
    // The objective rolls up its outcomes' status.
    assert.match(row(api, 'OBJ-1 Customers finish buying without friction') ?? '', / \| (on track|at risk|off track) · @commerce$/);
  });

  it('re-reads a file source when the file changes', async () => {
    const api = await activeExtension();
    const file = vscode.Uri.joinPath(workspaceRoot(), 'metrics', 'nightly.json').fsPath;
    const original = await readFile(file, 'utf8');
    try {
      await writeFile(file, original.replace('"conversion": 3.4', '"conversion": 4.2'));
      await waitFor('the new value', () => row(api, 'Checkout conversion') === 'Checkout conversion | 4.2 % → 4 % · achieved', 15_000);
    } finally {
      await writeFile(file, original);
    }
    await waitFor('the old value again', () => row(api, 'Checkout conversion')?.startsWith('Checkout conversion | 3.4 %'), 15_000);
  });
});
