import { CompiledQuery, type Kysely, type QueryResult } from 'kysely';

const SLOT = Symbol('precompiled slot');
type Slot = { [SLOT]: number };
type Compilable = { compile(): CompiledQuery };
type Plan = { sql: string; parameters: Array<{ slot: number } | { value: unknown }> };

/**
 * A query built and compiled once per shape, then run with new values: for
 * the few statements on the wallet's hot path, where Kysely's builder and
 * compiler cost more than SQLite's execution. `build` receives placeholders
 * in place of the arguments; every parameter of the compiled SQL is either
 * one of them or a constant of the shape. `variant` names shapes that differ
 * (e.g. the number of rows of an insert).
 */
export function precompiled<Args extends unknown[], Row = unknown>(
  build: (db: Kysely<any>, ...args: Args) => Compilable,
): (db: Kysely<any>, args: Args, variant?: string) => Promise<QueryResult<Row>> {
  // One plan per dialect (adapter class) and variant: a process may hold a SQLite and a PostgreSQL database.
  const plans = new Map<string, Plan>();
  return (db, args, variant = '') => {
    const adapter = db.getExecutor().adapter.constructor.name;
    const key = `${adapter}|${variant}`;
    let plan = plans.get(key);
    if (!plan) {
      const slots = args.map((_, index) => ({ [SLOT]: index }) as Slot) as unknown as Args;
      const compiled = build(db, ...slots).compile();
      plan = {
        sql: compiled.sql,
        parameters: compiled.parameters.map((value) =>
          typeof value === 'object' && value !== null && SLOT in value ? { slot: (value as Slot)[SLOT] } : { value },
        ),
      };
      plans.set(key, plan);
    }
    const parameters = plan.parameters.map((parameter) => ('slot' in parameter ? args[parameter.slot] : parameter.value));
    return db.executeQuery<Row>(CompiledQuery.raw(plan.sql, parameters));
  };
}
