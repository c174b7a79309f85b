// Aggregates a list of field errors the way the API server reports an invalid object:
// `Job.batch "x" is invalid: ...` and a Status with code 422, reason Invalid and one cause per error.
import { errorBody, errorString, type ErrorList } from './errors.ts';
import { goQuote } from './render.ts';

export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export interface InvalidStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: 'Invalid';
  details: { name: string; group: string; kind: string; causes: StatusCause[] };
  code: 422;
}

/** Go's utilerrors.Aggregate text: duplicates by message removed, one error bare, several in brackets. */
export function aggregateMessage(errors: ErrorList): string {
  const seen = new Set<string>();
  const msgs: string[] = [];
  for (const e of errors) {
    const m = errorString(e);
    if (seen.has(m)) continue;
    seen.add(m);
    msgs.push(m);
  }
  return msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
}

export function invalidMessage(group: string, kind: string, name: string, errors: ErrorList): string {
  const qualified = group === '' ? kind : `${kind}.${group}`;
  return `${qualified} ${goQuote(name)} is invalid: ${aggregateMessage(errors)}`;
}

export function invalidStatus(group: string, kind: string, name: string, errors: ErrorList): InvalidStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: invalidMessage(group, kind, name, errors),
    reason: 'Invalid',
    details: {
      name,
      group,
      kind,
      causes: errors.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field })),
    },
    code: 422,
  };
}
