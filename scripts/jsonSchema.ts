// Build-time entry: turns the zod schema into the JSON Schema shipped for YAML editors.
import { z } from 'zod';
import { OutcomesFile } from '../src/core/config/schema';

export function buildJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(OutcomesFile, { target: 'draft-7', unrepresentable: 'any' });
  return { ...schema, title: 'Outcome Lens outcomes.yaml', $id: 'https://outcome-lens.invalid/outcomes.schema.json' };
}
