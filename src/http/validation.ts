// Request validation. Bodies are checked strictly (no type coercion, unknown fields are errors,
// every problem reported); path and query strings are coerced, since they arrive as text.
// Fastify's default silently removes unknown fields and coerces "123" into numbers in bodies,
// which would let a typo do nothing.
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { isUuid } from '../uuid.js';

// ajv-formats is CommonJS; its default export arrives one level down under NodeNext.
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv, formats: string[]) => Ajv;

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, strict: false, ...options });
  addFormats(ajv, ['date-time', 'email', 'uri']);
  // ajv-formats' uuid also accepts "urn:uuid:<uuid>", which PostgreSQL's uuid type refuses (a
  // 500 instead of the contract's 400): every uuid in a schema means the service's one check.
  ajv.addFormat('uuid', { type: 'string', validate: isUuid });
  // TypeBox keywords that carry documentation only.
  ajv.addKeyword({ keyword: 'x-enumNames' });
  return ajv;
}

const bodyAjv = makeAjv({ coerceTypes: false, allErrors: true });
const textAjv = makeAjv({ coerceTypes: 'array', allErrors: true });

export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object) as ReturnType<FastifySchemaCompiler<FastifySchema>>;
