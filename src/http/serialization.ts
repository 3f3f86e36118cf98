// Response serialization: Fastify's fast-json-stringify, fed the response schemas with one
// rewrite. A nullable field is `anyOf: [<schema>, {type: 'null'}]` in our schemas (TypeBox's
// Union, and what OpenAPI 3.1 clients read best); fast-json-stringify serializes an anyOf by
// running an Ajv validation of each branch on each value, at run time. For a page of tasks that
// is three validations per task (a date-time regex among them), a few percent of a list
// request's CPU. The same field as `type: [<type>, 'null']` is a plain null check. The rewrite
// only feeds the serializer: validation and /openapi.json keep the schemas as written.
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type Schema = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `{anyOf: [S, {type: 'null'}]}` (either order) → S with `type: [S.type, 'null']`, when S is a plain typed schema. */
function asTypeArray(schema: Schema): Schema | undefined {
  const options = schema.anyOf;
  if (!Array.isArray(options) || options.length !== 2) return undefined;
  const isNull = (option: unknown) => isPlainObject(option) && option.type === 'null' && Object.keys(option).length === 1;
  const other = options.find((option) => !isNull(option));
  if (!isPlainObject(other) || !options.some(isNull) || typeof other.type !== 'string' || '$ref' in other || 'anyOf' in other) return undefined;
  const { anyOf: _anyOf, ...siblings } = schema;
  return { ...siblings, ...other, type: [other.type, 'null'] };
}

/** A copy of the schema with every nullable anyOf rewritten as a type array. */
export function nullableAsTypeArrays<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => nullableAsTypeArrays(item)) as T;
  if (!isPlainObject(value)) return value;
  const rewritten = asTypeArray(value) ?? value;
  return Object.fromEntries(Object.entries(rewritten).map(([key, inner]) => [key, nullableAsTypeArrays(inner)])) as T;
}

type BuildSerializer = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildSerializer']>;

/** Fastify's own serializer factory, given the rewritten schemas (shared ones and each route's). */
export const buildSerializer: BuildSerializer = (externalSchemas, serializerOptions) => {
  const compile = SerializerSelector()(nullableAsTypeArrays(externalSchemas), serializerOptions);
  return (route) => compile({ ...route, schema: nullableAsTypeArrays(route.schema) });
};
