// Input a config file should never be able to crash the loader with.
import assert from 'node:assert/strict';
import { parseOutcomes } from '../../../src/core/config/loader';
import { describeProblem, problemsOf } from './problemText';

const file = '/ws/outcomes.yaml';

function problemsOfBytes(bytes: Uint8Array): string[] {
  return parseOutcomes(bytes, file, '/ws').problems.map(describeProblem);
}

describe('hostile config input', () => {
  it('explains an empty file', () => {
    assert.deepEqual(problemsOf(''), ['1:1-1:1 error empty-file: the file is empty; expected "version: 1" and "outcomes:"']);
    assert.deepEqual(problemsOf('  \n\n'), ['1:1-1:1 error empty-file: the file is empty; expected "version: 1" and "outcomes:"']);
    assert.deepEqual(problemsOf('# only a comment\n---\n'), ['1:1-1:1 error empty-file: the file has no content; expected "version: 1" and "outcomes:"']);
  });

  it('reports invalid UTF-8 at its line and still loads the rest', () => {
    const before = new TextEncoder().encode('version: 1\noutcomes:\n  - id: KR-1\n    title: caf');
    const after = new TextEncoder().encode(' au lait\n  - id: KR-2\n    title: t\n    parent: KR-1\n');
    const bytes = new Uint8Array([...before, 0xe9, ...after]);
    const model = parseOutcomes(bytes, file, '/ws');
    assert.deepEqual(model.problems.map(describeProblem), ['4:15-4:15 error invalid-utf8: the file is not valid UTF-8 (byte 0xe9); save it as UTF-8']);
    assert.deepEqual(
      model.outcomes.map((o) => o.id),
      ['KR-1', 'KR-2'],
    );
  });

  it('refuses UTF-16 with a clear message', () => {
    assert.deepEqual(problemsOfBytes(new Uint8Array([0xff, 0xfe, 0x76, 0x00])), ['1:1-1:1 error unsupported-encoding: the file is encoded as UTF-16; save it as UTF-8']);
  });

  it('reports alias bombs instead of expanding them', () => {
    const lines = ['version: 1', 'a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++) lines.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(', ')}]`);
    lines.push('outcomes:', '  - id: KR-1', '    title: *i', '  - id: KR-2', '    title: safe');
    const model = parseOutcomes(lines.join('\n') + '\n', file, '/ws');
    const problems = model.problems.filter((p) => p.code !== 'unknown-key').map(describeProblem);
    assert.deepEqual(problems, ['13:12-13:14 error alias-limit: aliases here expand to too many nodes (more than 100 per alias); the part is ignored']);
    assert.deepEqual(
      model.outcomes.map((o) => o.id),
      ['KR-2'],
    );
  });

  it('accepts a modest alias', () => {
    assert.deepEqual(problemsOf(['version: 1', 'outcomes:', '  - id: KR-1', '    title: &t Shared title', '  - id: KR-2', '    title: *t']), []);
  });

  it('reports an alias to no anchor', () => {
    assert.deepEqual(problemsOf(['version: 1', 'outcomes:', '  - id: KR-1', '    title: *nope']), ['4:12-4:17 error yaml-syntax: alias *nope refers to no anchor; define &nope before it']);
  });

  it('reports a duplicate key at the duplicate', () => {
    assert.deepEqual(problemsOf(['version: 1', 'outcomes:', '  - id: KR-1', '    title: t', '    title: u']), [
      '5:5-5:10 error duplicate-key: duplicate key "title"; a key may appear only once in a mapping',
    ]);
  });

  it('reports tabs used for indentation at the tab', () => {
    const problems = problemsOf(['version: 1', 'outcomes:', '  - id: KR-1', '\ttitle: t']);
    assert.ok(problems.includes('4:1-4:1 error yaml-syntax: tabs are not allowed for indentation in YAML; indent with spaces'), problems.join('\n'));
  });

  it('reports a second YAML document', () => {
    assert.deepEqual(problemsOf(['version: 1', 'outcomes: []', '---', 'version: 1']), [
      '3:1-4:11 error yaml-syntax: the file holds more than one YAML document (a second "---"); an outcome config is a single document',
    ]);
  });

  it('reports a file that is not a mapping', () => {
    assert.deepEqual(problemsOf(['- a', '- b']), ['1:1-2:4 error invalid-value: the file must be a mapping with "version: 1" and "outcomes:", not a list']);
  });

  it('parses a 10 MB file and reports its problems', function () {
    this.timeout(120_000);
    const lines = ['version: 1', 'outcomes:'];
    let size = 0;
    let count = 0;
    while (size < 10 * 1024 * 1024) {
      const item = [`  - id: KR-${count}`, `    title: Outcome number ${count} with a reasonably long title to fill the file`, `    paths: [src/area${count}/]`];
      // Every thousandth outcome refers to a parent that does not exist.
      if (count % 1000 === 999) item.push('    parent: NOPE');
      for (const line of item) size += line.length + 1;
      lines.push(...item);
      count++;
    }
    const model = parseOutcomes(lines.join('\n') + '\n', file, '/ws');
    assert.equal(model.outcomes.length, count);
    assert.equal(model.problems.length, Math.floor(count / 1000));
    assert.equal(model.problems[0]?.code, 'unknown-parent');
    assert.equal(model.problems[0]?.range.start.line, 2 + 999 * 3 + 4);
  });

  it('refuses a file beyond the size limit without parsing it', () => {
    const huge = 'x'.repeat(17 * 1024 * 1024);
    assert.deepEqual(problemsOf(huge), ['1:1-1:1 error too-large: the file is 17.0 MB; an outcome config may be at most 16 MB']);
  });
});

describe('positions', () => {
  const lines = ['version: 1', 'outcomes:', '  - id: KR-1', '    title: t', '    parent: KR-9', '  - { id: KR-2, title: u }'];

  it('are the same with CRLF line endings', () => {
    assert.deepEqual(problemsOf(lines.join('\r\n') + '\r\n'), ['5:13-5:17 error unknown-parent: parent "KR-9" is not a known outcome (did you mean KR-2?)']);
  });

  it('ignore a UTF-8 byte-order mark, in bytes and in text', () => {
    const text = lines.join('\n') + '\n';
    const expected = ['5:13-5:17 error unknown-parent: parent "KR-9" is not a known outcome (did you mean KR-2?)'];
    assert.deepEqual(problemsOfBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])), expected);
    assert.deepEqual(problemsOf('\uFEFF' + text), expected);
    const firstLine = parseOutcomes('\uFEFFversion: 2\noutcomes: []\n', file, '/ws').problems[0];
    assert.deepEqual(firstLine?.range, { start: { line: 1, column: 10 }, end: { line: 1, column: 11 } });
  });

  it('count UTF-16 code units, as the editor does', () => {
    // "🎯" is two UTF-16 code units; "é" is one.
    assert.deepEqual(problemsOf(['version: 1', 'outcomes:', '  - { title: "🎯 é", id: KR-1, parent: KR-9 }']), [
      '3:40-3:44 error unknown-parent: parent "KR-9" is not a known outcome',
    ]);
  });
});
