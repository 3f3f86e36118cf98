// A request's field problems, gathered so one response names them all, and the time parsing
// every time field shares.
import { badRequest, unprocessable, type FieldError } from '../errors.js';

/** Turns the request's field problems into one 422 (or 400 for the query string). */
export class FieldProblems {
  readonly list: FieldError[] = [];
  add(field: string, message: string) {
    this.list.push({ field, message });
  }
  throwIfAny(status: 400 | 422) {
    if (this.list.length === 0) return;
    throw status === 400 ? badRequest('The query string is invalid.', this.list) : unprocessable('The request body is invalid.', this.list);
  }
}

/** ISO-8601 text → Date, within the years PostgreSQL and JavaScript both represent exactly. */
export function parseTime(value: string, field: string, problems: FieldProblems): Date | undefined {
  const date = new Date(value);
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1 || year > 9999) {
    problems.add(field, 'must be an ISO-8601 time between years 0001 and 9999');
    return undefined;
  }
  return date;
}
