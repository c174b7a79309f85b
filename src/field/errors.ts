// The apimachinery field.Error model: a typed error at a path, with one place that formats it.
import type { Path } from './path.ts';
import { goQuote, renderValue } from './render.ts';

export type ErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

const TITLES: Record<ErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Marks an error whose bad value is not printed (upstream's omitValue). */
export const OMIT: unique symbol = Symbol('omit value');

export interface FieldError {
  readonly type: ErrorType;
  readonly field: string;
  readonly badValue: unknown;
  readonly detail: string;
}

export type ErrorList = FieldError[];

const VALUELESS = new Set<ErrorType>(['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong', 'InternalError']);

/** The message without the field: `Invalid value: -1: must be greater than or equal to 0`. */
export function errorBody(e: FieldError): string {
  let s = TITLES[e.type];
  if (!VALUELESS.has(e.type) && e.badValue !== OMIT) s += ': ' + renderValue(e.badValue);
  if (e.detail.length > 0) s += ': ' + e.detail;
  return s;
}

/** `path: body`, as Go's `err.Error()`. */
export function errorString(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

const make = (type: ErrorType, path: Path, badValue: unknown, detail: string): FieldError => ({
  type,
  field: path.toString(),
  badValue,
  detail,
});

export const required = (path: Path, detail = ''): FieldError => make('FieldValueRequired', path, '', detail);
export const invalid = (path: Path, value: unknown, detail = ''): FieldError => make('FieldValueInvalid', path, value, detail);
export const forbidden = (path: Path, detail = ''): FieldError => make('FieldValueForbidden', path, '', detail);
export const duplicate = (path: Path, value: unknown): FieldError => make('FieldValueDuplicate', path, value, '');
export const notFound = (path: Path, value: unknown): FieldError => make('FieldValueNotFound', path, value, '');
export const internal = (path: Path, detail: string): FieldError => make('InternalError', path, null, detail);
export const typeInvalid = (path: Path, value: unknown, detail: string): FieldError =>
  make('FieldValueTypeInvalid', path, value, detail);

export function notSupported(path: Path, value: unknown, validValues: readonly string[]): FieldError {
  const detail = validValues.length > 0 ? 'supported values: ' + validValues.map(goQuote).join(', ') : '';
  return make('FieldValueNotSupported', path, value, detail);
}

/** Current apimachinery wording (1.34+): `may not be more than N bytes`. */
export function tooLong(path: Path, value: unknown, maxBytes: number): FieldError {
  const detail = maxBytes >= 0 ? `may not be more than ${maxBytes} byte${maxBytes === 1 ? '' : 's'}` : 'value is too long';
  return make('FieldValueTooLong', path, value, detail);
}

export function tooMany(path: Path, actual: number, max: number): FieldError {
  const detail = max >= 0 ? `must have at most ${max} item${max === 1 ? '' : 's'}` : 'has too many items';
  return make('FieldValueTooMany', path, actual >= 0 ? actual : OMIT, detail);
}
