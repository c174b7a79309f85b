// The decision a handler returns, in controller-runtime's shape (Allowed / Denied / Patched):
// transport-free, so the handlers stay pure and the encoder owns the wire format.
import type { JsonPatchOp } from '../defaulting/index.ts';
import type { InvalidStatus } from '../field/index.ts';

export type { JsonPatchOp };

export interface AdmissionResponse {
  allowed: boolean;
  status?: InvalidStatus | { code: number; message: string };
  patch?: JsonPatchOp[];
  warnings: string[];
}

export function allowed(warnings: string[] = []): AdmissionResponse {
  return { allowed: true, warnings };
}

export function denied(status: InvalidStatus, warnings: string[] = []): AdmissionResponse {
  return { allowed: false, status, warnings };
}

export function patched(patch: JsonPatchOp[], warnings: string[] = []): AdmissionResponse {
  return { allowed: true, patch, warnings };
}
