import assert from 'node:assert/strict';
import { parseOutcomes } from '../../../src/core/config/loader';
import { addOutcomeEntry, addToOutcomeList } from '../../../src/core/edit/configEdits';
import type { ListEditOutcome, OutcomeEntryEditOutcome } from '../../../src/core/edit/configEdits';
import { applyEdits } from '../../../src/core/edit/textEdit';

/** The edited text, after checking that the edits are pure insertions that produce it. */
function edited(result: ListEditOutcome | OutcomeEntryEditOutcome, before: string): string {
  assert.equal(result.status, 'edited', result.status === 'edited' ? '' : result.reason);
  if (result.status !== 'edited') throw new Error('unreachable');
  for (const edit of result.edits) assert.equal(edit.length, 0, 'edits only insert: nothing the user wrote is replaced');
  assert.equal(applyEdits(before, result.edits), result.text);
  return result.text;
}

function focusText(result: ListEditOutcome | OutcomeEntryEditOutcome): string {
  if (result.status !== 'edited') throw new Error(result.reason);
  return result.text.slice(result.focus.offset, result.focus.offset + result.focus.length);
}

const lines = (...l: string[]): string => l.join('\n') + '\n';

const commented = lines(
  '# Outcomes for the shop.',
  'version: 1',
  '',
  'outcomes:',
  '  # Objectives first.',
  '  - id: OBJ-1',
  '    title: Customers finish buying',
  '',
  '  - id: KR-1   # the big one',
  '    parent: OBJ-1',
  "    title: 'Raise checkout conversion'",
  '    paths:',
  '      - src/checkout/        # all of checkout…',
  '      - "!src/checkout/legacy/"',
  '',
  '      # (more to come)',
  '    tickets: [PAY-12, PAY-31]  # from the tracker',
  '',
  '  - id: KR-2',
  '    title: Cut search latency',
);

describe('config edits: block lists', () => {
  it('appends a path after the last item, keeping comments, blank lines and quoting', () => {
    const result = addToOutcomeList(commented, 'KR-1', 'paths', ['src/cart/']);
    assert.equal(
      edited(result, commented),
      commented.replace('      - "!src/checkout/legacy/"\n', '      - "!src/checkout/legacy/"\n      - src/cart/\n'),
    );
    assert.equal(focusText(result), 'src/cart/');
  });

  it('quotes a value only when YAML needs it', () => {
    const result = addToOutcomeList(commented, 'KR-1', 'paths', ['!src/checkout/old/', 'a: b', '#x', '12', 'true', 'docs/*.md']);
    assert.equal(
      edited(result, commented),
      commented.replace(
        '      - "!src/checkout/legacy/"\n',
        '      - "!src/checkout/legacy/"\n      - "!src/checkout/old/"\n      - "a: b"\n      - "#x"\n      - "12"\n      - "true"\n      - docs/*.md\n',
      ),
    );
  });

  it('adds a missing paths key at the end of the outcome, indented like the other outcomes', () => {
    const result = addToOutcomeList(commented, 'KR-2', 'paths', ['src/search/']);
    assert.equal(edited(result, commented), commented + '    paths:\n      - src/search/\n');
    assert.equal(focusText(result), 'src/search/');
  });

  it('adds a missing tickets key in the flow style the other outcomes use', () => {
    const result = addToOutcomeList(commented, 'OBJ-1', 'tickets', ['PAY-40']);
    assert.equal(
      edited(result, commented),
      commented.replace('    title: Customers finish buying\n', '    title: Customers finish buying\n    tickets: [PAY-40]\n'),
    );
  });

  it('follows an indentless list style and tab separators after the dash', () => {
    const text = lines('version: 1', 'outcomes:', '- id: A', '  title: a', '  paths:', '  -\tsrc/a/', '  -\tsrc/b/  # bee', '- id: B', '  title: b');
    assert.equal(
      edited(addToOutcomeList(text, 'A', 'paths', ['src/c d/']), text),
      text.replace('  -\tsrc/b/  # bee\n', '  -\tsrc/b/  # bee\n  -\tsrc/c d/\n'),
    );
    assert.equal(edited(addToOutcomeList(text, 'B', 'paths', ['x/']), text), text + '  paths:\n  - x/\n');
  });

  it('keeps CRLF line endings', () => {
    const crlf = commented.replaceAll('\n', '\r\n');
    const result = addToOutcomeList(crlf, 'KR-2', 'tickets', ['SRCH-7']);
    assert.equal(edited(result, crlf), crlf + '    tickets: [SRCH-7]\r\n');
    const paths = addToOutcomeList(crlf, 'KR-1', 'paths', ['src/cart/']);
    assert.equal(edited(paths, crlf), crlf.replace('"!src/checkout/legacy/"\r\n', '"!src/checkout/legacy/"\r\n      - src/cart/\r\n'));
  });

  it('extends a file that does not end with a line break', () => {
    const text = 'version: 1\noutcomes:\n- id: A\n  title: a\n  paths:\n    - a/';
    assert.equal(edited(addToOutcomeList(text, 'A', 'paths', ['b/']), text), text + '\n    - b/');
  });

  it('puts a new key after a block scalar, not inside it', () => {
    const text = lines('version: 1', 'outcomes:', '- id: A', '  title: a', '  description: |', '    line one', '    line two', '', '# end');
    assert.equal(
      edited(addToOutcomeList(text, 'A', 'paths', ['x/']), text),
      lines('version: 1', 'outcomes:', '- id: A', '  title: a', '  description: |', '    line one', '    line two', '  paths:', '  - x/', '', '# end'),
    );
  });
});

describe('config edits: flow lists', () => {
  it('appends inside [a, b] with the same separator', () => {
    const result = addToOutcomeList(commented, 'KR-1', 'tickets', ['PAY-40', 'PAY-41']);
    assert.equal(edited(result, commented), commented.replace('[PAY-12, PAY-31]', '[PAY-12, PAY-31, PAY-40, PAY-41]'));
    assert.equal(focusText(result), 'PAY-40');
    const tight = lines('version: 1', 'outcomes:', '  - {id: A, title: a, tickets: [X-1,X-2]}');
    assert.equal(edited(addToOutcomeList(tight, 'A', 'tickets', ['X-3']), tight), tight.replace('[X-1,X-2]', '[X-1,X-2,X-3]'));
  });

  it('fills an empty [] and adds a key to a flow mapping', () => {
    const text = lines('version: 1', 'outcomes:', '  - { id: A, title: a, paths: [] }', '  - { id: B, title: b }');
    const once = edited(addToOutcomeList(text, 'A', 'paths', ['x/']), text);
    assert.equal(once, text.replace('paths: []', 'paths: [x/]'));
    assert.equal(edited(addToOutcomeList(text, 'B', 'tickets', ['T-1']), text), text.replace('title: b }', 'title: b, tickets: [T-1] }'));
  });

  it('keeps one entry per line, comments and a trailing comma', () => {
    const text = lines('version: 1', 'outcomes:', '- id: A', '  title: a', '  paths: [', '    a/,  # first', '    b/  # second', '  ]', '  tickets: [', '    X-1,', '    X-2,  # two', '  ]');
    assert.equal(edited(addToOutcomeList(text, 'A', 'paths', ['c/', 'd/']), text), text.replace('    b/  # second\n', '    b/,  # second\n    c/,\n    d/\n'));
    assert.equal(edited(addToOutcomeList(text, 'A', 'tickets', ['X-3']), text), text.replace('    X-2,  # two\n', '    X-2,  # two\n    X-3,\n'));
  });

  it('writes JSON-style, tab-indented YAML as JSON', () => {
    const json = '{\n\t"version": 1,\n\t"outcomes": [\n\t\t{\n\t\t\t"id": "KR-1",\n\t\t\t"title": "x",\n\t\t\t"paths": [\n\t\t\t\t"src/a/"\n\t\t\t]\n\t\t}\n\t]\n}\n';
    assert.deepEqual(parseOutcomes(json, '/w/outcomes.yaml', '/w').problems, []);
    const paths = edited(addToOutcomeList(json, 'KR-1', 'paths', ['src/b/']), json);
    assert.equal(paths, json.replace('\t\t\t\t"src/a/"\n', '\t\t\t\t"src/a/",\n\t\t\t\t"src/b/"\n'));
    assert.deepEqual(JSON.parse(paths), { version: 1, outcomes: [{ id: 'KR-1', title: 'x', paths: ['src/a/', 'src/b/'] }] });
    const tickets = edited(addToOutcomeList(json, 'KR-1', 'tickets', ['PAY-1']), json);
    assert.equal(tickets, json.replace('\t\t\t]\n\t\t}', '\t\t\t],\n\t\t\t"tickets": ["PAY-1"]\n\t\t}'));
    assert.deepEqual(parseOutcomes(tickets, '/w/outcomes.yaml', '/w').problems, []);
  });
});

describe('config edits: what is refused or skipped', () => {
  it('does not add a value twice, and says so', () => {
    assert.deepEqual(addToOutcomeList(commented, 'KR-1', 'tickets', ['PAY-12']), { status: 'unchanged', reason: '"PAY-12" is already in the tickets of KR-1' });
    const result = addToOutcomeList(commented, 'KR-1', 'tickets', ['PAY-12', 'PAY-50', 'PAY-50']);
    assert.equal(result.status, 'edited');
    if (result.status !== 'edited') return;
    assert.deepEqual(result.added, ['PAY-50']);
    assert.deepEqual(result.skipped, ['PAY-12', 'PAY-50']);
  });

  it('refuses an unknown outcome, broken YAML, a list behind an alias and a non-list', () => {
    assert.deepEqual(addToOutcomeList(commented, 'KR-9', 'paths', ['x/']), { status: 'failed', reason: 'outcome "KR-9" is not in the config' });
    const broken = addToOutcomeList('version: 1\noutcomes:\n- id: A\n  title: [a\n', 'A', 'paths', ['x/']);
    assert.equal(broken.status, 'failed');
    assert.match(broken.status === 'failed' ? broken.reason : '', /^the config is not valid YAML \(/);
    const aliased = addToOutcomeList('version: 1\ncommon: &c [a/]\noutcomes:\n- id: A\n  title: a\n  paths: *c\n', 'A', 'paths', ['x/']);
    assert.deepEqual(aliased, { status: 'failed', reason: '"paths" of A is not a list' });
    assert.deepEqual(addToOutcomeList('version: 1\noutcomes:\n- id: A\n  title: a\n  paths:\n', 'A', 'paths', ['x/']), { status: 'failed', reason: '"paths" of A is not a list' });
  });

  it('refuses an edit that would change what the file means (a keep-chomping block scalar)', () => {
    const text = 'version: 1\noutcomes:\n- id: A\n  title: a\n  description: |+\n    line one\n\n';
    const result = addToOutcomeList(text, 'A', 'paths', ['x/']);
    assert.equal(result.status, 'failed');
  });
});

describe('config edits: new outcomes', () => {
  it('appends an outcome like the last one, blank line included, and focuses its title', () => {
    const result = addOutcomeEntry(commented, 'KR-7', 'Describe the outcome');
    assert.equal(edited(result, commented), commented + '\n  - id: KR-7\n    title: Describe the outcome\n');
    assert.equal(focusText(result), 'Describe the outcome');
    assert.deepEqual(addOutcomeEntry(commented, 'KR-1', 'x'), { status: 'unchanged', reason: 'outcome "KR-1" is already in the config' });
  });

  it('keeps CRLF and compact lists', () => {
    const text = 'version: 1\r\noutcomes:\r\n- id: A\r\n  title: a\r\n- id: B\r\n  title: b\r\n';
    assert.equal(edited(addOutcomeEntry(text, 'C', 'c'), text), text + '- id: C\r\n  title: c\r\n');
  });

  it('writes the whole config into an empty or comment-only file', () => {
    assert.equal(edited(addOutcomeEntry('', 'KR-7', 'New'), ''), 'version: 1\noutcomes:\n  - id: KR-7\n    title: New\n');
    assert.equal(edited(addOutcomeEntry('# mine', 'KR-7', 'New'), '# mine'), '# mine\nversion: 1\noutcomes:\n  - id: KR-7\n    title: New\n');
    const created = edited(addOutcomeEntry('', 'KR-7', 'New'), '');
    assert.deepEqual(parseOutcomes(created, '/w/outcomes.yaml', '/w').problems, []);
  });

  it('adds the outcomes key when it is missing, separated like the other sections', () => {
    const text = 'version: 1\n\nsettings:\n  concurrency: 2\n';
    assert.equal(edited(addOutcomeEntry(text, 'KR-7', 'New'), text), text + '\noutcomes:\n  - id: KR-7\n    title: New\n');
  });

  it('writes flow and JSON-style entries', () => {
    const flow = 'version: 1\noutcomes: [{id: A, title: a}]\n';
    assert.equal(edited(addOutcomeEntry(flow, 'B', 'b'), flow), 'version: 1\noutcomes: [{id: A, title: a}, {id: B, title: b}]\n');
    const items = 'version: 1\noutcomes:\n  - { id: A, title: a }\n';
    assert.equal(edited(addOutcomeEntry(items, 'B', 'New one'), items), items + '  - { id: B, title: New one }\n');
    const json = '{\n\t"version": 1,\n\t"outcomes": [\n\t\t{\n\t\t\t"id": "A",\n\t\t\t"title": "a"\n\t\t}\n\t]\n}\n';
    const result = addOutcomeEntry(json, 'KR-7', 'New');
    assert.equal(edited(result, json), json.replace('\t\t}\n\t]', '\t\t},\n\t\t{ "id": "KR-7", "title": "New" }\n\t]'));
    assert.equal(focusText(result), '"New"');
    assert.equal(edited(addOutcomeEntry('{"version": 1}', 'KR-7', 'New'), '{"version": 1}'), '{"version": 1, "outcomes": [{ "id": "KR-7", "title": "New" }]}');
  });
});

describe('config edits: comments that belong to the last item', () => {
  it('goes after comments indented under the last item, before those at the list level', () => {
    const text = lines('version: 1', 'outcomes:', '  - id: A', '    title: a', '    paths:', '      - a/', '        # why a/', '', '      # list-level note', '  - id: B', '    title: b', '    # no paths yet', '', '# end of file');
    assert.equal(
      edited(addToOutcomeList(text, 'A', 'paths', ['b/']), text),
      text.replace('        # why a/\n', '        # why a/\n      - b/\n'),
    );
    assert.equal(edited(addOutcomeEntry(text, 'C', 'c'), text), text.replace('    # no paths yet\n', '    # no paths yet\n\n  - id: C\n    title: c\n'), 'a blank line between items, as between A and B');
  });
});
