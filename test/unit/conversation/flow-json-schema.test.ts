import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flowJsonSchema } from '../../../src/conversation/flow-json-schema';

describe('flows/flow.schema.json', () => {
  it('is the JSON Schema generated from the zod schema (run `npm run flows:schema` after changing it)', () => {
    const committed = JSON.parse(readFileSync('flows/flow.schema.json', 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(flowJsonSchema())));
  });
});
