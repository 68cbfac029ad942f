/**
 * Time-ordered row ids (UUID version 7, RFC 9562; decision 0189). A v4 id sends every insert into a random leaf of its
 * primary key, and a storm's ids into random pages of every table they key: at 100,000 conversations the indexes and
 * heaps a firing round touches (~370 MB) outgrew shared_buffers, and the backends read and wrote back evicted pages
 * for most of their time. A v7 id starts with its millisecond, so new rows append at the right edge of their index,
 * and rows made together (an import's conversations, a campaign's timers) sort, and are stored, together.
 *
 * Layout: 48 bits of Unix milliseconds, the version (7), 12 bits counting within that millisecond (RFC 9562 method 1:
 * monotonic in this process; it starts at a random value below 2,048 so two processes' ids of one millisecond still
 * interleave), the variant (10) and 62 random bits. The database's default, `saisoku_uuid7()` (migration 0016), has
 * the same layout with the sub-millisecond clock in the 12 bits.
 */
import { systemClock } from './clock';
import { toHex } from './hex';

const POOL = 4096;
let pool = new Uint8Array(0);
let at = POOL;
let lastMs = -1;
let seq = 0;

function randomBytes(n: number): Uint8Array {
  if (at + n > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL));
    at = 0;
  }
  const out = pool.subarray(at, at + n);
  at += n;
  return out;
}

/**
 * A new UUID v7 for `nowMs`. The default is the machine's clock, not a service's (a test's or the simulator's clock may
 * stand still or lie in the past): an id tells when its row was really made, as the database's default does. Ids of one
 * process never go backwards.
 */
export function uuidv7(nowMs: number = systemClock.now().getTime()): string {
  const r = randomBytes(10);
  if (nowMs > lastMs) {
    lastMs = nowMs;
    seq = ((r[0]! << 8) | r[1]!) & 0x7ff;
  } else if (++seq > 0xfff) {
    // 4,096 ids in one millisecond: borrow the next one (the clock catches up).
    lastMs++;
    seq = 0;
  }
  const ms = lastMs;
  const b = new Uint8Array(16);
  // 48-bit big-endian milliseconds (beyond 32 bits: division, not shifts).
  const hi = Math.floor(ms / 2 ** 32);
  const lo = ms >>> 0;
  b[0] = (hi >>> 8) & 0xff;
  b[1] = hi & 0xff;
  b[2] = (lo >>> 24) & 0xff;
  b[3] = (lo >>> 16) & 0xff;
  b[4] = (lo >>> 8) & 0xff;
  b[5] = lo & 0xff;
  b[6] = 0x70 | (seq >>> 8);
  b[7] = seq & 0xff;
  b[8] = 0x80 | (r[2]! & 0x3f);
  for (let i = 9; i < 16; i++) b[i] = r[i - 6]!;
  const h = toHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The millisecond a v7 id was made at (null for any other version). */
export function uuidv7Ms(id: string): number | null {
  const hex = id.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex) || hex[12] !== '7') return null;
  return parseInt(hex.slice(0, 12), 16);
}
