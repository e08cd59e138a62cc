// Tree items for tickets and where each was seen, shared by the Outcomes and Tickets views.
import path from 'node:path';
import * as vscode from 'vscode';
import { outcomeLabel } from '../../core/config/model';
import type { OutcomeModel } from '../../core/config/model';
import { sightingSummary, ticketLink } from '../../core/index/ticketCatalog';
import type { TicketInfo, TicketSighting } from '../../core/index/ticketCatalog';
import { bold, markdown, openAt, row } from './treeText';
import { configName } from '../../core/config/configFile';

/**
 * A ticket in a tree. CONTRACT: every ticket element has `ticket` (its ID); the "Tag with
 * Outcome" action (`outcomeLens.tagTicket`) receives this element.
 */
export interface TicketElement {
  kind: 'ticket';
  model: OutcomeModel;
  ticket: string;
  info: TicketInfo;
  /** Keeps tree item IDs unique when a ticket appears under several outcomes. */
  parentKey: string;
}

export interface SightingElement {
  kind: 'sighting';
  model: OutcomeModel;
  ticket: string;
  sighting: TicketSighting;
  parentKey: string;
  index: number;
}

/** `ticket`, then `.tagged`/`.untagged`, then `.link` when `tickets.url` gives it a link; menus match on these. */
export function ticketContextValue(model: OutcomeModel, info: TicketInfo): string {
  return `ticket.${info.outcomeIds.length > 0 ? 'tagged' : 'untagged'}${model.ticketUrl === undefined ? '' : '.link'}`;
}

export function ticketItem(element: TicketElement, onBranch: boolean): vscode.TreeItem {
  const { model, info } = element;
  const item = new vscode.TreeItem(info.id, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `${element.parentKey}/ticket/${info.id}`;
  const suggestion = info.outcomeIds.length === 0 && info.suggestedOutcomeIds.length > 0 ? `commits say ${info.suggestedOutcomeIds.join(', ')}` : undefined;
  item.description = [sightingSummary(info), suggestion].filter((p) => p !== undefined && p !== '').join(' · ');
  item.iconPath = new vscode.ThemeIcon(onBranch ? 'git-branch' : 'issues');
  item.contextValue = ticketContextValue(model, info);
  // The tooltip is made on hover (`ticketTooltip`, from the views' resolveTreeItem).
  return item;
}

/** Where a ticket was seen and what it serves, as Markdown; made only when the row is hovered. */
export function ticketTooltip(element: TicketElement): vscode.MarkdownString {
  const { model, info } = element;
  const md = markdown();
  bold(md, info.id);
  if (info.outcomeIds.length === 0) md.appendMarkdown('Untagged: no outcome lists this ticket in its `tickets`.\n\n');
  for (const id of info.outcomeIds) row(md, 'Serves', outcomeLabel(id, model.byId.get(id)?.spec.title));
  row(md, 'Commits suggest', info.suggestedOutcomeIds.length > 0 ? info.suggestedOutcomeIds.join(', ') : undefined);
  for (const sighting of info.sightings) row(md, sightingLabel(sighting), sightingDetail(model, sighting));
  row(md, 'Link', ticketLink(model, info.id));
  return md;
}

export function sightingChildren(element: TicketElement): SightingElement[] {
  return element.info.sightings.map((sighting, index) => ({ kind: 'sighting', model: element.model, ticket: element.ticket, sighting, parentKey: `${element.parentKey}/ticket/${element.ticket}`, index }));
}

export function sightingItem(element: SightingElement): vscode.TreeItem {
  const { model, sighting, ticket } = element;
  const item = new vscode.TreeItem(sightingLabel(sighting), vscode.TreeItemCollapsibleState.None);
  item.id = `${element.parentKey}/${element.index}`;
  item.description = sightingDetail(model, sighting);
  item.contextValue = `sighting.${sighting.kind}`;
  switch (sighting.kind) {
    case 'config':
      item.iconPath = new vscode.ThemeIcon('go-to-file');
      item.command = openAt(model.file, idRange(sighting.line, sighting.column, ticket), 'Open in Config');
      break;
    case 'comment':
      item.iconPath = new vscode.ThemeIcon('comment');
      item.resourceUri = vscode.Uri.file(path.join(model.folder, sighting.file));
      item.command = openAt(path.join(model.folder, sighting.file), idRange(sighting.line, sighting.column, ticket));
      break;
    case 'branch':
      item.iconPath = new vscode.ThemeIcon('git-branch');
      break;
    case 'commit':
      item.iconPath = new vscode.ThemeIcon('git-commit');
      item.command = { command: 'outcomeLens.showCommit', title: 'Show Commit', arguments: [{ root: model.folder, sha: sighting.sha }] };
      break;
  }
  return item;
}

function sightingLabel(sighting: TicketSighting): string {
  switch (sighting.kind) {
    case 'config':
      return `listed by ${sighting.outcomeId}`;
    case 'comment':
      return `comment in ${path.posix.basename(sighting.file)}`;
    case 'branch':
      return 'current branch';
    case 'commit':
      return `commit ${sighting.shortSha}`;
  }
}

function sightingDetail(model: OutcomeModel, sighting: TicketSighting): string {
  switch (sighting.kind) {
    case 'config':
      return `${configName(model)}:${sighting.line}`;
    case 'comment':
      return `${sighting.file}:${sighting.line}`;
    case 'branch':
      return sighting.branch;
    case 'commit':
      return sighting.declares.length > 0 ? `${sighting.subject} · Outcome: ${sighting.declares.join(', ')}` : sighting.subject;
  }
}

function idRange(line: number, column: number, id: string): vscode.Range {
  return new vscode.Range(line - 1, column - 1, line - 1, column - 1 + id.length);
}
