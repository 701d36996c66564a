import type { Clock } from './clock.js';
import { isDeadLocalOwner } from './owners.js';
import type { Executor } from './ports.js';

/**
 * A named lease in the database: at most one owner at a time, renewed while it works, taken over
 * by another process only after it lapses (its holder died). Works alike on SQLite and PostgreSQL.
 */
export class Lease {
  private held = false;

  constructor(
    private readonly db: Executor,
    private readonly clock: Clock,
    readonly name: string,
    readonly owner: string,
    private readonly ttlMs: number,
  ) {}

  /** Takes or renews the lease; false while another live process holds it. */
  async hold(): Promise<boolean> {
    const now = this.clock.now();
    const expires = now + this.ttlMs;
    const res = await this.db
      .insertInto('leases')
      .values({ name: this.name, owner: this.owner, expires_at: expires })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({ owner: this.owner, expires_at: expires })
          .where((eb) => eb.or([eb('leases.owner', '=', this.owner), eb('leases.expires_at', '<', now)])),
      )
      .executeTakeFirst();
    this.held = Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
    if (!this.held) {
      // Held by a process of this machine that was killed: no need to wait for it to lapse.
      const holder = await this.db.selectFrom('leases').select('owner').where('name', '=', this.name).executeTakeFirst();
      if (holder && isDeadLocalOwner(holder.owner)) {
        const taken = await this.db.updateTable('leases').set({ owner: this.owner, expires_at: expires }).where('name', '=', this.name).where('owner', '=', holder.owner).executeTakeFirst();
        this.held = Number(taken.numUpdatedRows) > 0;
      }
    }
    return this.held;
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** Lets another process take over at once (on a clean shutdown). */
  async release(): Promise<void> {
    this.held = false;
    await this.db.deleteFrom('leases').where('name', '=', this.name).where('owner', '=', this.owner).execute();
  }
}
