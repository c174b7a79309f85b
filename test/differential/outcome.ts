// One shape for "what was decided" on both sides of the differential: the API server's answer
// and our engine's verdict reduce to accept/reject plus the (field, type) set of field errors.
export interface FieldCause {
  field: string;
  type: string;
  /** The error body as the API server prints it (`Invalid value: -1: must be ...`). */
  message: string;
}

export interface Outcome {
  allowed: boolean;
  errors: FieldCause[];
  /** A rejection that carries no field causes (400s, panics), verbatim. */
  other?: string;
  /**
   * The decoder refused the body (400 "... cannot be handled as a Job: <why>"): nothing was validated.
   * Go names the field only for JSON type errors, never for e.g. a malformed quantity.
   */
  decode?: { field?: string; message: string };
  warnings: string[];
}

export const key = (c: { field: string; type: string }): string => `${c.field} | ${c.type}`;

export function keySet(o: Outcome): string[] {
  return [...new Set(o.errors.map(key))].sort();
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The uid is the server's (or our placeholder before the server assigned one): not a difference. */
export function normalizeMessage(m: string): string {
  // A decoder refusal: the server prefixes "<Kind> in version ... cannot be handled as ...", we
  // "Invalid value: <v>"; the Go json error after that is what must match.
  return m.replace(UUID, '<uid>');
}

export interface Comparison {
  agree: boolean;
  /** (field, type) pairs only the server reported. */
  onlyServer: string[];
  /** (field, type) pairs only we reported. */
  onlyOurs: string[];
  /** Same (field, type) but different text. */
  messageMismatches: { key: string; server: string; ours: string }[];
  /** API-server warnings our engine did not give (it promises them verbatim); not part of `agree`. */
  missingWarnings: string[];
}

/**
 * A decoder refusal agrees with ours when we reject with type errors only (nothing is validated
 * after a decode failure) and, where Go names the field, at that field.
 */
function compareDecode(decode: NonNullable<Outcome['decode']>, ours: Outcome): Comparison {
  const typeErrors = ours.errors.filter((e) => e.type === 'FieldValueTypeInvalid');
  const onlyOurs = ours.errors.filter((e) => e.type !== 'FieldValueTypeInvalid').map(key);
  const named = decode.field === undefined ? [] : typeErrors.filter((e) => e.field === decode.field);
  const onlyServer = decode.field !== undefined && named.length === 0 ? [key({ field: decode.field, type: 'FieldValueTypeInvalid' })] : [];
  if (typeErrors.length === 0 && onlyServer.length === 0) onlyServer.push(key({ field: decode.field ?? '(decoder)', type: 'FieldValueTypeInvalid' }));
  const messageMismatches: Comparison['messageMismatches'] = [];
  const ourText = (named[0] ?? typeErrors[0])?.message ?? '';
  if (ourText !== '' && !normalizeMessage(ourText).endsWith(normalizeMessage(decode.message))) {
    messageMismatches.push({ key: key({ field: decode.field ?? '(decoder)', type: 'FieldValueTypeInvalid' }), server: decode.message, ours: ourText });
  }
  return { agree: !ours.allowed && onlyServer.length === 0 && onlyOurs.length === 0, onlyServer, onlyOurs, messageMismatches, missingWarnings: [] };
}

export function compareOutcomes(server: Outcome, ours: Outcome): Comparison {
  if (server.decode) return compareDecode(server.decode, ours);
  const s = keySet(server);
  const o = keySet(ours);
  const onlyServer = s.filter((k) => !o.includes(k));
  const onlyOurs = o.filter((k) => !s.includes(k));
  const messageMismatches: Comparison['messageMismatches'] = [];
  for (const k of s.filter((x) => o.includes(x))) {
    const sm = server.errors.filter((e) => key(e) === k).map((e) => normalizeMessage(e.message)).sort();
    const om = ours.errors.filter((e) => key(e) === k).map((e) => normalizeMessage(e.message)).sort();
    // An expectation without text (a vector file entry) pins only the (field, type).
    if (sm.every((m) => m === '')) continue;
    if (sm.join('\n') !== om.join('\n')) messageMismatches.push({ key: k, server: sm.join(' // '), ours: om.join(' // ') });
  }
  const agree = server.allowed === ours.allowed && onlyServer.length === 0 && onlyOurs.length === 0;
  const missingWarnings = server.allowed && ours.allowed ? server.warnings.filter((w) => !ours.warnings.includes(w)) : [];
  return { agree, onlyServer, onlyOurs, messageMismatches, missingWarnings };
}

/** The API server's HTTP answer to a (dry-run) create or update, as an Outcome. */
export function outcomeFromResponse(status: number, body: any, warnings: string[]): Outcome {
  if (status >= 200 && status < 300) return { allowed: true, errors: [], warnings };
  const causes: any[] = body?.details?.causes ?? [];
  if (status === 422 && causes.length > 0) {
    return {
      allowed: false,
      errors: causes.map((c) => ({ field: String(c.field ?? ''), type: String(c.reason ?? ''), message: String(c.message ?? '') })),
      warnings,
    };
  }
  // A value the decoder refuses (e.g. 2^31 into an int32) never reaches validation or a webhook:
  // it is a 400 naming the Go field. Our structure check reports it as a type error at that path.
  const message = String(body?.message ?? '');
  const handled = /^\w+ in version "[^"]+" cannot be handled as a \w+: /.exec(message);
  if (status === 400 && handled) {
    const field = /cannot unmarshal .* into Go struct field \w+\.(\S+) of type/.exec(message)?.[1];
    return { allowed: false, errors: [], decode: { field, message: message.slice(handled[0].length) }, warnings };
  }
  return { allowed: false, errors: [], other: `${status} ${body?.reason ?? ''}: ${body?.message ?? JSON.stringify(body)}`, warnings };
}
