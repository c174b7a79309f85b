// Renders a bad value the way apimachinery's field.Error does: integers, floats and bools plainly,
// strings Go-quoted (%q), everything else as its Go JSON encoding (HTML characters escaped).

// strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space; the rest is escaped
// (e.g. U+00A0, U+200B, U+FEFF).
const NON_PRINTABLE = /^[^\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (cp === 0x07) out += '\\a';
    else if (cp === 0x08) out += '\\b';
    else if (cp === 0x0c) out += '\\f';
    else if (cp === 0x0a) out += '\\n';
    else if (cp === 0x0d) out += '\\r';
    else if (cp === 0x09) out += '\\t';
    else if (cp === 0x0b) out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\ufffd'; // a lone surrogate; Go decoded it as U+FFFD
    else if (NON_PRINTABLE.test(ch)) out += cp > 0xffff ? '\\U' + cp.toString(16).padStart(8, '0') : '\\u' + cp.toString(16).padStart(4, '0');
    else if (cp === 0xfffd && ch !== '\ufffd') out += '\\ufffd';
    else out += ch;
  }
  return out + '"';
}

function goJson(value: unknown): string {
  const json = JSON.stringify(value, (_k, v: unknown) => (v === undefined ? null : v));
  if (json === undefined) return 'null';
  return json.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

export function renderValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : goJson(value);
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'string':
      return goQuote(value);
    default:
      return goJson(value);
  }
}
