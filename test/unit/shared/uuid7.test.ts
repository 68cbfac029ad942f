import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { uuidv7, uuidv7Ms } from '../../../src/shared/uuid7';

/** Decision 0189: row ids are UUID v7 — the millisecond first, so ids made later sort later. */
const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidv7', () => {
  it('is a version 7, RFC 9562 variant uuid that zod accepts, carrying its millisecond', () => {
    const ms = Date.UTC(2026, 11, 4, 1, 2, 3, 456);
    const id = uuidv7(ms);
    expect(id).toMatch(V7);
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(uuidv7Ms(id)).toBe(ms);
    expect(id.slice(0, 13)).toBe(`${ms.toString(16).padStart(12, '0').slice(0, 8)}-${ms.toString(16).padStart(12, '0').slice(8)}`);
  });

  it('never goes backwards in one process: ids of one millisecond count up, a clock that steps back does not reorder them', () => {
    const ms = Date.UTC(2027, 0, 1);
    const ids = [...Array.from({ length: 5_000 }, () => uuidv7(ms)), ...Array.from({ length: 100 }, () => uuidv7(ms - 1_000)), uuidv7(ms + 10_000)];
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!, `${ids[i - 1]} then ${ids[i]}`).toBe(true);
    for (const id of ids) expect(id).toMatch(V7);
    // More than 4,096 in one millisecond borrow the next one.
    expect(uuidv7Ms(ids[4_999]!)).toBeGreaterThan(ms);
    expect(uuidv7Ms(ids.at(-1)!)).toBe(ms + 10_000);
  });

  it('keeps 62 random bits: ids of one millisecond differ past the counter', () => {
    const ms = Date.UTC(2028, 5, 1);
    const tails = new Set(Array.from({ length: 1_000 }, () => uuidv7(ms).slice(19)));
    expect(tails.size).toBe(1_000);
  });

  it('reads no time out of an id of another version', () => {
    expect(uuidv7Ms(crypto.randomUUID())).toBeNull();
    expect(uuidv7Ms('not-a-uuid')).toBeNull();
  });
});
