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
  /** A rejection that carries no field causes (decode errors, 400s), verbatim. */
  other?: string;
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
  return m.replace(UUID, '<uid>').replace(/^.*?(?=json: cannot unmarshal)/, '');
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

export function compareOutcomes(server: Outcome, ours: Outcome): Comparison {
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
  const decode = /cannot unmarshal .* into Go struct field \w+\.(\S+) of type/.exec(String(body?.message ?? ''));
  if (status === 400 && decode) {
    return { allowed: false, errors: [{ field: decode[1], type: 'FieldValueTypeInvalid', message: String(body.message) }], warnings };
  }
  return { allowed: false, errors: [], other: `${status} ${body?.reason ?? ''}: ${body?.message ?? JSON.stringify(body)}`, warnings };
}
