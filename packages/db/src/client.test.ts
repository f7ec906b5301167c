import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { executePlannedOnce, openDatabase } from './client.ts';
import { rowsOf } from './sql.ts';

describe('statements planned once', () => {
  const url = process.env.DATABASE_URL;
  it.skipIf(!url)(
    'run by their generic plan without JIT on connections of their own, each prepared once, the others as before',
    async () => {
      const handle = await openDatabase({ url, maxConnections: 1 });
      try {
        const settings = sql`select current_setting('plan_cache_mode') as plan, current_setting('jit') as jit,
        (select count(*) from pg_prepared_statements) as prepared, ${7}::int as seven`;
        const once = await executePlannedOnce(handle.db, settings);
        expect(once).toEqual([{ plan: 'force_generic_plan', jit: 'off', prepared: 1, seven: 7 }]);
        // The same text again is the same named statement, with the parameter's new value.
        const again = await executePlannedOnce(
          handle.db,
          sql`select current_setting('plan_cache_mode') as plan, current_setting('jit') as jit,
        (select count(*) from pg_prepared_statements) as prepared, ${8}::int as seven`,
        );
        expect(again).toEqual([{ plan: 'force_generic_plan', jit: 'off', prepared: 1, seven: 8 }]);
        const plain = rowsOf(await handle.db.execute(sql`select current_setting('plan_cache_mode') as plan`));
        expect(plain).toEqual([{ plan: 'auto' }]);
        // A statement that does not want its generic plan runs on the database's own pool, planned for its values.
        const planned = await executePlannedOnce(handle.db, sql`select current_setting('plan_cache_mode') as plan, ${9}::int as seven`, {
          genericPlan: false,
        });
        expect(planned).toEqual([{ plan: 'auto', seven: 9 }]);
      } finally {
        await handle.close();
      }
    },
  );
});
