// Name and label syntax checks, as apimachinery 1.36: each returns the list of messages a field error's
// detail is made from; an empty list means valid. Lengths are in bytes, as Go's len() of a string.
// Two wordings of the length message coexist in 1.36: util/validation's IsDNS1123Label/Subdomain
// (used for object names, container names, hostnames...) say "characters", while the
// `api/validate/content` package behind label keys/values (and a label key's DNS prefix) says "bytes".

import { invalid, type ErrorList, type Path } from '../field/index.ts';

const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

// The same names and labels come back request after request (a cluster has few distinct label keys,
// namespaces and images), so each check's answer is remembered. Answers are frozen and shared: callers
// only read them. The maps are bounded: when full they start over, and long strings are never kept.
// V8 iterates a frozen array on a slow path (for...of or .map cost ~10 ns more even when it is empty),
// so hot callers go through invalidEach, which does not iterate the usual empty answer.
const MEMO_MAX_ENTRIES = 4096;
const MEMO_MAX_KEY_LENGTH = 320;
const NO_ERRORS: readonly string[] = Object.freeze([]);

function memoized(check: (value: string) => string[]): (value: string) => readonly string[] {
  const answers = new Map<string, readonly string[]>();
  return (value) => {
    let answer = answers.get(value);
    if (answer === undefined) {
      const errs = check(value);
      answer = errs.length === 0 ? NO_ERRORS : Object.freeze(errs);
      if (value.length <= MEMO_MAX_KEY_LENGTH) {
        if (answers.size >= MEMO_MAX_ENTRIES) answers.clear();
        answers.set(value, answer);
      }
    }
    return answer;
  };
}

/**
 * An Invalid error for each message of a check's answer, at `path` or `path.field`; neither the
 * usual (empty, frozen) answer is iterated nor the path built when there is nothing to report.
 */
export function invalidEach(messages: readonly string[], path: Path, value: string, errs: ErrorList, field?: string): void {
  if (messages.length === 0) return;
  const at = field === undefined ? path : path.child(field);
  for (const msg of messages) errs.push(invalid(at, value, msg));
}

/** invalidEach into a list of its own: the field-error form of a name check (ValidateDNS1123Label & co.). */
export function invalidList(messages: readonly string[], path: Path, value: string): ErrorList {
  const errs: ErrorList = [];
  invalidEach(messages, path, value, errs);
  return errs;
}

export const maxLenError = (n: number): string => `must be no more than ${n} bytes`;
/** util/validation.MaxLenError, still used by the DNS name checks in 1.36. */
export const maxCharsError = (n: number): string => `must be no more than ${n} characters`;
export const emptyError = (): string => 'must be non-empty';

export function regexError(msg: string, re: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${re}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${re}')`;
}

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const dns1123Label = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const dns1123Subdomain = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;

export const isDNS1123Label = memoized(function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_LABEL_MAX) errs.push(maxCharsError(DNS1123_LABEL_MAX));
  if (!dns1123Label.test(value)) {
    if (dns1123Subdomain.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
});

export const isDNS1123Subdomain = memoized(function isDNS1123Subdomain(value: string): string[] {
  return dns1123SubdomainErrors(value, maxCharsError);
});

function dns1123SubdomainErrors(value: string, lengthMessage: (n: number) => string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123_SUBDOMAIN_MAX) errs.push(lengthMessage(DNS1123_SUBDOMAIN_MAX));
  if (!dns1123Subdomain.test(value)) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_KEY_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelKey = new RegExp(`^${LABEL_KEY_FMT}$`);
const LABEL_KEY_MAX = 63;

/** IsQualifiedName / IsLabelKey: `[prefix/]name`. */
export const isQualifiedName = memoized(function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part ' + emptyError());
    else for (const m of dns1123SubdomainErrors(prefix, maxLenError)) errs.push('prefix part ' + m);
  } else {
    return [
      'a valid label key ' +
        regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc') +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part ' + emptyError());
  else if (byteLength(name) > LABEL_KEY_MAX) errs.push('name part ' + maxLenError(LABEL_KEY_MAX));
  if (!labelKey.test(name)) errs.push('name part ' + regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc'));
  return errs;
});

const LABEL_VALUE_FMT = `(${LABEL_KEY_FMT})?`;
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValue = new RegExp(`^${LABEL_VALUE_FMT}$`);
export const LABEL_VALUE_MAX = 63;

export const isLabelValue = memoized(function isLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > LABEL_VALUE_MAX) errs.push(maxLenError(LABEL_VALUE_MAX));
  if (!labelValue.test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
});

const HTTP_PATH_FMT = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";
const httpPath = new RegExp(`^${HTTP_PATH_FMT}$`);

/** IsDomainPrefixedPath: `acme.io/foo`; returns [detail, badValue] pairs since each message names its own value. */
export function isDomainPrefixedPath(value: string): Array<{ value: string; detail: string }> {
  const slash = value.indexOf('/');
  if (slash <= 0 || slash === value.length - 1) {
    return [{ value, detail: 'must be a domain-prefixed path (such as "acme.io/foo")' }];
  }
  const host = value.slice(0, slash);
  const path = value.slice(slash + 1);
  const errs = isDNS1123Subdomain(host).map((detail) => ({ value: host, detail }));
  if (!httpPath.test(path)) errs.push({ value: path, detail: regexError('Invalid path', HTTP_PATH_FMT) });
  return errs;
}
