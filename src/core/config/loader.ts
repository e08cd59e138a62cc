// Finding, reading and parsing outcomes.yaml. Nothing here throws: every failure, from a
// missing permission to an alias bomb, becomes a Problem the user can read.
import { isNode, isScalar, parseDocument, visit } from 'yaml';
import type { Document, Node, YAMLError } from 'yaml';
import type { FileSystem } from '../ports';
import { decodeConfig } from './decode';
import { emptyModel, failedModel, findConfigFile, maxConfigBytes, readConfigFile, tooLargeModel } from './configFile';
import type { OutcomeModel, ProblemCode } from './model';
import { SourceText, startOfFile } from './positions';
import { ProblemSink } from './problemSink';
import { ModelBuilder } from './validate';

export { findConfigFile, maxConfigBytes };

/** Parses and validates a config. Synchronous and cheap enough to run as the user types. */
export function parseOutcomes(content: string | Uint8Array, file: string, folder: string): OutcomeModel {
  const size = typeof content === 'string' ? content.length : content.byteLength;
  if (size > maxConfigBytes) return tooLargeModel(file, folder, size);
  try {
    return parseDecoded(content, file, folder);
  } catch (error) {
    // A bug of ours must not take the editor's view of the config down with it.
    return failedModel(file, folder, 'yaml-syntax', `internal error while reading the file: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function parseDecoded(content: string | Uint8Array, file: string, folder: string): OutcomeModel {
  const decoded = decodeConfig(content);
  const text = new SourceText(decoded.text);
  const sink = new ProblemSink(file, text);
  if (decoded.issue) {
    const at = decoded.issue.position;
    sink.error(decoded.issue.code, decoded.issue.message, { start: at, end: at });
  }
  if (!decoded.usable) return finish(emptyModel(file, folder), sink);
  if (decoded.text.trim() === '') {
    sink.error('empty-file', 'the file is empty; expected "version: 1" and "outcomes:"', startOfFile);
    return finish(emptyModel(file, folder), sink);
  }
  const doc = parseDocument(decoded.text, {
    lineCounter: text.lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    // `<<: *defaults` is common in hand-written YAML; YAML 1.2 leaves it off by default.
    merge: true,
  });
  for (const error of doc.errors) reportYamlError(sink, doc, error, 'error');
  for (const warning of doc.warnings) reportYamlError(sink, doc, warning, 'warning');
  return finish(new ModelBuilder(doc, sink, file, folder).build(), sink);
}

/** Problems in file order: the order a reader (and the CLI) goes through them. */
function finish(model: OutcomeModel, sink: ProblemSink): OutcomeModel {
  const problems = [...sink.problems];
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column);
  return { ...model, problems };
}

function reportYamlError(sink: ProblemSink, doc: Document, error: YAMLError, severity: 'error' | 'warning'): void {
  const text = sink.text;
  const [start, end] = error.pos;
  let range = text.range(start, Math.max(start, end));
  let code: ProblemCode = severity === 'error' ? 'yaml-syntax' : 'yaml-warning';
  let message = error.message;
  switch (error.code) {
    case 'DUPLICATE_KEY':
      code = 'duplicate-key';
      {
        // yaml points at the key's first character only; underline the whole key.
        const keyNode = duplicateKeyAt(doc, start);
        if (keyNode) range = sink.rangeOf(keyNode);
        const key = isScalar(keyNode) ? String(keyNode.value) : text.text.slice(start, end);
        message = `duplicate key "${key}"; a key may appear only once in a mapping`;
      }
      break;
    case 'TAB_AS_INDENT':
      message = 'tabs are not allowed for indentation in YAML; indent with spaces';
      break;
    case 'MULTIPLE_DOCS':
      message = 'the file holds more than one YAML document (a second "---"); an outcome config is a single document';
      break;
    case 'RESOURCE_EXHAUSTION':
      code = 'alias-limit';
      break;
    default:
      message = message.charAt(0).toLowerCase() + message.slice(1);
  }
  sink.add(severity, code, message, range);
}

function duplicateKeyAt(doc: Document, offset: number): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Pair: (_key, pair) => {
      const key = pair.key;
      if (isNode(key) && key.range?.[0] === offset) {
        found = key;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Discovery, read and parse. `undefined` only when the folder has no config file. */
export async function loadOutcomes(folder: string, fs: FileSystem): Promise<OutcomeModel | undefined> {
  const file = await findConfigFile(folder, fs);
  return file === undefined ? undefined : readOutcomes(file, folder, fs);
}

/** Reads and parses a config file found by discovery; I/O failures become a Problem. */
export async function readOutcomes(file: string, folder: string, fs: FileSystem): Promise<OutcomeModel> {
  const read = await readConfigFile(file, folder, fs);
  return 'failed' in read ? read.failed : parseOutcomes(read.bytes, file, folder);
}
