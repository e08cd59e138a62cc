// Turns the extracted packages into a workspace worth indexing: a config with thousands of
// outcomes and path rules over the real file names, and `@outcome` tags and ticket comments
// injected into thousands of files. Deterministic: the same tree gives the same workspace.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Bump when the generated workspace changes, so cached trees are rebuilt. */
export const treeVersion = 'v1';

const outcomeCount = 2500;

function listFiles(root) {
  const files = [];
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files.push(path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  }
  return files.sort();
}

/** Where a tag can go in this file, in its own comment syntax; undefined: leave it alone. */
function commentFor(file, body) {
  if (/\.(js|mjs|cjs|ts|mts|cts)$/.test(file)) return `// ${body}\n`;
  if (/\.svg$/.test(file)) return `<!-- ${body} -->\n`;
  return undefined;
}

export function generateWorkspace(root) {
  const files = listFiles(root);
  const folders = [...new Set(files.map((f) => f.slice(0, f.lastIndexOf('/') + 1)).filter((d) => d !== ''))].sort();
  const deepFolders = folders.filter((d) => d.split('/').length > 2);
  const id = (i) => `KR-${i + 1}`;

  // Path rules: mostly single files and folders, as CODEOWNERS-style configs have them,
  // plus negations, `**/` and extension rules, so every kind of rule index key is used.
  const outcomes = [];
  for (let i = 0; i < outcomeCount; i++) {
    const paths = [];
    paths.push(`/${files[(i * 7919) % files.length]}`);
    paths.push(files[(i * 104729 + 13) % files.length]);
    if (i % 10 === 0 && deepFolders.length > 0) {
      const folder = deepFolders[(i / 10) % deepFolders.length];
      paths.push(folder);
      if (i % 50 === 0) paths.push(`!${folder}${files.find((f) => f.startsWith(folder))?.slice(folder.length) ?? 'none'}`);
    }
    if (i % 500 === 7) paths.push('**/_lib/');
    if (i === 11) paths.push('*.md');
    outcomes.push({ id: id(i), title: `Generated outcome ${i + 1}`, status: i % 100 === 99 ? 'dropped' : 'active', paths, tickets: [`OL-${i + 1}`] });
  }

  const yaml = ['version: 1', 'tickets:', "  patterns: ['OL-\\d+']", 'outcomes:'];
  for (const o of outcomes) {
    yaml.push(`  - id: ${o.id}`, `    title: ${o.title}`, `    status: ${o.status}`, '    paths:');
    for (const p of o.paths) yaml.push(`      - ${JSON.stringify(p)}`);
    yaml.push(`    tickets: [${o.tickets.join(', ')}]`);
  }
  writeFileSync(path.join(root, 'outcomes.yaml'), yaml.join('\n') + '\n');

  // Tags in every 13th taggable file, a ticket comment in every 31st; one tag in 400 names
  // an outcome that does not exist.
  let taggable = 0;
  for (const file of files) {
    const tag = commentFor(file, '');
    if (tag === undefined) continue;
    taggable++;
    const lines = [];
    if (taggable % 13 === 0) {
      const n = taggable % 400 === 0 ? 99999 : (taggable * 31) % outcomeCount;
      lines.push(commentFor(file, `@outcome ${id(n)}`));
    }
    if (taggable % 31 === 0) lines.push(commentFor(file, `TODO(OL-${((taggable * 17) % outcomeCount) + 1}) follow up`));
    if (lines.length === 0) continue;
    const absolute = path.join(root, file);
    writeFileSync(absolute, lines.join('') + readFileSync(absolute, 'utf8'));
  }
}
