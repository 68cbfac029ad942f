/**
 * Romaji and katakana folding for the classifier: "mou okuranaide" → もうおくらないで,
 * ﾓｳ ｵｸﾗﾅｲﾃﾞ (after NFKC: モウ オクラナイデ) → もうおくらないで. Pure, table-driven.
 */

const V: Record<string, string> = { a: 'あ', i: 'い', u: 'う', e: 'え', o: 'お' };
const ROWS: Record<string, string> = {
  k: 'かきくけこ', g: 'がぎぐげご', s: 'さしすせそ', z: 'ざじずぜぞ', t: 'たちつてと', d: 'だぢづでど', n: 'なにぬねの',
  h: 'はひふへほ', b: 'ばびぶべぼ', p: 'ぱぴぷぺぽ', m: 'まみむめも', r: 'らりるれろ', l: 'らりるれろ',
};
const SMALL: Record<string, string> = { a: 'ゃ', u: 'ゅ', o: 'ょ' };

function buildTable(): Map<string, string> {
  const t = new Map<string, string>();
  for (const [v, k] of Object.entries(V)) t.set(v, k);
  for (const [c, row] of Object.entries(ROWS)) {
    'aiueo'.split('').forEach((v, i) => t.set(c + v, row[i] as string));
    const ki = row[1] as string;
    for (const [v, s] of Object.entries(SMALL)) t.set(`${c}y${v}`, ki + s);
  }
  t.set('ya', 'や').set('yu', 'ゆ').set('yo', 'よ').set('wa', 'わ').set('wo', 'を').set('we', 'うぇ').set('wi', 'うぃ');
  t.set('shi', 'し').set('chi', 'ち').set('tsu', 'つ').set('fu', 'ふ').set('ji', 'じ').set('si', 'し').set('ti', 'ち').set('tu', 'つ').set('hu', 'ふ').set('zi', 'じ');
  for (const [v, s] of Object.entries(SMALL)) {
    t.set(`sh${v}`, `し${s}`).set(`ch${v}`, `ち${s}`).set(`j${v}`, `じ${s}`).set(`jy${v}`, `じ${s}`);
  }
  t.set('she', 'しぇ').set('che', 'ちぇ').set('je', 'じぇ').set('fa', 'ふぁ').set('fi', 'ふぃ').set('fe', 'ふぇ').set('fo', 'ふぉ').set('vu', 'ゔ');
  t.set('di', 'でぃ').set('du', 'づ').set('thi', 'てぃ').set('dhi', 'でぃ');
  return t;
}
const TABLE = buildTable();
const MACRONS: Record<string, string> = { ā: 'aa', ī: 'ii', ū: 'uu', ē: 'ee', ō: 'ou', â: 'aa', î: 'ii', û: 'uu', ê: 'ee', ô: 'ou' };

/** One romaji word to hiragana, or undefined when it is not romaji ("stop", "pay", "ok"). */
export function romajiWord(word: string): string | undefined {
  const w = word.toLowerCase().replace(/[āīūēōâîûêô]/g, (c) => MACRONS[c] as string);
  let out = '';
  let i = 0;
  while (i < w.length) {
    const c = w[i] as string;
    const next = w[i + 1];
    if (c === '-') {
      out += 'ー';
      i++;
      continue;
    }
    if (c === "'" && out.endsWith('ん')) {
      i++;
      continue;
    }
    // っ: a doubled consonant (kk, tt, ss, pp) or "tch".
    if (next && c === next && !'aiueon'.includes(c) && /[a-z]/.test(c)) {
      out += 'っ';
      i++;
      continue;
    }
    if (c === 't' && next === 'c' && w[i + 2] === 'h') {
      out += 'っ';
      i++;
      continue;
    }
    if (c === 'n') {
      if (next === 'n') {
        // "nn" before a vowel is ん + n-row ("konnichiwa"); otherwise ん.
        out += 'ん';
        i += w[i + 2] && 'aiueoy'.includes(w[i + 2] as string) ? 1 : 2;
        continue;
      }
      if (!next || !'aiueoy'.includes(next)) {
        out += 'ん';
        i++;
        continue;
      }
    }
    let hit: string | undefined;
    for (const len of [3, 2, 1]) {
      const k = TABLE.get(w.slice(i, i + len));
      if (k) {
        hit = k;
        i += len;
        break;
      }
    }
    if (!hit) return undefined;
    out += hit;
  }
  return out || undefined;
}

// Words that are romaji-shaped but English (or carrier keywords): their presence means English.
const ENGLISH = new Set(
  'the you your yours are is am was were be of for and or my me it its this that these those i we he she they them please stop pay paid will can do did done not on in at by go home some come name same take make time here there where what who why how yes ok okay hi hey help info text sms call money due date bank card cash app link sorry thanks thank see have has had would could should man mine more also only then than when our out up down all any old new ate hate hope nope nice rate late sure save'.split(' '),
);
const PARTICLES: Record<string, string> = { wa: 'は', wo: 'を', o: 'を', e: 'へ' };

// One-word messages read as Japanese only when the word is one the classifier acts on ("teishi").
const KNOWN_SINGLE = new Set(['ていし', 'はいしんていし', 'すとっぷ', 'かいじょ', 'ぶんかつ', 'ひとちがい', 'ばんごうちがい', 'えんちょう', 'へるぷ', 'どなた', 'どちらさま', 'しはらいずみ', 'ふりこみずみ', 'にゅうきんずみ', 'はらいました', 'ふりこみました', 'さいかい', 'いくら']);

// Spellings where syllable-by-syllable reading goes wrong: n before y is ん in the weekday names
// (kinyoubi is きんようび, not きにょうび) and こんや; honorific suffixes written with a hyphen.
function unambiguous(text: string): string {
  return text
    .replace(/\bkinyou/gi, "kin'you")
    .replace(/\bkonya\b/gi, "kon'ya")
    .replace(/-(sama|san|chan|kun|sensei|desu|shimasu)\b/gi, '$1');
}

/**
 * Romaji Japanese to hiragana, word by word, when the whole text reads as romaji. Returns the
 * input unchanged otherwise (English, mixed English, numbers only).
 */
const ROMAJI_NEUTRAL: ReadonlySet<string> = new Set(['sms', 'atm', 'url', 'line', 'paypay', 'mail', 'email']);

export function romajiToKana(text: string): string {
  if (/[\u3040-\u30ff\u3400-\u9fff]/.test(text)) return text;
  text = unambiguous(text);
  // Loan tokens written in Latin inside romaji Japanese ("sms yamete kudasai") neither make nor break it.
  const words = text.toLowerCase().match(/[a-zāīūēōâîûêô'-]+/g)?.filter((w) => !ROMAJI_NEUTRAL.has(w));
  if (!words || !words.length) return text;
  let roman = 0;
  for (const w of words) {
    if (ENGLISH.has(w)) return text;
    if (romajiWord(w)) roman++;
  }
  const longest = Math.max(...words.map((w) => w.length));
  const japaneseEnding = /(?:masu|mashita|masen|desu|deshita|nai|naide|kudasai|shite|tte|nda|yo|ne)$/.test(words[words.length - 1] as string);
  const knownWord = words.length === 1 && KNOWN_SINGLE.has(romajiWord(words[0] as string) ?? '');
  if (roman / words.length < 0.8 || (words.length < 2 && !knownWord && !(japaneseEnding && longest >= 6))) return text;
  return text.replace(/[A-Za-zāīūēōâîûêôĀĪŪĒŌ'-]+/g, (w) => {
    const lw = w.toLowerCase();
    if (ROMAJI_NEUTRAL.has(lw)) return w;
    if (PARTICLES[lw] && words.length > 1) return PARTICLES[lw] as string;
    return romajiWord(w) ?? w;
  });
}

/** Katakana to hiragana (ー kept). */
export function katakanaToHiragana(s: string): string {
  return s.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

/** Hiragana to katakana (for generating variants). */
export function hiraganaToKatakana(s: string): string {
  return s.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

/** Half-width katakana of a full-width katakana string (the inverse of NFKC for kana; for corpus variants). */
export function toHalfWidthKatakana(s: string): string {
  const base = 'ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ';
  const map = new Map<string, string>();
  for (const h of base) map.set(h.normalize('NFKC'), h);
  let out = '';
  for (const ch of s) {
    const direct = map.get(ch);
    if (direct) {
      out += direct;
      continue;
    }
    const d = ch.normalize('NFD');
    const b = map.get(d[0] as string);
    if (b && d.length === 2) out += b + (d[1] === '\u3099' ? 'ﾞ' : 'ﾟ');
    else out += ch;
  }
  return out;
}
