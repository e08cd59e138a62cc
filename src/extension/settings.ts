// The one typed accessor for Outcome Lens settings.
import * as vscode from 'vscode';
import { settingDefaults, settingsSection } from './settingDefaults';
import type { Settings } from './settingDefaults';

export function getSetting<K extends keyof Settings>(key: K, scope?: vscode.ConfigurationScope): Settings[K] {
  return vscode.workspace.getConfiguration(settingsSection, scope).get<Settings[K]>(key, settingDefaults[key]);
}

/** Whether a configuration change touches any of the given settings. */
export function settingsChanged(event: vscode.ConfigurationChangeEvent, keys: readonly (keyof Settings)[]): boolean {
  return keys.some((key) => event.affectsConfiguration(`${settingsSection}.${key}`));
}
