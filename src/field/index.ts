export { Path, root } from './path.ts';
export {
  OMIT,
  duplicate,
  errorBody,
  errorString,
  forbidden,
  internal,
  invalid,
  notFound,
  notSupported,
  required,
  tooLong,
  tooMany,
  typeInvalid,
  type ErrorList,
  type ErrorType,
  type FieldError,
} from './errors.ts';
export { renderValue, goQuote } from './render.ts';
export { aggregateMessage, invalidMessage, invalidStatus, type InvalidStatus, type StatusCause } from './status.ts';
