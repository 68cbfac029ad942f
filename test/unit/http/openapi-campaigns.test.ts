import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../src/http/openapi';
import { ROUTE_POLICY } from '../../../src/http/policy';

describe('OpenAPI document', () => {
  it('describes every campaign and debt-loading route in the access table', () => {
    const doc = openApiDocument('https://saisoku.test') as { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    const routes = Object.keys(ROUTE_POLICY).filter((k) => / \/api\/(campaigns|debts)/.test(k));
    expect(routes.length).toBeGreaterThan(10);
    const missing = routes.filter((k) => {
      const [method, path] = k.split(' ') as [string, string];
      return !doc.paths[path.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
    });
    expect(missing).toEqual([]);
    expect(Object.keys(doc.components.schemas.CreateCampaign!.properties ?? {})).toEqual(['name', 'flow', 'startAt', 'debts']);
  });
});
