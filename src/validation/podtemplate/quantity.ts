// resource.Quantity from apimachinery 1.36: the parse grammar, the exact value (held in nano units, as
// upstream rounds anything finer up to 1n), comparison, and the canonical String() the API server
// prints in messages such as `must be less than or equal to cpu limit of 500m`.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The value times 10^9, exact (rounded away from zero below 1n, as upstream). */
  readonly nanos: bigint;
  readonly format: QuantityFormat;
  /** Upstream keeps the input text when it is already in canonical form. */
  readonly cached: string | undefined;
}

export type QuantityResult = { ok: true; quantity: Quantity } | { ok: false; message: string };

const SPLIT_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${SPLIT_RE}'`;
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
export const ERR_SUFFIX = "unable to parse quantity's suffix";

const NANO = 1_000_000_000n;
const MAX_INT64 = 9223372036854775807n;
// Exponents far beyond any real resource would make the exact BigInt arithmetic costly.
const MAX_DECIMAL_EXPONENT = 10_000;

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_EXPONENT = new Map(Object.entries(BINARY_SUFFIXES).map(([s, e]) => [e, s]));
const DIGITS = /^[0-9]*$/;
const SUFFIX_CHARS = 'eEinumkKMGTP';

interface Split {
  positive: boolean;
  num: string;
  denom: string;
  suffix: string;
}

/** parseQuantityString: sign, numerator without leading zeros, fraction digits, suffix. */
function split(s: string): Split | undefined {
  let pos = 0;
  const end = s.length;
  let positive = true;
  if (s[0] === '-') {
    positive = false;
    pos++;
  } else if (s[0] === '+') {
    pos++;
  }
  while (pos < end && s[pos] === '0') pos++;
  if (pos >= end) return { positive, num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && s[i] >= '0' && s[i] <= '9') i++;
  let num = s.slice(pos, i);
  if (i >= end) return { positive, num, denom: '', suffix: '' };
  if (num.length === 0) num = '0';
  pos = i;
  let denom = '';
  if (s[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && s[i] >= '0' && s[i] <= '9') i++;
    denom = s.slice(pos, i);
    if (i >= end) return { positive, num, denom, suffix: '' };
    pos = i;
  }
  const suffixStart = pos;
  i = pos;
  while (i < end && SUFFIX_CHARS.includes(s[i])) i++;
  if (i >= end) return { positive, num, denom, suffix: s.slice(suffixStart) };
  pos = i;
  if (s[pos] === '-' || s[pos] === '+') pos++;
  for (i = pos; i < end; i++) if (s[i] < '0' || s[i] > '9') return undefined;
  return { positive, num, denom, suffix: s.slice(suffixStart) };
}

function interpretSuffix(suffix: string): { base: 10 | 2; exponent: number; format: QuantityFormat } | undefined {
  if (Object.hasOwn(DECIMAL_SUFFIXES, suffix)) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix], format: 'DecimalSI' };
  if (Object.hasOwn(BINARY_SUFFIXES, suffix)) return { base: 2, exponent: BINARY_SUFFIXES[suffix], format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const digits = suffix.slice(1);
    if (!/^[+-]?[0-9]+$/.test(digits)) return undefined;
    const exponent = Number(digits);
    if (!Number.isSafeInteger(exponent)) return undefined;
    return { base: 10, exponent, format: 'DecimalExponent' };
  }
  return undefined;
}

// Powers of ten are needed on every quantity check (scaledValue), and BigInt exponentiation is slow.
const POW10: bigint[] = Array.from({ length: 64 }, (_, n) => 10n ** BigInt(n));
const pow10 = (n: number): bigint => POW10[n] ?? 10n ** BigInt(n);

/** Ceiling division of non-negative numbers. */
const divUp = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

// Quantities repeat across Jobs ("250m", "1Gi"); results are immutable, so parsed strings are memoised
// in a bounded table that is simply dropped when full.
const MEMO_LIMIT = 4096;
const memo = new Map<string, QuantityResult>();

/** ParseQuantity. JSON numbers are accepted as their text. */
export function parseQuantity(input: unknown): QuantityResult {
  if (typeof input !== 'string') return parseUncached(input);
  let r = memo.get(input);
  if (r === undefined) {
    if (memo.size >= MEMO_LIMIT) memo.clear();
    r = parseUncached(input);
    memo.set(input, r);
  }
  return r;
}

function parseUncached(input: unknown): QuantityResult {
  const s = typeof input === 'number' ? String(input).replace('e+', 'e') : typeof input === 'string' ? input.trim() : '';
  if (s.length === 0) return { ok: false, message: ERR_FORMAT_WRONG };
  if (s === '0') return { ok: true, quantity: { nanos: 0n, format: 'DecimalSI', cached: '0' } };
  const parts = split(s);
  if (!parts) return { ok: false, message: ERR_FORMAT_WRONG };
  const { positive, num, denom, suffix } = parts;
  if (!DIGITS.test(num) || !DIGITS.test(denom)) return { ok: false, message: ERR_NUMERIC };
  const sfx = interpretSuffix(suffix);
  if (!sfx) return { ok: false, message: ERR_SUFFIX };
  if (Math.abs(sfx.exponent) > MAX_DECIMAL_EXPONENT) return { ok: false, message: ERR_NUMERIC };
  let format = sfx.format;

  const digits = BigInt(num + denom);
  // magnitude in nanos = digits * 10^-len(denom) * base^exponent * 10^9, rounded up
  let numer = digits * NANO;
  let denomBig = pow10(denom.length);
  if (sfx.base === 2) numer *= 1n << BigInt(sfx.exponent);
  else if (sfx.exponent >= 0) numer *= pow10(sfx.exponent);
  else denomBig *= pow10(-sfx.exponent);
  let magnitude = divUp(numer, denomBig);

  const cached = canonicalInputKept(parts, sfx.base, sfx.exponent, format) ? s : undefined;
  if (cached === undefined && format === 'BinarySI') {
    if (magnitude > MAX_INT64 * NANO) magnitude = MAX_INT64 * NANO;
    if (magnitude > 0n && magnitude < NANO) format = 'DecimalSI';
  }
  return { ok: true, quantity: { nanos: positive ? magnitude : -magnitude, format, cached } };
}

/** The fast path of ParseQuantity, which keeps the input string when it is already canonical. */
function canonicalInputKept(p: Split, base: 10 | 2, exponent: number, format: QuantityFormat): boolean {
  let precision: number;
  let scale: number;
  if (format === 'BinarySI') {
    scale = 0;
    precision = exponent >= 0 && p.denom.length === 0 ? 15 - p.num.length - Math.trunc((exponent * 3) / 10) - 1 : -1;
  } else {
    scale = exponent;
    precision = 18 - (p.num.length + p.denom.length);
  }
  if (precision < 0) return false;
  scale -= p.denom.length;
  if (scale < -9) return false;
  const shifted = p.num + p.denom;
  const value = BigInt(shifted);
  if (value > MAX_INT64) return false;
  const mantissa = base === 2 ? 1n << BigInt(exponent) : 1n;
  if (value * mantissa > MAX_INT64) return false;
  if (format === 'BinarySI') return exponent % 10 === 0 && (value & 7n) !== 0n;
  return scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
}

/** Quantity.String(). */
export function quantityString(q: Quantity): string {
  if (q.cached !== undefined) return q.cached;
  if (q.nanos === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const abs = q.nanos < 0n ? -q.nanos : q.nanos;
    if (abs < 1024n * NANO || abs % NANO !== 0n) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let amount = q.nanos / NANO;
    let exponent = 0;
    while (amount !== 0n && amount % 1024n === 0n) {
      amount /= 1024n;
      exponent += 10;
    }
    return amount.toString() + (BINARY_BY_EXPONENT.get(exponent) ?? '');
  }
  let amount = q.nanos;
  let exponent = -9;
  while (amount % 10n === 0n) {
    amount /= 10n;
    exponent++;
  }
  while (exponent % 3 !== 0) {
    amount *= 10n;
    exponent--;
  }
  if (format === 'DecimalExponent') return amount.toString() + (exponent === 0 ? '' : `e${exponent}`);
  return amount.toString() + (DECIMAL_BY_EXPONENT.get(exponent) ?? '');
}

export const compareQuantities = (a: Quantity, b: Quantity): number => (a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0);

/** ScaledValue(scale): the value in units of 10^scale, rounded up. */
export function scaledValue(q: Quantity, scale: number): bigint {
  const unit = pow10(9 + scale);
  return q.nanos >= 0n ? divUp(q.nanos, unit) : -(-q.nanos / unit);
}

export const milliValue = (q: Quantity): bigint => scaledValue(q, -3);
export const integerValue = (q: Quantity): bigint => scaledValue(q, 0);
