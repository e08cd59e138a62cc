// Finding and reading the config file, without parsing it. Kept apart from the YAML parser
// and the zod schema so that a caller holding a cached model (the CLI) never loads either.
import path from 'node:path';
import type { FileSystem } from '../ports';
import type { OutcomeModel, Problem, ProblemCode, SourceRange } from './model';

/** The config file names, in the order discovery tries them. */
export const configFileNames = ['outcomes.yaml', '.outcomes.yaml', '.vscode/outcomes.yaml'] as const;

/** How a config file is named to users: relative to its folder, `/`-separated (`outcomes.yaml`, `.vscode/outcomes.yaml`). */
export function configName(model: Pick<OutcomeModel, 'file' | 'folder'>): string {
  return path.relative(model.folder, model.file).split(path.sep).join('/');
}

/** Larger than any hand-written config by far; beyond it the editor would stall on every keystroke. */
export const maxConfigBytes = 16 * 1024 * 1024;

export const startOfFile: SourceRange = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

export function emptyModel(file: string, folder: string): OutcomeModel {
  return { file, folder, outcomes: [], byId: new Map(), sources: new Map(), ticketPatterns: [], settings: {}, problems: [] };
}

export function failedModel(file: string, folder: string, code: ProblemCode, message: string, range: SourceRange = startOfFile): OutcomeModel {
  const problem: Problem = { file, range, severity: 'error', message, code };
  return { ...emptyModel(file, folder), problems: [problem] };
}

export function tooLargeModel(file: string, folder: string, size: number): OutcomeModel {
  const megabytes = (size / (1024 * 1024)).toFixed(1);
  return failedModel(file, folder, 'too-large', `the file is ${megabytes} MB; an outcome config may be at most ${maxConfigBytes / (1024 * 1024)} MB`);
}

/** The first of `configFileNames` that exists as a file in `folder`. */
export async function findConfigFile(folder: string, fs: FileSystem): Promise<string | undefined> {
  for (const name of configFileNames) {
    const candidate = path.join(folder, name);
    try {
      const stat = await fs.stat(candidate);
      if (stat?.isFile) return candidate;
    } catch {
      // An unreadable candidate counts as absent; the next name may still be there.
    }
  }
  return undefined;
}

/** The file's bytes, or the model that says why they cannot be had (too large, unreadable). */
export type ConfigRead = { bytes: Uint8Array } | { failed: OutcomeModel };

export async function readConfigFile(file: string, folder: string, fs: FileSystem): Promise<ConfigRead> {
  try {
    const stat = await fs.stat(file);
    if (stat && stat.size > maxConfigBytes) return { failed: tooLargeModel(file, folder, stat.size) };
    return { bytes: await fs.readFile(file) };
  } catch (error) {
    return { failed: failedModel(file, folder, 'read-failed', `cannot read the file: ${error instanceof Error ? error.message : String(error)}`) };
  }
}
