// Realistic files in test/fixtures/tags, each declaring on its first lines which tags and
// tickets a reader would say it has (`expect-tags:` / `expect-tickets:`).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { scanText } from '../../../src/core/tags/tagScanner';

// Tests are built to <outdir>/test/unit/tags, so the repository root is four levels up.
const fixtureFolder = path.resolve(__dirname, '../../../../test/fixtures/tags');

function expected(text: string, label: string): string[] {
  const found = new RegExp(`${label}:([^\\n]*?)(?:-->)?\\n`).exec(text);
  return (found?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
}

describe('scanText on fixture files', () => {
  const files = readdirSync(fixtureFolder).sort();

  it('has fixtures to read', () => {
    assert.ok(files.length >= 6, fixtureFolder);
  });

  for (const file of files) {
    it(`finds what a reader would in ${file}`, () => {
      const text = readFileSync(path.join(fixtureFolder, file), 'utf8');
      const result = scanText(text, { fileName: file, ticketPatterns: [/[A-Z][A-Z0-9]+-\d+/] });
      assert.deepEqual(result.tags.map((t) => t.id), expected(text, 'expect-tags'));
      // The expectation lines themselves hold ticket-shaped IDs; leave those out.
      const lines = text.split('\n');
      const tickets = result.tickets.filter((t) => !lines[t.line - 1]?.includes('expect-')).map((t) => t.id);
      assert.deepEqual(tickets, expected(text, 'expect-tickets'));
    });
  }
});
