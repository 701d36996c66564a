import { CompiledQuery, type Compilable, type Kysely } from 'kysely';

const SENTINEL = '\u0000arg:';

/**
 * Builds and compiles a hot query once, then runs it with new arguments: Kysely's builder and
 * compiler cost more than running a small indexed query. `build` receives stand-ins for the
 * arguments; each stand-in becomes one bound parameter, swapped for the real value on each run.
 */
export function compileOnce<A extends Record<string, unknown>, R>(
  build: (args: { [K in keyof A]: A[K] }) => Compilable<R>,
  keys: readonly (keyof A & string)[],
): (db: Kysely<any>, args: A) => Promise<{ rows: R[]; numAffectedRows?: bigint }> {
  let compiled: CompiledQuery<R> | undefined;
  return async (db, args) => {
    if (!compiled) {
      const standIns = Object.fromEntries(keys.map((k) => [k, `${SENTINEL}${k}`])) as { [K in keyof A]: A[K] };
      compiled = build(standIns).compile();
      const missing = keys.filter((k) => !compiled!.parameters.includes(`${SENTINEL}${k}`));
      if (missing.length) throw new Error(`compileOnce: argument(s) ${missing.join(', ')} not used as parameters`);
    }
    const parameters = compiled.parameters.map((p) =>
      typeof p === 'string' && p.startsWith(SENTINEL) ? args[p.slice(SENTINEL.length)] : p,
    );
    const result = await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<R>);
    return { rows: [...result.rows], ...(result.numAffectedRows !== undefined ? { numAffectedRows: result.numAffectedRows } : {}) };
  };
}
