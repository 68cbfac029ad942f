/**
 * Speed (issue #9, speed11, decision 0140): a literal pre-check derived from each pattern's own source.
 *
 * `requiredLiterals(re)` reads the pattern and returns strings at least one of which appears in every text the pattern
 * can match anywhere in (or null when it cannot say). `mayMatch(re, text)` is false only when the text contains none of
 * them — then `re` cannot match, so skipping it changes nothing. Built from the pattern at first use, so a pattern added
 * or edited later gets its own check; nobody writes or maintains a literal list by hand.
 *
 * Why it pays: a reply runs ~500 patterns; most cannot match it (no "pay" in the text, no 払 in it), and on a shared
 * machine each pattern's compiled code is cold when it runs (the two-byte copy of an English pattern, run only on the
 * few Japanese replies with Latin letters, most of all). `String.prototype.includes` of two or three short literals
 * touches no pattern code.
 *
 * Exact by construction: every approximation below only forgets requirements, never invents one —
 *  - a node the analyser does not understand (a back-reference, a class it will not expand, `.`) "can match anything",
 *    which requires nothing;
 *  - a sequence requires what any one of its parts requires (a match of the sequence contains a match of each part);
 *  - an alternation requires one of its branches' requirements only when every branch has one;
 *  - a repetition requires its body's requirement only when it repeats at least once;
 *  - zero-width assertions and look-arounds match the empty string.
 * Patterns with the `i`, `u` or `v` flag are not analysed (they always run). test/unit/classify/prefilter.test.ts checks
 * the analyser on the syntax it meets, and that on every fixture line no pattern that matches is ever skipped.
 */

/** What one node of a pattern can match: its exact strings when few, and strings one of which every match contains. */
interface Info {
  /** Every string the node can match, when there are at most EXACT_MAX; null otherwise. */
  exact: Set<string> | null;
  /** At least one of these is a substring of every match; null when nothing is known to be required. */
  need: string[] | null;
}

const EXACT_MAX = 24;
const NEED_MAX = 80;
/** Up to this many literals mayMatch searches for each; more, and it walks the text once. */
const FEW = 8;
const CLASS_MAX = 12;
const ANY: Info = { exact: null, need: null };
const EMPTY: Info = { exact: new Set(['']), need: null };

class Unsupported extends Error {}

/**
 * Longest first: each string is cut to its first L characters (a text that contains a string contains its prefix),
 * with the largest L that leaves at most NEED_MAX distinct strings (more selective than fewer, shorter ones: the lists
 * are searched in one walk over the text), and a string that contains another is dropped (the shorter one is present
 * whenever it is).
 */
function minimise(xs: Iterable<string>): string[] | null {
  const all = [...new Set(xs)];
  if (all.length === 0 || all.includes('')) return null;
  let pick = 0;
  if (all.length > NEED_MAX) {
    const longest = Math.max(...all.map((x) => x.length));
    for (let len = 1; len <= longest && new Set(all.map((x) => x.slice(0, len))).size <= NEED_MAX; len++) pick = len;
    if (!pick) return null;
  }
  const cut = pick ? [...new Set(all.map((x) => x.slice(0, pick)))] : all;
  return cut.filter((x) => !cut.some((t) => t !== x && x.includes(t)));
}

/** How selective a requirement is: literals of four characters or more count alike; then the fewer the better. */
function score(a: string[]): number {
  return Math.min(4, Math.min(...a.map((s) => s.length))) * 100 - a.length;
}

function better(a: string[] | null, b: string[] | null): string[] | null {
  if (!a) return b;
  if (!b) return a;
  return score(a) >= score(b) ? a : b;
}

function withNeed(exact: Set<string> | null, need: string[] | null): Info {
  return { exact, need: exact ? better(need, minimise(exact)) : need };
}

function product(a: Set<string>, b: Set<string>): Set<string> | null {
  if (a.size * b.size > EXACT_MAX) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

function sequence(parts: Info[]): Info {
  if (parts.length === 1) return parts[0]!;
  let need: string[] | null = null;
  let run: Set<string> | null = new Set(['']);
  // The run so far is every string the sequence can match while it has not been broken.
  let whole = true;
  for (const p of parts) {
    need = better(need, p.need);
    const next: Set<string> | null = run && p.exact ? product(run, p.exact) : null;
    if (next) run = next;
    else {
      // The run of exactly-known parts ends here: it is required as it stands; a new run starts with this part.
      whole = false;
      if (run) need = better(need, minimise(run));
      run = p.exact ? new Set(p.exact) : null;
    }
  }
  if (whole) return withNeed(run, need);
  if (run) need = better(need, minimise(run));
  return { exact: null, need };
}

function alternation(branches: Info[]): Info {
  let exact: Set<string> | null = new Set();
  for (const b of branches) {
    if (!exact || !b.exact) {
      exact = null;
      continue;
    }
    for (const s of b.exact) exact.add(s);
    if (exact.size > EXACT_MAX) exact = null;
  }
  let need: string[] | null = null;
  if (branches.every((b) => b.need)) need = minimise(branches.flatMap((b) => b.need!));
  return withNeed(exact, need);
}

function repeat(body: Info, min: number, max: number): Info {
  if (min === 0) {
    // x? can match its body or nothing; x* and wider are left unknown (nothing required either way).
    if (max === 1 && body.exact) {
      const exact = new Set(body.exact);
      exact.add('');
      return exact.size <= EXACT_MAX ? { exact, need: null } : ANY;
    }
    return ANY;
  }
  let exact: Set<string> | null = null;
  if (min === max && body.exact && min <= 4) {
    exact = new Set(['']);
    for (let i = 0; i < min && exact; i++) exact = product(exact, body.exact);
  }
  return withNeed(exact, body.need);
}

const SPECIAL = new Set([...'\\^$.|?*+()[]{}']);
const QUANTIFIER = new Set([...'*+?{']);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** A recursive-descent reader of the pattern source (ECMAScript syntax without the u/v flags, Annex B). */
class Reader {
  i = 0;
  constructor(private readonly src: string) {}

  private peek(k = 0): string | undefined {
    return this.src[this.i + k];
  }

  disjunction(): Info {
    const branches = [this.alternative()];
    while (this.peek() === '|') {
      this.i++;
      branches.push(this.alternative());
    }
    return branches.length === 1 ? branches[0]! : alternation(branches);
  }

  private alternative(): Info {
    const parts: Info[] = [];
    while (this.i < this.src.length && this.peek() !== '|' && this.peek() !== ')') parts.push(this.term());
    return sequence(parts);
  }

  private term(): Info {
    const c = this.peek()!;
    if (c === '^' || c === '$') {
      this.i++;
      return EMPTY;
    }
    if (c === '\\' && (this.peek(1) === 'b' || this.peek(1) === 'B')) {
      this.i += 2;
      return EMPTY;
    }
    // A run of plain characters none of which is repeated is one literal (fewer parts to combine).
    let lit = '';
    while (this.i < this.src.length && !SPECIAL.has(this.src[this.i]!) && !QUANTIFIER.has(this.src[this.i + 1] ?? '')) lit += this.src[this.i++];
    if (lit) return { exact: new Set([lit]), need: [lit] };
    const atom = this.atom();
    return this.quantified(atom);
  }

  /** A quantifier after an atom, if there is one; `{` that does not make one is a literal (Annex B). */
  private quantified(atom: Info): Info {
    const c = this.peek();
    let min = 1;
    let max = 1;
    if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (this.peek() === '?') this.i++; // lazy: the same strings
    return repeat(atom, min, max);
  }

  private atom(): Info {
    const c = this.peek()!;
    if (c === '(') return this.group();
    if (c === '[') return this.charClass();
    if (c === '.') {
      this.i++;
      return ANY;
    }
    if (c === '\\') return this.escape(false).info;
    if (c === '*' || c === '+' || c === '?') throw new Unsupported(`nothing to repeat at ${this.i}`);
    this.i++;
    return { exact: new Set([c]), need: [c] };
  }

  private group(): Info {
    this.i++; // (
    let lookaround = false;
    if (this.peek() === '?') {
      const k = this.peek(1);
      if (k === ':') this.i += 2;
      else if (k === '=' || k === '!') {
        this.i += 2;
        lookaround = true;
      } else if (k === '<' && (this.peek(2) === '=' || this.peek(2) === '!')) {
        this.i += 3;
        lookaround = true;
      } else if (k === '<') {
        const end = this.src.indexOf('>', this.i);
        if (end < 0) throw new Unsupported('group name');
        this.i = end + 1;
      } else throw new Unsupported(`group (?${k}`);
    }
    const inner = this.disjunction();
    if (this.peek() !== ')') throw new Unsupported('unclosed group');
    this.i++;
    // A look-around consumes nothing: as a part of a sequence it matches the empty string.
    return lookaround ? EMPTY : inner;
  }

  /** One escape: its characters when it stands for a known few (inside a class too), else unknown. */
  private escape(inClass: boolean): { chars: string[] | null; info: Info } {
    this.i++; // backslash
    const c = this.peek();
    if (c === undefined) throw new Unsupported('trailing backslash');
    this.i++;
    const one = (ch: string) => ({ chars: [ch], info: { exact: new Set([ch]), need: [ch] } as Info });
    if (c === 'd') {
      const digits = [...'0123456789'];
      return { chars: digits, info: ANY };
    }
    if ('DwWsS'.includes(c)) return { chars: null, info: ANY };
    if (c === 'n') return one('\n');
    if (c === 't') return one('\t');
    if (c === 'r') return one('\r');
    if (c === 'f') return one('\f');
    if (c === 'v') return one('\v');
    if (c === 'b' && inClass) return one('\b');
    if (c === 'x') {
      const h = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.i));
      if (!h) return one('x');
      this.i += 2;
      return one(String.fromCharCode(parseInt(h[0], 16)));
    }
    if (c === 'u') {
      const h = /^[0-9a-fA-F]{4}/.exec(this.src.slice(this.i));
      if (!h) return one('u');
      this.i += 4;
      return one(String.fromCharCode(parseInt(h[0], 16)));
    }
    // Back-references (\1, \k<name>), octal and control escapes: unknown (they require nothing).
    if (isDigit(c)) {
      while (isDigit(this.peek())) this.i++;
      return { chars: null, info: ANY };
    }
    if (c === 'k' && this.peek() === '<' && this.src.indexOf('>', this.i) > 0) {
      this.i = this.src.indexOf('>', this.i) + 1;
      return { chars: null, info: ANY };
    }
    if (c === 'c' && /[A-Za-z]/.test(this.peek() ?? '')) {
      this.i++;
      return { chars: null, info: ANY };
    }
    if (/[A-Za-z]/.test(c)) throw new Unsupported(`escape \\${c}`);
    return one(c); // an escaped punctuation character stands for itself
  }

  private charClass(): Info {
    this.i++; // [
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.i++;
    }
    const chars = new Set<string>();
    let known = true;
    const single = (): string[] | null => {
      if (this.peek() === '\\') return this.escape(true).chars;
      const ch = this.peek();
      if (ch === undefined) throw new Unsupported('unclosed class');
      this.i++;
      return [ch];
    };
    while (this.peek() !== ']') {
      const a = single();
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== undefined) {
        this.i++;
        const b = single();
        if (!a || !b || a.length !== 1 || b.length !== 1) {
          known = false; // Annex B: a class escape beside '-' is a literal '-'; not worth reading exactly
          continue;
        }
        const lo = a[0]!.charCodeAt(0);
        const hi = b[0]!.charCodeAt(0);
        if (hi < lo) throw new Unsupported('range out of order');
        if (hi - lo + 1 > CLASS_MAX) known = false;
        else for (let k = lo; k <= hi; k++) chars.add(String.fromCharCode(k));
      } else if (a) for (const ch of a) chars.add(ch);
      else known = false;
    }
    this.i++; // ]
    if (negated || !known || chars.size === 0 || chars.size > CLASS_MAX) return ANY;
    return { exact: chars, need: [...chars] };
  }
}

/** Strings one of which every match of `re` contains; null when none can be derived (then `re` always runs). */
export function requiredLiterals(re: RegExp): string[] | null {
  if (/[iuv]/.test(re.flags)) return null;
  try {
    const r = new Reader(re.source);
    const info = r.disjunction();
    if (r.i !== re.source.length) return null;
    return info.need;
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}

const needs = new WeakMap<RegExp, string[] | null>();

/** The derived literals of `re`, computed once per pattern object. */
export function literalsOf(re: RegExp): string[] | null {
  let need = needs.get(re);
  if (need === undefined) {
    need = requiredLiterals(re);
    needs.set(re, need);
  }
  return need;
}

/**
 * One pass over the text for a whole list of patterns (the signal lists): which of them may match it. Each pattern's
 * literals are filed under their first character; walking the text once, every literal that starts at a position is
 * compared there, and the patterns it belongs to are marked. Marked (or without literals) is exactly mayMatch's answer,
 * at a cost that grows with the text, not with the sum of the patterns' literals.
 */
interface LiteralIndex {
  size: number;
  always: Uint8Array;
  byFirst: Map<number, Array<{ lit: string; ids: number[] }>>;
  marks: Uint8Array;
}
const indexes = new WeakMap<readonly RegExp[], LiteralIndex>();

function indexOf(res: readonly RegExp[]): LiteralIndex {
  let ix = indexes.get(res);
  if (ix && ix.size === res.length) return ix;
  const always = new Uint8Array(res.length);
  const byLit = new Map<string, number[]>();
  res.forEach((re, id) => {
    const need = literalsOf(re);
    if (need === null) always[id] = 1;
    else for (const lit of need) byLit.set(lit, [...(byLit.get(lit) ?? []), id]);
  });
  const byFirst = new Map<number, Array<{ lit: string; ids: number[] }>>();
  for (const [lit, ids] of byLit) {
    const c = lit.charCodeAt(0);
    byFirst.set(c, [...(byFirst.get(c) ?? []), { lit, ids }]);
  }
  ix = { size: res.length, always, byFirst, marks: new Uint8Array(res.length) };
  indexes.set(res, ix);
  return ix;
}

/**
 * For each pattern of `res`, 1 when it may match `text` (as mayMatch), 0 when it cannot. The array is reused by the
 * next call for the same list: read it before asking again.
 */
export function mayMatchEach(res: readonly RegExp[], text: string): Uint8Array {
  const ix = indexOf(res);
  const marks = ix.marks;
  marks.set(ix.always);
  for (let pos = 0; pos < text.length; pos++) {
    const here = ix.byFirst.get(text.charCodeAt(pos));
    if (here === undefined) continue;
    for (let k = 0; k < here.length; k++) {
      const e = here[k]!;
      if (e.lit.length === 1 || text.startsWith(e.lit, pos)) for (let j = 0; j < e.ids.length; j++) marks[e.ids[j]!] = 1;
    }
  }
  if (audit) for (let id = 0; id < res.length; id++) if (!marks[id]) audit(res[id]!, text);
  return marks;
}

const listsOf = new WeakMap<readonly object[], { size: number; res: RegExp[] }>();
/** mayMatchEach over a list of things that carry a pattern (signals, [rule, pattern] pairs, date patterns). */
export function mayMatchEachOf<T extends object>(items: readonly T[], patternOf: (item: T) => RegExp, text: string): Uint8Array {
  let l = listsOf.get(items);
  if (!l || l.size !== items.length) {
    l = { size: items.length, res: items.map(patternOf) };
    listsOf.set(items, l);
  }
  return mayMatchEach(l.res, text);
}

type Audit = (re: RegExp, text: string) => void;
let audit: Audit | undefined;
/**
 * For tests: `onSkip` is called with every (pattern, text) that mayMatch rules out, so a test can run the pattern anyway
 * and fail if it matches. Pass undefined to stop.
 */
export function auditSkips(onSkip: Audit | undefined): void {
  audit = onSkip;
}

const alone = new WeakMap<RegExp, RegExp[]>();
/** False only when `text` contains none of the literals every match of `re` contains: then `re` cannot match `text`. */
export function mayMatch(re: RegExp, text: string): boolean {
  const need = literalsOf(re);
  if (need === null) return true;
  if (need.length > FEW) {
    // Many literals: one walk over the text (as for a list) instead of one search per literal.
    let list = alone.get(re);
    if (!list) alone.set(re, (list = [re]));
    return mayMatchEach(list, text)[0] === 1;
  }
  for (let k = 0; k < need.length; k++) if (text.includes(need[k]!)) return true;
  if (audit) audit(re, text);
  return false;
}
