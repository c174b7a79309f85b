// The few Go standard-library behaviours the cron grammar depends on, ported byte for byte so that
// error messages match the API server: unicode.IsSpace, strings.Fields, strings.TrimSpace,
// strings.ToLower (per rune), strconv.Atoi and its NumError text, and time.ParseDuration.
import { goQuote } from '../field/index.ts';

/** unicode.IsSpace: Latin-1 spaces plus the White_Space property (not JS's \s, which adds U+FEFF). */
export function isGoSpace(cp: number): boolean {
  if (cp <= 0xff) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || cp === 0x85 || cp === 0xa0;
  return (
    cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 || cp === 0x202f || cp === 0x205f || cp === 0x3000
  );
}

/** strings.Fields: split around runs of unicode.IsSpace. */
export function goFields(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Every Go space is in the BMP, so a surrogate half is never a space.
    if (isGoSpace(c)) {
      if (start >= 0) out.push(s.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
}

export function goTrimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isGoSpace(s.charCodeAt(a))) a++;
  while (b > a && isGoSpace(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}

/** strings.ToLower maps rune by rune; two runes lower to ASCII letters in Go but not in JS. */
export function goToLower(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) ascii = false;
  if (ascii) return s.toLowerCase();
  let out = '';
  for (const ch of s) {
    if (ch === '\u0130') out += 'i';
    else if (ch === '\u212a') out += 'k';
    else out += ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
  }
  return out;
}

/** A parsed Go int: its value (exact while safe) and its exact decimal text for `%d`. */
export interface GoInt {
  readonly value: number;
  readonly text: string;
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** strconv.Atoi on a 64-bit platform: optional sign, ASCII digits only, int64 range. */
export function atoi(s: string): { ok: true; int: GoInt } | { ok: false; message: string } {
  const fail = (why: string) => ({ ok: false as const, message: `strconv.Atoi: parsing ${goQuote(s)}: ${why}` });
  let i = 0;
  if (s.length > 0 && (s[0] === '-' || s[0] === '+')) i = 1;
  if (i >= s.length) return fail('invalid syntax');
  for (let j = i; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c < 0x30 || c > 0x39) return fail('invalid syntax');
  }
  if (s.length - i <= 15) {
    const value = Number(s);
    return { ok: true, int: { value: value === 0 ? 0 : value, text: String(value === 0 ? 0 : value) } };
  }
  const big = BigInt(s);
  if (big > INT64_MAX || big < INT64_MIN) return fail('value out of range');
  return { ok: true, int: { value: Number(big), text: big.toString() } };
}

const NS_PER: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n, // U+00B5 micro sign
  'μs': 1000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const TWO63 = 1n << 63n;

/** time's own quote(): non-ASCII and control bytes as \x escapes of their UTF-8 bytes. */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x80 || cp < 0x20) {
      for (const b of Buffer.from(ch, 'utf8')) out += '\\x' + b.toString(16).padStart(2, '0');
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** time.ParseDuration: nanoseconds as a bigint (int64 range), or Go's exact error text. */
export function parseGoDuration(orig: string): { ok: true; ns: bigint } | { ok: false; message: string } {
  const fail = (what: string) => ({ ok: false as const, message: `time: ${what} ${timeQuote(orig)}` });
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, ns: 0n };
  if (s === '') return fail('invalid duration');
  let d = 0n;
  while (s !== '') {
    const c0 = s.charCodeAt(0);
    if (!(s[0] === '.' || isDigit(c0))) return fail('invalid duration');
    // leadingInt
    let i = 0;
    let v = 0n;
    for (; i < s.length && isDigit(s.charCodeAt(i)); i++) {
      if (v > TWO63 / 10n) return fail('invalid duration');
      v = v * 10n + BigInt(s.charCodeAt(i) - 0x30);
      if (v > TWO63) return fail('invalid duration');
    }
    const pre = i > 0;
    s = s.slice(i);
    // leadingFraction
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; j < s.length && isDigit(s.charCodeAt(j)); j++) {
        if (overflow) continue;
        if (f > (TWO63 - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 0x30);
        if (y > TWO63) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) return fail('invalid duration');
    let u = 0;
    for (; u < s.length; u++) {
      if (s[u] === '.' || isDigit(s.charCodeAt(u))) break;
    }
    if (u === 0) return fail('missing unit in duration');
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = NS_PER[unitName];
    if (unit === undefined) return fail(`unknown unit ${timeQuote(unitName)} in duration`);
    if (v > TWO63 / unit) return fail('invalid duration');
    v *= unit;
    if (f > 0n) {
      // Go does this step in float64 on purpose; so do we.
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > TWO63) return fail('invalid duration');
    }
    d += v;
    if (d > TWO63) return fail('invalid duration');
  }
  if (neg) return { ok: true, ns: -d };
  if (d > TWO63 - 1n) return fail('invalid duration');
  return { ok: true, ns: d };
}
