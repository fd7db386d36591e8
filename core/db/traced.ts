// Each query of the App's database as a span of the update, request or job that ran it, on Postgres and
// PGlite alike. A span names the statement's kind and table only: never the SQL's values or parameters.
import type { Tracing } from '../logging/tracing.ts';
import type { Database, Queryable } from './database.ts';

/** The SQL's first keyword and the table it works on: `SELECT cases`, `INSERT evidence`, `BEGIN`. */
export function querySummary(sql: string): { operation: string; table: string | null } {
  // Leading comments and blank space say nothing about the statement.
  const text = sql
    .replace(/^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)+/, '')
    // Quoted text is data ('from here' is not a table): emptied before anything is read from the SQL.
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/\$(\w*)\$[\s\S]*?\$\1\$/g, "''");
  const operation = (/^[a-z]+/i.exec(text)?.[0] ?? 'SQL').toUpperCase();
  // An identifier after FROM, INTO, UPDATE, JOIN or TABLE; literals ('…', numbers, $1) never match.
  const table =
    /\b(?:from|into|update|join|table)\s+(?:if\s+(?:not\s+)?exists\s+)?("?[a-z_][\w$]*"?(?:\."?[a-z_][\w$]*"?)?)/i.exec(
      text,
    )?.[1];
  return { operation, table: table ? table.replaceAll('"', '') : null };
}

function querySpan(sql: string): { name: string; attributes: Record<string, string> } {
  const { operation, table } = querySummary(sql);
  const summary = table ? `${operation} ${table}` : operation;
  return {
    name: summary,
    attributes: {
      'db.system': 'postgresql',
      'db.system.name': 'postgresql',
      'db.operation.name': operation,
      'db.query.summary': summary,
      ...(table && { 'db.collection.name': table }),
    },
  };
}

/** `db` with a span per query; `db` itself when tracing is off, so an untraced App pays nothing. */
export function tracedDatabase(db: Database, tracing: Tracing): Database {
  if (!tracing.enabled) return db;
  const traced = <T>(sql: string, run: () => Promise<T>): Promise<T> => {
    const { name, attributes } = querySpan(sql);
    return tracing.inSpan(name, run, { kind: 'client', attributes, onlyInTrace: true });
  };
  const tracedQuery =
    (runner: Queryable): Queryable['query'] =>
    <Row>(sql: string, params?: readonly unknown[]) =>
      traced(sql, () => runner.query<Row>(sql, params));
  const script = db.script?.bind(db);
  return {
    kind: db.kind,
    query: tracedQuery(db),
    transaction: (work) => db.transaction((tx) => work({ query: tracedQuery(tx) })),
    ...(script && { script: (sql: string) => traced(sql, () => script(sql)) }),
    ping: () => traced('SELECT 1', () => db.ping()),
    close: () => db.close(),
  };
}
