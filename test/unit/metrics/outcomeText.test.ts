import assert from 'node:assert/strict';
import { parseOutcomes } from '../../../src/core/config/loader';
import { distinctTitle, outcomeLabel } from '../../../src/core/config/model';
import type { OutcomeEntry, OutcomeModel } from '../../../src/core/config/model';
import type { MetricReading } from '../../../src/core/metrics/metricTypes';
import { assessModel } from '../../../src/core/metrics/modelStatus';
import {
  blameAnnotation,
  dueText,
  outcomeCard,
  outcomeLensTitle,
  progressBar,
  progressText,
  relativeTime,
} from '../../../src/core/metrics/outcomeText';

const now = Date.UTC(2026, 10, 22, 12);
const day = 86_400_000;

const config = `version: 1
outcomes:
  - id: OBJ-1
    title: Customers finish buying
  - id: KR-1
    parent: OBJ-1
    title: Raise checkout conversion
    owner: "@payments"
    start: 2026-10-01
    due: 2027-03-31
    metrics:
      - id: conversion
        name: Checkout conversion
        unit: "%"
        baseline: 3.1
        target: 4
      - id: sessions
        name: Sessions
  - id: KR-2
    title: Paused work
    status: paused
    metrics:
      - id: m
        baseline: 1
        target: 2
  - id: KR-3
    title: No metrics at all
`;

function load(): OutcomeModel {
  const model = parseOutcomes(config, '/ws/outcomes.yaml', '/ws');
  assert.deepEqual(model.problems, []);
  return model;
}

function outcome(model: OutcomeModel, id: string): OutcomeEntry {
  const found = model.byId.get(id);
  assert.ok(found, id);
  return found;
}

const readings: Record<string, MetricReading> = {
  'KR-1/conversion': { value: 3.4, asOf: now - day, history: [{ t: now - 2 * day, v: 3.3 }, { t: now - day, v: 3.4 }], stale: false },
  'KR-1/sessions': { value: 182344, asOf: now - day, history: [], stale: false },
  'KR-2/m': { value: 1.5, asOf: now - day, history: [], stale: false },
};

describe('outcome text', () => {
  it('sums an outcome up in one CodeLens line: headline metric as value of target, then status', () => {
    const model = load();
    const status = assessModel(model, (key) => readings[key], now);
    // Expected by 2026-11-22 ≈ 29 %, progress (3.4 − 3.1) / 0.9 ≈ 33 %: on track.
    assert.equal(outcomeLensTitle(outcome(model, 'KR-1'), status), 'KR-1 Raise checkout conversion · 3.4 % of 4 % · on track');
    assert.equal(outcomeLensTitle(outcome(model, 'OBJ-1'), status), 'OBJ-1 Customers finish buying · on track');
    assert.equal(outcomeLensTitle(outcome(model, 'KR-2'), status), 'KR-2 Paused work · 1.5 of 2 · paused · on track');
    assert.equal(outcomeLensTitle(outcome(model, 'KR-3'), status), 'KR-3 No metrics at all · no data');
  });

  it('names an outcome without a title by its ID once, not "KR-7 KR-7"', () => {
    const model = parseOutcomes('version: 1\noutcomes:\n  - id: KR-7\n', '/w/outcomes.yaml', '/w');
    const untitled = outcome(model, 'KR-7');
    assert.equal(untitled.spec.title, 'KR-7', 'the title falls back to the ID');
    assert.equal(outcomeLensTitle(untitled, assessModel(model, () => undefined, now)), 'KR-7 · no data');
    // Beside the ID (quick picks, completion, the blame hover) such a title is left out.
    assert.equal(distinctTitle('KR-7', untitled.spec.title), '');
    assert.equal(distinctTitle('KR-1', 'Raise checkout conversion'), 'Raise checkout conversion');
    assert.equal(outcomeLabel('KR-1', 'Raise checkout conversion'), 'KR-1 Raise checkout conversion');
  });

  it('leaves the value out while metrics load, so the line says "no data" rather than a made-up number', () => {
    const model = load();
    const status = assessModel(model, () => undefined, now);
    assert.equal(outcomeLensTitle(outcome(model, 'KR-1'), status), 'KR-1 Raise checkout conversion · no data');
    assert.equal(outcomeLensTitle(outcome(model, 'KR-1'), undefined), 'KR-1 Raise checkout conversion · no data');
  });

  it('draws a progress bar clamped to 0..1', () => {
    assert.equal(progressBar(0.33), '███░░░░░░░');
    assert.equal(progressBar(0), '░░░░░░░░░░');
    assert.equal(progressBar(1.7), '██████████');
    assert.equal(progressBar(-0.4), '░░░░░░░░░░');
    assert.equal(progressBar(Number.NaN), '░░░░░░░░░░');
    assert.equal(progressBar(0.5, 4), '██░░');
    assert.equal(progressText(0.333, 0.29), '33% (expected 29% by now)');
    assert.equal(progressText(0.333, undefined), '33%');
  });

  it('says times as people do', () => {
    assert.equal(relativeTime(now - 10_000, now), 'just now');
    assert.equal(relativeTime(now - 5 * 60_000, now), '5 minutes ago');
    assert.equal(relativeTime(now - 60 * 60_000, now), '1 hour ago');
    assert.equal(relativeTime(now - 3 * day, now), '3 days ago');
    assert.equal(relativeTime(now - 1 * day, now), '1 day ago');
    assert.equal(relativeTime(now - 21 * day, now), '3 weeks ago');
    assert.equal(relativeTime(now - 90 * day, now), '3 months ago');
    assert.equal(relativeTime(now - 800 * day, now), '2 years ago');
    assert.equal(relativeTime(now + 4 * day, now), 'in 4 days');
    assert.equal(dueText('2027-03-31', now), '2027-03-31 (in 4 months)');
    assert.equal(dueText('2026-11-22', now), '2026-11-22 (today)');
    assert.equal(dueText('2026-11-01', now), '2026-11-01 (3 weeks ago)');
  });

  it('gives a hover everything as text: status and why, progress against expected, each metric, facts', () => {
    const model = load();
    const status = assessModel(model, (key) => readings[key], now);
    const card = outcomeCard(outcome(model, 'KR-1'), 'Customers finish buying', status, now);
    assert.equal(card.heading, 'KR-1 Raise checkout conversion');
    assert.equal(card.status, 'on-track');
    assert.match(card.reason, /^metric conversion: progress 33% against 29% expected by now$/);
    assert.ok(card.progress !== undefined && Math.abs(card.progress - 1 / 3) < 1e-9, 'only the judged metric counts');
    assert.ok(card.expected !== undefined && card.expected > 0.28 && card.expected < 0.3);
    assert.equal(card.lifecycle, undefined);
    assert.deepEqual(
      card.metrics.map((m) => [m.name, m.value, m.status, m.baseline]),
      [
        ['Checkout conversion', '3.4 % of 4 %', 'on-track', '3.1 %'],
        ['Sessions', '182344', 'no-data', undefined],
      ],
    );
    assert.equal(card.metrics[0]?.history.length, 2);
    assert.equal(card.metrics[0]?.target, 4);
    assert.deepEqual(card.facts, [
      ['Owner', '@payments'],
      ['Start', '2026-10-01'],
      ['Due', '2027-03-31 (in 4 months)'],
      ['Parent', 'OBJ-1 Customers finish buying'],
    ]);
    const objective = outcomeCard(outcome(model, 'OBJ-1'), undefined, status, now);
    assert.deepEqual(objective.facts, [['Rolls up', 'KR-1']]);
    assert.equal(outcomeCard(outcome(model, 'KR-2'), undefined, status, now).lifecycle, 'paused');
    const empty = outcomeCard(outcome(model, 'KR-1'), undefined, assessModel(model, () => undefined, now), now);
    assert.equal(empty.metrics[0]?.value, 'no value yet (target 4 %)');
    assert.equal(empty.progress, undefined);
  });

  it('writes the blame annotation only when the commit served an outcome', () => {
    const commit = { sha: 'a1b2c3d4e5', shortSha: 'a1b2c3d', author: 'Ada', authorTime: now - 3 * day, subject: 'Fix totals' };
    assert.equal(blameAnnotation({ kind: 'commit', commit, outcomes: [{ outcomeId: 'KR-1', via: 'trailer' }] }, now), 'KR-1 · a1b2c3d · 3 days ago');
    assert.equal(
      blameAnnotation({ kind: 'commit', commit, outcomes: [{ outcomeId: 'KR-1', via: 'trailer' }, { outcomeId: 'KR-2', via: 'ticket', ticket: 'SRCH-7' }] }, now),
      'KR-1, KR-2 · a1b2c3d · 3 days ago',
    );
    assert.equal(blameAnnotation({ kind: 'commit', commit, outcomes: [] }, now), undefined);
    assert.equal(blameAnnotation({ kind: 'none', reason: 'uncommitted', detail: '' }, now), undefined);
  });
});
