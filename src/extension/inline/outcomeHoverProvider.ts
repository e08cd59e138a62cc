// Hover on any outcome ID — in code, comments, the config, commit messages: the outcome's
// status and why, progress against what is expected by now, each metric with a trend chart,
// due date, owner, and links. Everything from the config or a metric source goes through
// MarkdownString.appendText (escaped, theme icons included); the only command a link may run
// is opening the outcome in its config.
import * as vscode from 'vscode';
import type { OutcomeModel } from '../../core/config/model';
import { nearestOutcomeId } from '../../core/config/outcomeReferences';
import { statusLabel } from '../../core/metrics/metricText';
import { outcomeCard, progressBar, progressText } from '../../core/metrics/outcomeText';
import type { MetricCardLine } from '../../core/metrics/outcomeText';
import { trendDataUri, trendSvg } from '../../core/metrics/trendChart';
import { outcomeIdAt } from '../../core/tags/idContext';
import { scanText } from '../../core/tags/tagScanner';
import { statusIcon } from '../views/statusIcons';
import type { FoundOutcome, OutcomeLookup } from './outcomeLookup';
import { configName } from '../../core/config/configFile';

export const openOutcomeCommand = 'outcomeLens.openOutcome';

export class OutcomeHoverProvider implements vscode.HoverProvider {
  constructor(private readonly lookup: OutcomeLookup) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const line = document.lineAt(position.line).text;
    const token = outcomeIdAt(line, position.character);
    if (!token) return undefined;
    const range = new vscode.Range(position.line, token.start, position.line, token.end);
    const found = this.lookup.find(document.uri, token.id);
    if (found) return new vscode.Hover(this.card(found), range);
    return this.unknownTagHover(document, position.line, token, range);
  }

  private card(found: FoundOutcome): vscode.MarkdownString {
    const { model, outcome } = found;
    const now = Date.now();
    const parentTitle = outcome.parentId === undefined ? undefined : model.byId.get(outcome.parentId)?.spec.title;
    const card = outcomeCard(outcome, parentTitle, this.lookup.status(model), now);
    const md = safeMarkdown();
    text(md.appendMarkdown('**'), card.heading).appendMarkdown('**');
    if (card.lifecycle) md.appendMarkdown(` · _${card.lifecycle}_`);
    md.appendMarkdown('\n\n');
    text(md.appendMarkdown(`$(${statusIcon(card.status).id}) `), `${statusLabel(card.status)} — ${card.reason}`).appendMarkdown('\n\n');
    if (card.progress !== undefined) {
      md.appendMarkdown(`Progress \`${progressBar(card.progress)}\` ${escaped(progressText(card.progress, card.expected))}\n\n`);
    }
    // With one metric the outcome's progress line already says it.
    for (const metric of card.metrics) this.metric(md, metric, card.metrics.length > 1);
    if (card.facts.length > 0) {
      md.appendMarkdown(card.facts.map(([label, value]) => `${label}: ${escaped(value)}`).join(' · ')).appendMarkdown('\n\n');
    }
    if (card.description) text(md, card.description).appendMarkdown('\n\n');
    md.appendMarkdown(this.links(found).join(' · '));
    return md;
  }

  private metric(md: vscode.MarkdownString, metric: MetricCardLine, withProgress: boolean): void {
    text(md.appendMarkdown('**'), metric.name).appendMarkdown('** ');
    text(md, `${metric.value}${metric.baseline === undefined ? '' : ` from ${metric.baseline}`} · ${statusLabel(metric.status)}`);
    if (withProgress && metric.progress !== undefined) text(md.appendMarkdown('  \nActual progress '), progressText(metric.progress, metric.expected));
    if (metric.error !== undefined) text(md.appendMarkdown('  \n$(alert) '), metric.error);
    if (metric.asOf !== undefined) text(md.appendMarkdown('  \n_As of '), new Date(metric.asOf).toLocaleString()).appendMarkdown('_');
    const svg = trendSvg(metric.history, {
      target: metric.target,
      title: `${metric.name}: trend`,
      // A data: image does not see theme colours: pick ones that read on this theme.
      ...(isLightTheme() ? { stroke: '#005fb8', targetStroke: '#6e6e6e' } : {}),
    });
    if (svg) md.appendMarkdown(`  \n![trend](${trendDataUri(svg)})`);
    md.appendMarkdown('\n\n');
  }

  private links({ model, outcome }: FoundOutcome): string[] {
    const open = `command:${openOutcomeCommand}?${encodeURIComponent(JSON.stringify([outcome.id, model.file]))}`;
    const links = [`[$(go-to-file) Open in ${escaped(configName(model))}](${open} "Open ${escaped(outcome.id)} in the outcome config")`];
    const ticketUrl = model.ticketUrl;
    for (const ticket of outcome.tickets) {
      const url = ticketUrl === undefined ? undefined : webUrl(ticketUrl.replace('{id}', encodeURIComponent(ticket.id)));
      links.push(url ? `[${escaped(ticket.id)}](${url})` : escaped(ticket.id));
    }
    for (const link of outcome.spec.links ?? []) {
      const url = webUrl(link);
      if (url) links.push(`[${escaped(new URL(link).host)}](${url})`);
    }
    return links;
  }

  /** An ID inside an `@outcome` tag that the config does not know: say so, with the nearest known one. */
  private unknownTagHover(document: vscode.TextDocument, line: number, token: { id: string; start: number }, range: vscode.Range): vscode.Hover | undefined {
    const model = this.lookup.modelFor(document.uri) ?? this.lookup.configs.all()[0];
    if (!model || !document.lineAt(line).text.includes('@outcome')) return undefined;
    const { tags } = scanText(document.getText(), { languageId: document.languageId, fileName: document.fileName, ticketPatterns: [] });
    if (!tags.some((t) => t.line === line + 1 && t.column === token.start + 1)) return undefined;
    const suggestion = nearestOutcomeId(model, token.id);
    const md = safeMarkdown();
    text(md.appendMarkdown('$(warning) **'), token.id).appendMarkdown('** ');
    text(md, `is not an outcome in ${configName(model)}.`);
    if (suggestion !== undefined) md.appendMarkdown(' Did you mean ').appendMarkdown(this.outcomeLink(model, suggestion)).appendMarkdown('?');
    return new vscode.Hover(md, range);
  }

  private outcomeLink(model: OutcomeModel, id: string): string {
    return `[${escaped(id)}](command:${openOutcomeCommand}?${encodeURIComponent(JSON.stringify([id, model.file]))})`;
  }
}

/** No HTML; command links only to open an outcome; theme icons on, so `$(…)` in config text is escaped too. */
function safeMarkdown(): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.supportHtml = false;
  md.isTrusted = { enabledCommands: [openOutcomeCommand] };
  return md;
}

/**
 * Text escaped for Markdown: MarkdownString's own escaping (syntax, theme icons), plus `&`
 * and `<` as entities, so no tag reaches the renderer even as text it might sanitise.
 */
function escaped(value: string): string {
  return new vscode.MarkdownString('', true).appendText(value.replace(/&/g, '&amp;')).value.replace(/</g, '&lt;');
}

/** Appends config or source text, escaped. */
function text(md: vscode.MarkdownString, value: string): vscode.MarkdownString {
  return md.appendMarkdown(escaped(value));
}

/** An http(s) URL made safe inside `(…)` of a Markdown link; anything else (javascript:, command:) is dropped. */
function webUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  return url.href.replace(/[()<>\s"']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function isLightTheme(): boolean {
  const kind = vscode.window.activeColorTheme.kind;
  return kind === vscode.ColorThemeKind.Light || kind === vscode.ColorThemeKind.HighContrastLight;
}
