// Statements compiled once. Drizzle builds each statement's SQL from the schema a single time,
// with named placeholders where values go; a request then only binds its values and hands text
// and values straight to the driver. Building SQL through Drizzle's query builders and mapping
// rows back through its column decoders on every request cost about a tenth of the service's
// CPU under load (bench/FINDINGS.md), for statements whose shape never changes.
import { is, Param, Placeholder, SQL, sql, type Column, type Query } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from './schema.js';

/**
 * Drizzle's builders without a connection: only .toSQL() is ever called on what they make, so
 * the statements are written against the typed schema like any other Drizzle query.
 */
export const statementBuilder = drizzle.mock({ schema });

/** A placeholder named `name` (sql.placeholder), for values that need no column encoding. */
export const placeholder = (name: string) => sql.placeholder(name);

/**
 * A placeholder bound like a value of `column`: its encoder runs at bind time (a Date becomes
 * ISO text, a string array a PostgreSQL array literal), exactly as Drizzle would encode a value
 * written inline. null stays null.
 */
export const columnValue = (name: string, column: Column) => new Param(sql.placeholder(name), column);

/** SQL text with the driver's parameter list: what RequestTx.query runs. */
export interface BoundQuery {
  readonly text: string;
  readonly params: unknown[];
}

export interface Statement<V> {
  readonly text: string;
  /** This statement with these values bound. */
  with(values: V): BoundQuery;
}

type Binder = (values: Record<string, unknown>) => unknown;

function valueOf(values: Record<string, unknown>, name: string): unknown {
  // A missing value is a bug in the caller, not SQL NULL.
  if (!(name in values)) throw new Error(`no value for the statement placeholder "${name}"`);
  return values[name];
}

function binderOf(param: unknown): Binder {
  if (is(param, Placeholder)) {
    const { name } = param;
    return (values) => valueOf(values, name);
  }
  if (is(param, Param) && is(param.value, Placeholder)) {
    const { name } = param.value;
    const { encoder } = param;
    return (values) => {
      const value = valueOf(values, name);
      return value === null ? null : encoder.mapToDriverValue(value);
    };
  }
  // A constant Drizzle already encoded while building the SQL.
  return () => param;
}

export function compile<V extends object>(query: { toSQL(): Query }): Statement<V> {
  const { sql: text, params } = query.toSQL();
  const binders = params.map(binderOf);
  return {
    text,
    with: (values) => ({ text, params: binders.map((bind) => bind(values as Record<string, unknown>)) }),
  };
}

const dialect = new PgDialect();

/**
 * For statements the builders cannot say (recursive CTEs, lateral joins): an sql`` template over
 * the schema's tables and columns, compiled the same way.
 */
export function compileSql<V extends object>(query: SQL): Statement<V> {
  return compile<V>({ toSQL: () => dialect.sqlToQuery(query) });
}

/** Compiles each statement shape once, on first use: for statements assembled from options. */
export class StatementCache<V extends object> {
  private readonly compiled = new Map<string, Statement<V>>();

  get(shape: string, build: () => { toSQL(): Query } | SQL): Statement<V> {
    let statement = this.compiled.get(shape);
    if (statement === undefined) {
      const query = build();
      statement = is(query, SQL) ? compileSql<V>(query) : compile<V>(query);
      this.compiled.set(shape, statement);
    }
    return statement;
  }
}
