import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseOutcomes } from '../../../src/core/config/loader';
import type { OutcomeModel } from '../../../src/core/config/model';
import { createFileModelCache, reviveModel, serializeModel } from '../../../src/core/config/modelCache';
import { runCli } from '../../../src/cli/main';
import { captureIo } from '../helpers/cliIo';

const projectRoot = path.resolve(__dirname, '../../../..');

function configFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /(^|\.)outcomes\.yaml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** Configs that exercise every part of the model: sources, `from:` overrides, inline sources, problems. */
const inlineConfigs: Record<string, string> = {
  everything: [
    'version: 1',
    'sources:',
    '  prom: { type: prometheus, url: "http://127.0.0.1:9090", query: up }',
    '  nightly: { type: file, path: m.json }',
    'tickets:',
    "  patterns: ['PAY-\\d+', '(?<key>[A-Z]+)-\\d+']",
    '  url: https://t.example/{id}',
    'settings: { refreshInterval: 5m, atRiskBelow: 0.8 }',
    'outcomes:',
    '  - id: OBJ-1',
    '    title: Objective',
    '  - id: KR-1',
    '    parent: OBJ-1',
    '    title: Key result',
    '    start: 2026-01-01',
    '    due: 2026-06-30',
    '    metrics:',
    '      - { id: a, baseline: 1, target: 2, source: { from: prom, query: "sum(x)" } }',
    '      - { id: b, baseline: -0.5, target: 0, source: { type: static, value: 1 } }',
    '      - { id: c, target: 3, source: { from: nightly, pointer: /a } }',
    '    paths: [src/, "!src/legacy/", "*.md", ""]',
    '    tickets: [PAY-1, nope]',
    '  - id: KR-1',
    '    title: duplicate',
    '  - { id: KR-2, title: Bad parent, parent: KR-9, pahts: [x] }',
  ].join('\n'),
  empty: '',
  syntax: 'version: 1\noutcomes: [\n',
  negativeZero: 'version: 1\noutcomes:\n  - id: KR-1\n    title: t\n    metrics: [{ id: m, baseline: -0, target: 1 }]\n',
};

/**
 * Asserts that `b` holds the same object in the same places as `a` does: a revived model
 * must share what the parsed one shares, and nothing else.
 */
function assertSameSharing(a: unknown, b: unknown): void {
  const seenA = new Map<object, string>();
  const seenB = new Map<object, string>();
  const walk = (x: unknown, y: unknown, where: string): void => {
    if (x === null || typeof x !== 'object') return;
    assert.ok(y !== null && typeof y === 'object', where);
    const firstA = seenA.get(x);
    const firstB = seenB.get(y);
    assert.equal(firstB, firstA, `sharing differs at ${where}`);
    if (firstA !== undefined) return;
    seenA.set(x, where);
    seenB.set(y, where);
    if (x instanceof Map && y instanceof Map) {
      for (const [key, value] of x) walk(value, y.get(key), `${where}.get(${String(key)})`);
      return;
    }
    for (const key of Object.keys(x)) walk((x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key], `${where}.${key}`);
  };
  walk(a, b, 'model');
}

function roundTrip(model: OutcomeModel): OutcomeModel | undefined {
  const text = serializeModel(model);
  return text === undefined ? undefined : reviveModel(JSON.parse(text));
}

describe('model cache: a cached model is the parsed model', () => {
  const files = [...configFilesUnder(path.join(projectRoot, 'test/fixtures')), ...configFilesUnder(path.join(projectRoot, 'demo'))];

  it('finds the fixture and demo configs', () => {
    assert.ok(files.length >= 10, files.join(', '));
  });

  for (const file of files) {
    it(`round-trips ${path.relative(projectRoot, file)}`, () => {
      const model = parseOutcomes(readFileSync(file), file, path.dirname(file));
      const revived = roundTrip(model);
      assert.ok(revived, 'stored');
      assert.deepStrictEqual(revived, model);
      assertSameSharing(model, revived);
    });
  }

  for (const [name, text] of Object.entries(inlineConfigs).filter(([n]) => n !== 'negativeZero')) {
    it(`round-trips the "${name}" config, problems and shared metric specs included`, () => {
      const model = parseOutcomes(text, '/w/outcomes.yaml', '/w');
      const revived = roundTrip(model);
      assert.ok(revived, 'stored');
      assert.deepStrictEqual(revived, model);
      assertSameSharing(model, revived);
      if (name === 'everything') {
        assert.ok(model.problems.length >= 4, 'the config has problems to carry');
        const metrics = model.byId.get('KR-1')?.metrics ?? [];
        assert.equal(metrics.length, 3);
        // The parser shares these; so must the revived model.
        assert.equal(revived.byId.get('KR-1')?.spec.metrics?.[1], revived.byId.get('KR-1')?.metrics[1]?.spec);
        assert.equal(revived.byId.get('KR-1')?.metrics[1]?.source, revived.byId.get('KR-1')?.metrics[1]?.spec.source);
        assert.deepEqual(
          revived.ticketPatterns.map((p) => 'PAY-12'.match(p)?.[0]),
          ['PAY-12', 'PAY-12'],
        );
      }
    });
  }

  it('does not store a model JSON cannot carry exactly (-0)', () => {
    const model = parseOutcomes(inlineConfigs['negativeZero'] ?? '', '/w/outcomes.yaml', '/w');
    assert.ok(Object.is(model.byId.get('KR-1')?.metrics[0]?.spec.baseline, -0));
    assert.equal(serializeModel(model), undefined);
  });
});

describe('model cache on disk', () => {
  let dir: string;
  const file = '/w/outcomes.yaml';
  const bytes = Buffer.from(inlineConfigs['everything'] ?? '');
  const model = parseOutcomes(bytes, file, '/w');

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outcome-lens-model-cache-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  async function entryFile(): Promise<string> {
    const entries = await readdir(path.join(dir, 'configs'));
    assert.equal(entries.length, 1);
    return path.join(dir, 'configs', entries[0] ?? '');
  }

  it('misses, then after a save hits with an equal model', async () => {
    const cache = createFileModelCache(dir, 'code-1');
    assert.equal(await cache.load(file, '/w', bytes), undefined);
    assert.equal(await cache.save(file, '/w', bytes, model), true);
    assert.deepStrictEqual(await cache.load(file, '/w', bytes), model);
  });

  it('misses when a byte of the config, the code, the file or the folder differs', async () => {
    const cache = createFileModelCache(dir, 'code-1');
    await cache.save(file, '/w', bytes, model);
    const changed = Buffer.from(bytes);
    changed[changed.length - 1] = 0x20;
    assert.equal(await cache.load(file, '/w', changed), undefined);
    assert.equal(await createFileModelCache(dir, 'code-2').load(file, '/w', bytes), undefined);
    assert.equal(await cache.load('/w/.outcomes.yaml', '/w', bytes), undefined);
    assert.equal(await cache.load(file, '/elsewhere', bytes), undefined);
    assert.ok(await cache.load(file, '/w', bytes));
  });

  it('keeps one entry per config file, replaced when the config changes', async () => {
    const cache = createFileModelCache(dir, 'code-1');
    await cache.save(file, '/w', bytes, model);
    const other = Buffer.from(inlineConfigs['syntax'] ?? '');
    await cache.save(file, '/w', other, parseOutcomes(other, file, '/w'));
    await entryFile();
    assert.equal(await cache.load(file, '/w', bytes), undefined);
    assert.deepStrictEqual(await cache.load(file, '/w', other), parseOutcomes(other, file, '/w'));
  });

  it('treats a damaged entry as a miss, and a save repairs it', async () => {
    const cache = createFileModelCache(dir, 'code-1');
    await cache.save(file, '/w', bytes, model);
    const entry = await entryFile();
    const text = await readFile(entry, 'utf8');
    const damaged = [
      text.slice(0, text.length / 2),
      '',
      'garbage',
      `${text.slice(0, text.indexOf('\n'))}\n{"data":{"file":"/w/outcomes.yaml","folder":"/w","outcomes":[{"id":1}]},"shared":[]}`,
      `${text.slice(0, text.indexOf('\n'))}\nnull`,
    ];
    for (const content of damaged) {
      await writeFile(entry, content);
      assert.equal(await cache.load(file, '/w', bytes), undefined, JSON.stringify(content.slice(0, 80)));
    }
    await cache.save(file, '/w', bytes, model);
    assert.deepStrictEqual(await cache.load(file, '/w', bytes), model);
  });

  it('deletes entries not rewritten for 90 days when it writes one', async () => {
    const day = 86_400_000;
    await createFileModelCache(dir, 'code-1').save('/old/outcomes.yaml', '/old', bytes, model);
    const [oldEntry] = await readdir(path.join(dir, 'configs'));
    const oldPath = path.join(dir, 'configs', oldEntry ?? '');
    const written = Date.now();
    // 89 days later it stays; 91 days later it goes.
    await createFileModelCache(dir, 'code-1', () => written + 89 * day).save(file, '/w', bytes, model);
    assert.equal((await readdir(path.join(dir, 'configs'))).length, 2);
    await createFileModelCache(dir, 'code-1', () => written + 91 * day).save(file, '/w', bytes, model);
    const left = (await readdir(path.join(dir, 'configs'))).map((n) => path.join(dir, 'configs', n));
    assert.equal(left.length, 1);
    assert.ok(!left.includes(oldPath));
    assert.ok(await createFileModelCache(dir, 'code-1').load(file, '/w', bytes));
  });

  it('reports a failed save without throwing', async () => {
    const blocked = path.join(dir, 'not-a-folder');
    await writeFile(blocked, '');
    const cache = createFileModelCache(blocked, 'code-1');
    assert.equal(await cache.save(file, '/w', bytes, model), false);
    assert.equal(await cache.load(file, '/w', bytes), undefined);
  });
});

describe('model cache in the CLI', () => {
  let dir: string;
  let root: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'outcome-lens-cli-cache-'));
    root = path.join(dir, 'workspace');
    await mkdir(root);
    await writeFile(path.join(root, 'outcomes.yaml'), inlineConfigs['everything'] ?? '');
    await writeFile(path.join(root, 'a.md'), '<!-- @outcome KR-1 -->\n');
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  async function cli(env: NodeJS.ProcessEnv, ...args: string[]) {
    const io = captureIo(root, { OUTCOME_LENS_CACHE_DIR: path.join(dir, 'cache'), ...env });
    const code = await runCli(args, io);
    return { code, out: io.out, err: io.err };
  }

  it('check reports the same problems from a cold and a warm cache', async () => {
    const cold = await cli({}, 'check', '--json');
    assert.equal((await readdir(path.join(dir, 'cache', 'configs'))).length, 1);
    const warm = await cli({}, 'check', '--json');
    assert.deepEqual(warm, cold);
    const text = await cli({}, 'check');
    const uncached = await cli({ OUTCOME_LENS_CONFIG_CACHE: 'off' }, 'check');
    assert.deepEqual(text, uncached);
    assert.ok((JSON.parse(cold.out) as { problems: unknown[] }).problems.length >= 4);
  });

  it('serves the model from the cache while the config is unchanged, and never once it changed', async () => {
    await cli({}, 'explain', 'a.md');
    // Proof that a hit skips parsing: an entry edited under a matching key is believed.
    const configs = path.join(dir, 'cache', 'configs');
    const entry = path.join(configs, (await readdir(configs))[0] ?? '');
    await writeFile(entry, (await readFile(entry, 'utf8')).replace('"title":"Key result"', '"title":"From the cache"'));
    assert.match((await cli({}, 'explain', 'a.md')).out, /KR-1 From the cache/);
    // One byte more in the config: parsed again.
    await writeFile(path.join(root, 'outcomes.yaml'), `${inlineConfigs['everything'] ?? ''}\n`);
    assert.match((await cli({}, 'explain', 'a.md')).out, /KR-1 Key result/);
  });

  it('keeps what ripgrep will search for beside the model, and scans the same from it', async () => {
    const first = await cli({}, 'scan', '--json');
    const configs = path.join(dir, 'cache', 'configs');
    const text = await readFile(path.join(configs, (await readdir(configs))[0] ?? ''), 'utf8');
    const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as { hints?: { needles?: unknown } };
    assert.deepEqual(header.hints?.needles, ['@outcome', 'PAY-', 'nope']);
    // The second scan starts ripgrep from those hints before the model is parsed.
    assert.deepEqual(await cli({}, 'scan', '--json'), first);
  });

  it('OUTCOME_LENS_CONFIG_CACHE=off neither reads nor writes the cache', async () => {
    const { code, out } = await cli({ OUTCOME_LENS_CONFIG_CACHE: 'off' }, 'explain', 'a.md');
    assert.equal(code, 0);
    assert.match(out, /KR-1 Key result/);
    await assert.rejects(readdir(path.join(dir, 'cache')));
  });
});
