// Setting keys, types and defaults: the single source that `contributes.configuration` in
// package.json must match (a unit test checks it). Pure, so plain-Node tests can import it.
import type { LogLevel } from '../core/ports';

export interface Settings {
  logLevel: LogLevel;
  /** Larger files are indexed by their path rules only; their content is not read. */
  maxFileSizeKB: number;
  /** CodeLens on `@outcome` tags and on line 1 of files that serve outcomes. */
  codeLens: boolean;
  /** The outcome the current line's last commit served, at the end of the line. */
  blame: boolean;
  /** A badge and tooltip in the Explorer on files that serve an outcome. */
  explorerDecorations: boolean;
}

export const settingsSection = 'outcomeLens';

export const settingDefaults: Settings = {
  logLevel: 'info',
  maxFileSizeKB: 1024,
  codeLens: true,
  blame: false,
  explorerDecorations: true,
};
