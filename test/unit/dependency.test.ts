import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { DependencyDown, dependencyOf } from '../../src/shared/dependency';

describe('dependencyOf: which errors mean "a dependency is down" (503), which are bugs (500)', () => {
  const pg = (code: string) => Object.assign(new Error('x'), { code });
  it.each(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', '57P01', '57P03', '08006'])('%s → database', (code) => {
    expect(dependencyOf(pg(code))).toBe('database');
    // drizzle wraps the driver's error as its cause
    expect(dependencyOf(new DrizzleQueryError('select 1', [], pg(code)))).toBe('database');
  });
  it('a refused connect to every address (AggregateError) → database', () => {
    expect(dependencyOf(new AggregateError([pg('ECONNREFUSED'), pg('ECONNREFUSED')]))).toBe('database');
  });
  it('the queue adapter says so itself', () => {
    expect(dependencyOf(new DependencyDown('queue', 'redis is reconnecting'))).toBe('queue');
  });
  it.each([['unique violation', pg('23505')], ['a TypeError', new TypeError('x is undefined')], ['a string', 'boom'], ['null', null]])('%s → null', (_n, e) => {
    expect(dependencyOf(e)).toBeNull();
  });
});
