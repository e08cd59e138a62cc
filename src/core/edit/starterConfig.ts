// The config "Create outcomes.yaml" writes: small, commented, and valid as it stands
// (`outcome-lens check` passes it with no problems; a unit test makes sure).

const lines = [
  '# Outcomes this work serves: measurable changes for users or the business, not features.',
  '# Commit this file and review it in pull requests like code. Every key is described in',
  "# Outcome Lens's README (the outcome config).",
  'version: 1',
  '',
  '# How ticket IDs look in branch names, commit messages and code comments.',
  'tickets:',
  "  patterns: ['[A-Z][A-Z0-9]+-\\d+']",
  '  # url: https://tracker.example.com/browse/{id}',
  '',
  'outcomes:',
  '  # An objective: what should change for your users or the business.',
  '  - id: OBJ-1',
  '    title: Customers finish buying without friction',
  '',
  '  # A key result: a measurable change that shows progress towards the objective.',
  '  - id: KR-1',
  '    parent: OBJ-1',
  '    title: Raise checkout conversion',
  '    # owner: "@payments"',
  '    # start: 2026-01-01',
  '    # due: 2026-06-30',
  '    metrics:',
  '      - id: checkout-conversion',
  '        name: Checkout conversion',
  '        unit: "%"',
  '        baseline: 3.1',
  '        target: 4.0',
  '        # Where the current value comes from. Replace this fixed value with a file,',
  '        # http, prometheus or command source.',
  '        source: { type: static, value: 3.1 }',
  '    # Files that serve this outcome: gitignore patterns, relative to this folder.',
  '    paths:',
  '      - src/checkout/',
  '    # Tickets whose work serves it.',
  '    tickets: [PAY-1]',
];

export function starterConfig(eol: '\n' | '\r\n' = '\n'): string {
  return lines.join(eol) + eol;
}
