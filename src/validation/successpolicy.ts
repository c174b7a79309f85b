// spec.successPolicy of Indexed Jobs (validateSuccessPolicy / validateSuccessPolicyRule in batch validation.go).
import { internal, invalid, required, tooLong, tooMany, type ErrorList, type Path } from '../field/index.ts';
import { arr, isObject, obj, type JsonObject } from './meta/json.ts';
import { parseIndexesFromString } from './indexes.ts';

const MAX_RULES = 20;
const MAX_SUCCEEDED_INDEXES_BYTES = 64 * 1024;

/** Only called for Indexed Jobs; `spec` is the JobSpec holding the policy. */
export function validateSuccessPolicy(spec: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = [];
  const rules = arr(obj(spec.successPolicy).rules);
  const rulesPath = path.child('rules');
  if (rules.length === 0) errs.push(required(rulesPath, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > MAX_RULES) errs.push(tooMany(rulesPath, rules.length, MAX_RULES));
  for (let i = 0; i < rules.length; i++) errs.push(...validateRule(spec, obj(rules[i]), rulesPath.index(i)));
  return errs;
}

function validateRule(spec: JsonObject, rule: JsonObject, path: Path): ErrorList {
  const errs: ErrorList = [];
  const indexes = typeof rule.succeededIndexes === 'string' ? rule.succeededIndexes : undefined;
  const count = typeof rule.succeededCount === 'number' ? rule.succeededCount : undefined;
  if (indexes === undefined && count === undefined) {
    errs.push(required(path, 'at least one of succeededCount or succeededIndexes must be specified'));
  }
  if (typeof spec.completions !== 'number' && (indexes !== undefined || count !== undefined)) {
    // Upstream dereferences spec.completions here without a nil check; the API server's handler panics and the
    // request fails with a 500. Only reachable without defaulting (a CronJob jobTemplate with parallelism set).
    errs.push(internal(path, 'successPolicy rules require spec.completions to be set (the API server fails this request)'));
    return errs;
  }
  const completions = spec.completions as number;
  let totalIndexes = 0;
  if (indexes !== undefined) {
    const indexesPath = path.child('succeededIndexes');
    if (Buffer.byteLength(indexes, 'utf8') > MAX_SUCCEEDED_INDEXES_BYTES) {
      errs.push(tooLong(indexesPath, '', MAX_SUCCEEDED_INDEXES_BYTES));
    }
    const parsed = parseIndexesFromString(indexes, completions);
    if (parsed.ok) totalIndexes = parsed.total;
    else errs.push(invalid(indexesPath, indexes, `error parsing succeededIndexes: ${parsed.message}`));
  }
  if (count !== undefined) {
    const countPath = path.child('succeededCount');
    if (count < 0) errs.push(invalid(countPath, count, 'must be greater than or equal to 0'));
    if (count > completions) {
      errs.push(invalid(countPath, count, `must be less than or equal to ${completions} (the number of specified completions)`));
    }
    if (indexes !== undefined && count > totalIndexes) {
      errs.push(
        invalid(countPath, count, `must be less than or equal to ${totalIndexes} (the number of indexes in the specified succeededIndexes field)`),
      );
    }
  }
  return errs;
}

/** The policy as the API server prints it inside errors: the internal struct, Go field names, no JSON tags. */
export function internalSuccessPolicy(policy: unknown): unknown {
  if (!isObject(policy)) return null;
  return {
    Rules: Array.isArray(policy.rules)
      ? policy.rules.map((r) => {
          const rule = obj(r);
          return {
            SucceededIndexes: typeof rule.succeededIndexes === 'string' ? rule.succeededIndexes : null,
            SucceededCount: typeof rule.succeededCount === 'number' ? rule.succeededCount : null,
          };
        })
      : null,
  };
}
