import { z } from 'zod';
import { FlowDefinition } from '../flow/schema';

/** JSON Schema for flow YAML files, generated from the zod schema (the single source of truth). */
export function flowJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(FlowDefinition, { io: 'input', unrepresentable: 'any' }),
    title: 'saisoku flow definition',
    description: 'A versioned dunning flow: statechart, schedule, templates and policy limits. See flows/README.md.',
  };
}
