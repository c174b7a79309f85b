// Our side of the differential: the engine's verdict (src/engine, reviewObject) as an Outcome.
import { reviewObject } from '../../src/engine/index.ts';
import { errorBody, type FieldError } from '../../src/field/index.ts';
import type { Case } from './oracle.ts';
import type { Outcome } from './outcome.ts';

export interface EngineVerdict {
  errors: FieldError[];
  warnings: string[];
}

export type Review = (input: { kind: string; operation: 'CREATE' | 'UPDATE'; object: unknown; oldObject?: unknown }) => EngineVerdict;

/** The engine's one entry point (src/engine), as the differential calls it. */
export const review: Review = (input) => reviewObject(input);

export function engineOutcome(review: Review, c: Case, object: unknown, oldObject?: unknown): Outcome {
  try {
    const v = review({ kind: c.kind, operation: c.operation, object: structuredClone(object), oldObject: oldObject === undefined ? undefined : structuredClone(oldObject) });
    return {
      allowed: v.errors.length === 0,
      errors: v.errors.map((e) => ({ field: e.field, type: e.type, message: errorBody(e) })),
      warnings: v.warnings,
    };
  } catch (err) {
    return { allowed: false, errors: [], other: `engine threw: ${(err as Error).stack ?? err}`, warnings: [] };
  }
}
