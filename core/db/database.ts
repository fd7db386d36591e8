// One small query/transaction interface over node-postgres and PGlite, so every store runs on both.

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

/**
 * Anything that runs SQL with $1-style parameters: the database itself or an open transaction.
 *
 * Both backends return the same JavaScript values for the same SQL:
 * - int2/int4/float: number; int8 (bigint, bigserial, count(*)) and numeric: string (exact);
 * - timestamptz: Date; timestamp without time zone: Date read as UTC; date: 'YYYY-MM-DD' string;
 * - interval: Postgres text ('1 day 02:00:00'); bytea: Buffer; json/jsonb: parsed value; arrays: arrays of these.
 * - rowCount: rows returned (SELECT, RETURNING) or affected (INSERT/UPDATE/DELETE); 0 for DDL.
 * Sessions run in UTC. Without parameters the SQL may hold several statements (the result is the last
 * one's); with parameters it is one statement. Pass json/jsonb parameters as JSON.stringify(value):
 * node-postgres turns a JS array into a Postgres array literal, not JSON.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs a parameterless script of several statements and returns every statement's result in order
   * (`query` returns only the last one): the job queue reads a RETURNING row in the middle of a script.
   * Both backends have it; optional so a test double of the interface may leave it out.
   */
  script?(sql: string): Promise<QueryResult<Record<string, unknown>>[]>;
  /** Cheap round trip for readiness probes. Rejects when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
