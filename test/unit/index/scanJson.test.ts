import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadOutcomes } from '../../../src/core/config/loader';
import { sortedChanges } from '../../../src/core/files/sortedPaths';
import type { OutcomeModel } from '../../../src/core/config/model';
import { nodeFileSystem } from '../../../src/core/node/nodeHost';
import { parseScanJson, patchScanJson, scanToJson } from '../../../src/core/index/scanJson';
import { WorkspaceIndex } from '../../../src/core/index/workspaceIndex';
import { seededRandom } from '../helpers/seededRandom';
import { nodePorts } from './indexFixture';

const config = `version: 1
tickets:
  patterns: ['[A-Z][A-Z0-9]+-\\d+']
outcomes:
  - id: KR-1
    title: Checkout
    paths: [src/checkout/, "!src/checkout/legacy/"]
    tickets: [PAY-12]
  - id: KR-2
    title: Search
    paths: [src/search/]
    tickets: [SHIP-4, PAY-12]
  - id: KR-3
    title: Dropped
    status: dropped
`;

const folders = ['src/checkout', 'src/checkout/legacy', 'src/search', 'src/other', 'docs'];
const names = ['a.ts', 'b.py', 'c.md', 'd.js', 'e.sql', 'f.txt'];
/** Contents a file is rewritten with: tags (known, unknown, dropped), tickets (mapped or not), binary, nothing. */
const contents = [
  '',
  'plain text\n',
  '// @outcome KR-1\n',
  '# @outcome KR-2, KR-3\n',
  '-- @outcome NOPE-9\nselect 1;\n',
  '// TODO(PAY-12) later\n',
  '/* SHIP-4 */ and OTHER-7 outside: PAY-12\n',
  'x\n// @outcome KR-1\n// @outcome WHO-1\n// TODO(SHIP-4)\n',
  Buffer.concat([Buffer.from([0x00, 0x01]), Buffer.from('\n// @outcome KR-2\n')]).toString('latin1'),
];

describe('scan JSON: a stored output patched with the files that changed', function () {
  this.timeout(30_000);
  let root: string;
  let model: OutcomeModel;
  let files: string[];

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'outcome-lens-scanjson-'));
    await writeFile(path.join(root, 'outcomes.yaml'), config);
    const loaded = await loadOutcomes(root, nodeFileSystem);
    assert.ok(loaded);
    model = loaded;
    files = folders.flatMap((folder) => names.map((name) => `${folder}/${name}`)).sort();
    for (const folder of folders) await mkdir(path.join(root, folder), { recursive: true });
  });
  after(async () => rm(root, { recursive: true, force: true }));

  const write = async (file: string, content: string) => writeFile(path.join(root, file), Buffer.from(content, 'latin1'));
  const index = async (which: readonly string[]) => WorkspaceIndex.build(root, model, nodePorts, { files: which });

  it('gives what indexing the whole tree gives, over rounds of random edits, added and deleted files (chained patches)', async () => {
    const random = seededRandom(11);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    // Two files in three are there to begin with.
    let present = files.filter(() => random() < 0.67);
    for (const file of present) await write(file, pick(contents));
    const patched = scanToJson(await index(present));
    let listingChanges = 0;
    for (let round = 0; round < 60; round++) {
      // One to five files rewritten, added or deleted; the patch also reads one file that did not change.
      const changed = new Set<string>();
      const gone = new Set<string>();
      const count = 1 + Math.floor(random() * 5);
      for (let i = 0; i < count; i++) {
        const file = pick(files);
        if (!present.includes(file) || random() < 0.6) {
          gone.delete(file);
          changed.add(file);
          await write(file, pick(contents));
        } else if (!changed.has(file)) {
          gone.add(file);
          await unlink(path.join(root, file));
        }
      }
      const now = files.filter((file) => (present.includes(file) || changed.has(file)) && !gone.has(file));
      const listing = sortedChanges(present, now);
      if (listing.added.length + listing.removed.length > 0) listingChanges++;
      present = now;
      if (present.length > 0) changed.add(pick(present));
      patchScanJson(patched, await index([...changed].sort()), listing);
      const whole = scanToJson(await index(present));
      // Byte for byte, as the CLI prints it: the same lists, in the same order.
      assert.equal(JSON.stringify(patched, null, 2), JSON.stringify(whole, null, 2), `round ${round}: ${[...changed].join(', ')}; added ${listing.added.join(', ')}; removed ${listing.removed.join(', ')}`);
    }
    assert.ok(listingChanges > 20, 'most rounds add or delete files');
  });

  it('sortedChanges names the files added and removed between two sorted listings', () => {
    assert.deepEqual(sortedChanges([], []), { added: [], removed: [] });
    assert.deepEqual(sortedChanges(['a', 'b/c', 'd'], ['a', 'b/c', 'd']), { added: [], removed: [] });
    assert.deepEqual(sortedChanges(['a', 'b/c', 'd'], ['0', 'b/c', 'b/d', 'e']), { added: ['0', 'b/d', 'e'], removed: ['a', 'd'] });
    assert.deepEqual(sortedChanges(['a', 'b'], []), { added: [], removed: ['a', 'b'] });
    assert.deepEqual(sortedChanges([], ['a', 'b']), { added: ['a', 'b'], removed: [] });
  });

  it('a file that stops serving anything counts as untagged again, and its unknown IDs go', async () => {
    await write('docs/c.md', '<!-- @outcome KR-1 -->\n<!-- @outcome NOPE-1 -->\n');
    const before = scanToJson(await index(files));
    assert.ok(before.outcomes['KR-1']?.byReason.tag.includes('docs/c.md'));
    assert.ok(before.unknownIds.some((u) => u.file === 'docs/c.md'));
    await write('docs/c.md', 'no tags now\n');
    patchScanJson(before, await index(['docs/c.md']));
    assert.ok(!before.outcomes['KR-1']?.files.includes('docs/c.md'));
    assert.ok(!before.unknownIds.some((u) => u.file === 'docs/c.md'));
    assert.deepEqual(before, scanToJson(await index(files)));
  });

  it('reads back only what has the shape of a scan', () => {
    const json = scanToJson(WorkspaceIndex.empty(root, model, nodePorts));
    assert.deepEqual(parseScanJson(JSON.stringify(json)), json);
    for (const damaged of ['', '{', 'null', '[]', '{ "planted": "by the test" }', JSON.stringify({ ...json, untagged: '3' }), JSON.stringify({ ...json, outcomes: { 'KR-1': { files: [], byReason: { path: [] } } } })]) {
      assert.equal(parseScanJson(damaged), undefined, damaged);
    }
  });
});
