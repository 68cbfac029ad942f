import { readFileSync } from 'node:fs';
import { validateFlow } from '../../src/conversation/validate';
import type { FlowDefinition } from '../../src/flow/schema';

export type ShippedFlow = 'standard-ja' | 'standard-en';

/** The YAML source of a shipped flow (flows/<key>.yaml). */
export function shippedSource(key: ShippedFlow): string {
  return readFileSync(new URL(`../../flows/${key}.yaml`, import.meta.url), 'utf8');
}

const cache = new Map<ShippedFlow, FlowDefinition>();

/** A shipped flow, validated (once per test file): throws with the issues if it does not validate. */
export function shippedFlow(key: ShippedFlow): FlowDefinition {
  const hit = cache.get(key);
  if (hit) return hit;
  const v = validateFlow(shippedSource(key));
  if (!v.ok) throw new Error(`shipped flow ${key} does not validate: ${JSON.stringify(v.issues)}`);
  cache.set(key, v.flow);
  return v.flow;
}
