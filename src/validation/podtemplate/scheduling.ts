// Scheduling-related pod spec fields: tolerations, affinity, topology spread constraints,
// readiness/scheduling gates, DNS config, host aliases.
import { isIP, isIPv4 } from 'node:net';
import { duplicate, forbidden, invalid, notSupported, required, root, type ErrorList, type Path } from '../../field/index.ts';
import { arr, isObject, num, obj, str, strings, type JsonObject } from '../meta/json.ts';
import { validateLabelName } from '../meta/labels.ts';
import { validateLabelSelector } from '../meta/selector.ts';
import { isDNS1123Label, isDNS1123Subdomain, isLabelValue, regexError } from '../names.ts';
import { validateDNS1123Subdomain, validateQualifiedName } from './names.ts';

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const WHEN_UNSATISFIABLE = ['DoNotSchedule', 'ScheduleAnyway'];
const NODE_INCLUSION_POLICIES = ['Honor', 'Ignore'];
const MAX_DNS_NAMESERVERS = 3;
const MAX_DNS_SEARCH_PATHS = 32;
const MAX_DNS_SEARCH_CHARS = 2048;
const DNS_SUBDOMAIN_US_LABEL = '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?';
const DNS_SUBDOMAIN_US_FMT = `${DNS_SUBDOMAIN_US_LABEL}(\\.${DNS_SUBDOMAIN_US_LABEL})*`;
const dnsSubdomainWithUnderscore = new RegExp(`^${DNS_SUBDOMAIN_US_FMT}$`);
const DNS_SUBDOMAIN_US_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character";
const SLOPPY_IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IP_MSG = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const ROOT = root('scratch');

export interface SchedulingOptions {
  allowInvalidLabelValueInSelector: boolean;
  allowInvalidLabelValueInRequiredNodeAffinity: boolean;
  allowTaintTolerationComparisonOperators: boolean;
}

export function validateTolerations(tolerations: unknown, path: Path, opts: SchedulingOptions): ErrorList {
  const errs: ErrorList = [];
  arr(tolerations).forEach((t, i) => {
    const tol = obj(t);
    const p = path.index(i);
    const key = str(tol.key);
    const operator = str(tol.operator);
    const value = str(tol.value);
    const effect = str(tol.effect);
    if (key.length > 0) errs.push(...validateLabelName(key, p.child('key')));
    if (key.length === 0 && operator !== 'Exists') {
      errs.push(invalid(p.child('operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (tol.tolerationSeconds != null && effect !== 'NoExecute') {
      errs.push(invalid(p.child('effect'), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (operator) {
      case 'Equal':
      case '': {
        const msgs = isLabelValue(value);
        if (msgs.length > 0) errs.push(invalid(p.child('operator'), value, msgs.join(';')));
        break;
      }
      case 'Exists':
        if (value.length > 0) errs.push(invalid(p.child('operator'), value, "value must be empty when `operator` is 'Exists'"));
        break;
      case 'Lt':
      case 'Gt':
        if (!opts.allowTaintTolerationComparisonOperators) {
          errs.push(notSupported(p.child('operator'), operator, ['Equal', 'Exists', 'Lt', 'Gt']));
        } else {
          errs.push(...validateDecimalInt64(value, p.child('value')));
        }
        break;
      default:
        errs.push(notSupported(p.child('operator'), operator, ['Equal', 'Exists']));
    }
    if (effect.length > 0 && !TAINT_EFFECTS.includes(effect)) errs.push(notSupported(p.child('effect'), effect, TAINT_EFFECTS));
  });
  return errs;
}

export function validateAffinity(affinity: unknown, path: Path, opts: SchedulingOptions): ErrorList {
  if (!isObject(affinity)) return [];
  const errs: ErrorList = [];
  if (isObject(affinity.nodeAffinity)) errs.push(...validateNodeAffinity(affinity.nodeAffinity, path.child('nodeAffinity'), opts));
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pa = affinity[kind];
    if (!isObject(pa)) continue;
    const p = path.child(kind);
    arr(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      errs.push(...validatePodAffinityTerm(obj(term), p.child('requiredDuringSchedulingIgnoredDuringExecution').index(i), opts));
    });
    arr(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((w, i) => {
      const weighted = obj(w);
      const wp = p.child('preferredDuringSchedulingIgnoredDuringExecution').index(i);
      const weight = num(weighted.weight) ?? 0;
      if (weight <= 0 || weight > 100) errs.push(invalid(wp.child('weight'), weight, 'must be in the range 1-100'));
      errs.push(...validatePodAffinityTerm(obj(weighted.podAffinityTerm), wp.child('podAffinityTerm'), opts));
    });
  }
  return errs;
}

function validatePodAffinityTerm(term: JsonObject, path: Path, opts: SchedulingOptions): ErrorList {
  const selectorOpts = { allowInvalidLabelValueInSelector: opts.allowInvalidLabelValueInSelector };
  const errs = validateLabelSelector(term.labelSelector, path.child('labelSelector'), selectorOpts);
  errs.push(...validateLabelSelector(term.namespaceSelector, path.child('namespaceSelector'), selectorOpts));
  for (const ns of strings(term.namespaces)) for (const msg of isDNS1123Label(ns)) errs.push(invalid(path.child('namespace'), ns, msg));
  errs.push(...validateMatchLabelKeys(path, strings(term.matchLabelKeys), strings(term.mismatchLabelKeys), term.labelSelector));
  const topologyKey = str(term.topologyKey);
  if (topologyKey.length === 0) errs.push(required(path.child('topologyKey'), 'can not be empty'));
  errs.push(...validateLabelName(topologyKey, path.child('topologyKey')));
  return errs;
}

function validateNodeAffinity(na: JsonObject, path: Path, opts: SchedulingOptions): ErrorList {
  const errs: ErrorList = [];
  if (isObject(na.requiredDuringSchedulingIgnoredDuringExecution)) {
    const termsPath = path.child('requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
    const terms = arr(na.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms);
    if (terms.length === 0) errs.push(required(termsPath, 'must have at least one node selector term'));
    terms.forEach((t, i) => errs.push(...validateNodeSelectorTerm(obj(t), termsPath.index(i), opts.allowInvalidLabelValueInRequiredNodeAffinity)));
  }
  arr(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
    const term = obj(t);
    const p = path.child('preferredDuringSchedulingIgnoredDuringExecution').index(i);
    const weight = num(term.weight) ?? 0;
    if (weight <= 0 || weight > 100) errs.push(invalid(p.child('weight'), weight, 'must be in the range 1-100'));
    // Preferred terms always tolerate invalid label values upstream.
    errs.push(...validateNodeSelectorTerm(obj(term.preference), p.child('preference'), true));
  });
  return errs;
}

function validateNodeSelectorTerm(term: JsonObject, path: Path, allowInvalidValues: boolean): ErrorList {
  const errs: ErrorList = [];
  arr(term.matchExpressions).forEach((r, j) => {
    const req = obj(r);
    const p = path.child('matchExpressions').index(j);
    const values = strings(req.values);
    const operator = str(req.operator);
    switch (operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) errs.push(required(p.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0) {
          errs.push(forbidden(p.child('values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        }
        break;
      case 'Gt':
      case 'Lt':
        if (values.length !== 1) errs.push(required(p.child('values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
        break;
      default:
        errs.push(invalid(p.child('operator'), operator, 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(str(req.key), p.child('key')));
    if (!allowInvalidValues) {
      values.forEach((v, vi) => {
        for (const msg of isLabelValue(v)) errs.push(invalid(p.child('values').index(vi), v, msg));
      });
    }
  });
  arr(term.matchFields).forEach((r, j) => {
    const req = obj(r);
    const p = path.child('matchFields').index(j);
    const operator = str(req.operator);
    const values = strings(req.values);
    if (operator === 'In' || operator === 'NotIn') {
      if (values.length !== 1) {
        errs.push(required(p.child('values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
      }
    } else {
      errs.push(invalid(p.child('operator'), operator, 'not a valid selector operator'));
    }
    if (str(req.key) !== 'metadata.name') {
      errs.push(invalid(p.child('key'), str(req.key), 'not a valid field selector key'));
    } else {
      values.forEach((v, vi) => {
        for (const msg of isDNS1123Subdomain(v)) errs.push(invalid(p.child('values').index(vi), v, msg));
      });
    }
  });
  return errs;
}

export function validateTopologySpreadConstraints(
  constraints: unknown,
  path: Path,
  allowInvalidSelector = false,
  legacyMatchLabelKeys = false,
): ErrorList {
  const errs: ErrorList = [];
  const list = arr(constraints).map(obj);
  list.forEach((c, i) => {
    const p = path.index(i);
    const maxSkew = num(c.maxSkew) ?? 0;
    if (maxSkew <= 0) errs.push(invalid(p.child('maxSkew'), maxSkew, 'must be greater than zero'));
    const topologyKey = str(c.topologyKey);
    if (topologyKey.length === 0) errs.push(required(p.child('topologyKey'), 'can not be empty'));
    const action = str(c.whenUnsatisfiable);
    if (!WHEN_UNSATISFIABLE.includes(action)) errs.push(notSupported(p.child('whenUnsatisfiable'), action, WHEN_UNSATISFIABLE));
    if (list.slice(i + 1).some((o) => str(o.topologyKey) === topologyKey && str(o.whenUnsatisfiable) === action)) {
      errs.push(duplicate(p.child('{topologyKey, whenUnsatisfiable}'), `{${topologyKey}, ${action}}`));
    }
    const minDomains = num(c.minDomains);
    if (minDomains !== undefined) {
      if (minDomains <= 0) errs.push(invalid(p.child('minDomains'), minDomains, 'must be greater than zero'));
      if (action !== 'DoNotSchedule') {
        errs.push(invalid(p.child('minDomains'), minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${action}`));
      }
    }
    for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      if (typeof c[policy] === 'string' && !NODE_INCLUSION_POLICIES.includes(c[policy])) {
        errs.push(notSupported(p.child(policy), c[policy], NODE_INCLUSION_POLICIES));
      }
    }
    errs.push(
      ...(legacyMatchLabelKeys
        ? validateMatchLabelKeysLegacy(p.child('matchLabelKeys'), strings(c.matchLabelKeys), c.labelSelector)
        : validateMatchLabelKeys(p, strings(c.matchLabelKeys), [], c.labelSelector)),
    );
    if (!allowInvalidSelector) {
      errs.push(...validateLabelSelector(c.labelSelector, p.child('labelSelector'), { allowInvalidLabelValueInSelector: false }));
    }
  });
  return errs;
}

/** ValidateMatchLabelKeysInTopologySpread, kept for templates whose old version fails the current rule. */
function validateMatchLabelKeysLegacy(path: Path, keys: readonly string[], selector: unknown): ErrorList {
  if (keys.length === 0) return [];
  const errs: ErrorList = [];
  const selectorKeys = new Set<string>();
  if (isObject(selector)) {
    for (const k of Object.keys(obj(selector.matchLabels))) selectorKeys.add(k);
    for (const e of arr(selector.matchExpressions)) selectorKeys.add(str(obj(e).key));
  } else {
    errs.push(forbidden(path, 'must not be specified when labelSelector is not set'));
  }
  keys.forEach((k, i) => {
    errs.push(...validateLabelName(k, path.index(i)));
    if (selectorKeys.has(k)) errs.push(invalid(path.index(i), k, 'exists in both matchLabelKeys and labelSelector'));
  });
  return errs;
}

/** Whether any constraint fails the current matchLabelKeys rule (hasInvalidTopologySpreadConstrainMatchLabelKeys). */
export function spreadMatchLabelKeysInvalid(constraints: unknown): boolean {
  return arr(constraints).some((c) => {
    const con = obj(c);
    return validateMatchLabelKeys(ROOT, strings(con.matchLabelKeys), [], con.labelSelector).length > 0;
  });
}

function validateLabelKeys(path: Path, keys: readonly string[], selector: unknown): ErrorList {
  if (keys.length === 0) return [];
  if (!isObject(selector)) return [forbidden(path, 'must not be specified when labelSelector is not set')];
  const errs: ErrorList = [];
  keys.forEach((k, i) => errs.push(...validateLabelName(k, path.index(i))));
  return errs;
}

/** ValidateMatchLabelKeysAndMismatchLabelKeys (with 1.36's default gates for topology spread). */
function validateMatchLabelKeys(path: Path, matchKeys: readonly string[], mismatchKeys: readonly string[], selector: unknown): ErrorList {
  const errs = validateLabelKeys(path.child('matchLabelKeys'), matchKeys, selector);
  errs.push(...validateLabelKeys(path.child('mismatchLabelKeys'), mismatchKeys, selector));
  if (isObject(selector)) {
    const indexOf = new Map<string, number>();
    matchKeys.forEach((k, i) => indexOf.set(k, i));
    const selectorKeys = new Set(Object.keys(obj(selector.matchLabels)));
    for (const e of arr(selector.matchExpressions)) {
      const key = str(obj(e).key);
      const i = indexOf.get(key);
      // Upstream indexes the term's own path here, not matchLabelKeys.
      if (i !== undefined && selectorKeys.has(key)) errs.push(invalid(path.index(i), key, 'exists in both matchLabelKeys and labelSelector'));
      selectorKeys.add(key);
    }
  }
  const mismatch = new Set(mismatchKeys);
  matchKeys.forEach((k, i) => {
    if (mismatch.has(k)) errs.push(invalid(path.child('matchLabelKeys').index(i), k, 'exists in both matchLabelKeys and mismatchLabelKeys'));
  });
  return errs;
}

export function validateReadinessGates(gates: unknown, path: Path): ErrorList {
  const errs: ErrorList = [];
  arr(gates).forEach((g, i) => errs.push(...validateQualifiedName(str(obj(g).conditionType), path.index(i).child('conditionType'))));
  return errs;
}

export function validateSchedulingGates(gates: unknown, path: Path): ErrorList {
  const errs: ErrorList = [];
  const seen = new Set<string>();
  arr(gates).forEach((g, i) => {
    const name = str(obj(g).name);
    errs.push(...validateQualifiedName(name, path.index(i)));
    if (seen.has(name)) errs.push(duplicate(path.index(i), name));
    seen.add(name);
  });
  return errs;
}

/** IsValidIPForLegacyField with 1.36's StrictIPCIDRValidation (beta, on). */
export function validateLegacyIP(value: string, path: Path): ErrorList {
  const sloppy = SLOPPY_IPV4.exec(value);
  const sloppyV4 = sloppy !== null && sloppy.slice(1).every((o) => Number(o) <= 255);
  if (!sloppyV4 && isIP(value) === 0) return [invalid(path, value, IP_MSG)];
  const errs: ErrorList = [];
  if (sloppyV4 && !isIPv4(value)) errs.push(invalid(path, value, 'must not have leading 0s'));
  if (/^::ffff:(\d{1,3}\.){3}\d{1,3}$/i.test(value) || /^::ffff:[0-9a-f]{1,4}:[0-9a-f]{1,4}$/i.test(value)) {
    errs.push(invalid(path, value, 'must not be an IPv4-mapped IPv6 address'));
  }
  return errs;
}

export function validatePodDNSConfig(config: unknown, dnsPolicy: string, path: Path): ErrorList {
  const errs: ErrorList = [];
  if (dnsPolicy === 'None') {
    if (!isObject(config)) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (arr(config.nameservers).length === 0) {
      return [required(path.child('nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
    }
  }
  if (!isObject(config)) return errs;
  const nameservers = strings(config.nameservers);
  if (nameservers.length > MAX_DNS_NAMESERVERS) {
    errs.push(invalid(path.child('nameservers'), nameservers, `must not have more than ${MAX_DNS_NAMESERVERS} nameservers`));
  }
  nameservers.forEach((ns, i) => errs.push(...validateLegacyIP(ns, path.child('nameservers').index(i))));
  const searches = strings(config.searches);
  if (searches.length > MAX_DNS_SEARCH_PATHS) {
    errs.push(invalid(path.child('searches'), searches, `must not have more than ${MAX_DNS_SEARCH_PATHS} search paths`));
  }
  if (Buffer.byteLength(searches.join(' '), 'utf8') > MAX_DNS_SEARCH_CHARS) {
    errs.push(invalid(path.child('searches'), searches, `must not have more than ${MAX_DNS_SEARCH_CHARS} characters (including spaces) in the search list`));
  }
  searches.forEach((search, i) => {
    if (search === '.') return;
    // RelaxedDNSSearchValidation is GA: underscores allowed, one trailing dot tolerated.
    const s = search.endsWith('.') ? search.slice(0, -1) : search;
    const p = path.child('searches').index(i);
    if (Buffer.byteLength(s, 'utf8') > 253) errs.push(invalid(p, s, 'must be no more than 253 characters'));
    if (!dnsSubdomainWithUnderscore.test(s)) errs.push(invalid(p, s, regexError(DNS_SUBDOMAIN_US_MSG, DNS_SUBDOMAIN_US_FMT, 'example.com')));
  });
  arr(config.options).forEach((o, i) => {
    if (str(obj(o).name).length === 0) errs.push(required(path.child('options').index(i), 'must not be empty'));
  });
  return errs;
}

export function validateHostAliases(aliases: unknown, path: Path): ErrorList {
  const errs: ErrorList = [];
  arr(aliases).forEach((a, i) => {
    const alias = obj(a);
    errs.push(...validateLegacyIP(str(alias.ip), path.index(i).child('ip')));
    strings(alias.hostnames).forEach((h, j) => errs.push(...validateDNS1123Subdomain(h, path.index(i).child('hostnames').index(j))));
  });
  return errs;
}

/** content.IsDecimalInteger, then strconv.ParseInt's own error for the toleration value. */
function validateDecimalInt64(value: string, path: Path): ErrorList {
  const errs: ErrorList = [];
  if (value.length === 0) errs.push(invalid(path, value, 'must be non-empty'));
  else if (!/^(0|-?[1-9][0-9]*)$/.test(value)) errs.push(invalid(path, value, 'must be a valid decimal integer in canonical form'));
  if (!/^[+-]?[0-9]+$/.test(value)) {
    errs.push(invalid(path, value, `strconv.ParseInt: parsing ${JSON.stringify(value)}: invalid syntax`));
  } else if (BigInt(value) > 9223372036854775807n || BigInt(value) < -9223372036854775808n) {
    errs.push(invalid(path, value, `strconv.ParseInt: parsing ${JSON.stringify(value)}: value out of range`));
  }
  return errs;
}
