// Setting keys, types and defaults: the single source that `contributes.configuration` in
// package.json must match (a unit test checks it). Pure, so plain-Node tests can import it.
import type { LogLevel } from '../core/ports';

export interface Settings {
  logLevel: LogLevel;
  /** Larger files are indexed by their path rules only; their content is not read. */
  maxFileSizeKB: number;
  /** A badge and tooltip in the Explorer on files that serve an outcome. */
  explorerDecorations: boolean;
}

export const settingsSection = 'outcomeLens';

export const settingDefaults: Settings = {
  logLevel: 'info',
  maxFileSizeKB: 1024,
  explorerDecorations: true,
};
