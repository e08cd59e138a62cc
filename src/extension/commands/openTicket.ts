import * as vscode from 'vscode';
import { ticketLink } from '../../core/index/ticketCatalog';
import type { CommandContext } from '../commandTable';
import { ticketTarget } from './outcomeArguments';

/** Opens a ticket in the browser through the config's `tickets.url` template. */
export async function openTicket({ configs }: CommandContext, argument?: unknown): Promise<void> {
  const target = ticketTarget(argument, configs);
  if (!target) return;
  const link = target.model && ticketLink(target.model, target.ticket);
  if (link === undefined) {
    void vscode.window.showInformationMessage(`No link for ${target.ticket}: set tickets.url in the outcome config (e.g. https://tracker.example.com/browse/{id}).`);
    return;
  }
  const uri = vscode.Uri.parse(link, true);
  // The template comes from the workspace: only web links, never `command:` or `file:`.
  if (uri.scheme !== 'https' && uri.scheme !== 'http') {
    void vscode.window.showWarningMessage(`Outcome Lens opens only http(s) ticket links; tickets.url gives "${uri.scheme}:".`);
    return;
  }
  await vscode.env.openExternal(uri);
}
