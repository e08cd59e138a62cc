// Setting keys, types and defaults: the single source that `contributes.configuration` in
// package.json must match (a unit test checks it). Pure, so plain-Node tests can import it.
import type { LogLevel } from '../core/ports';

export interface Settings {
  logLevel: LogLevel;
}

export const settingsSection = 'outcomeLens';

export const settingDefaults: Settings = {
  logLevel: 'info',
};
