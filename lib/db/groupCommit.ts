/**
 * Group commit: writes that arrive while the store is busy are written together, in one
 * statement, when it is free again. A write that finds a lane free starts at once, alone, so a
 * quiet server adds no wait; under load each statement carries the writes that queued behind the
 * previous one, and a statement's fixed cost (parsing, planning, the commit, and on the embedded
 * store the trip into WebAssembly) is paid once per group instead of once per write.
 */
export type GroupOutcome<Result> = { ok: true; value: Result } | { ok: false; error: unknown };

export type GroupCommitOptions<Item, Result> = {
  /** Groups written at the same time: 1 for the embedded store, more for a connection pool. */
  lanes: number;
  /** Whether `next` may join a group already holding `group` (statement size limits). */
  fits(group: readonly Item[], next: Item): boolean;
  /**
   * Writes a group; answers one outcome per item, in order, so that an item's own failure is
   * its alone. A throw fails the whole group.
   */
  write(group: Item[]): Promise<GroupOutcome<Result>[]>;
};

type Waiting<Item, Result> = {
  item: Item;
  resolve(value: Result): void;
  reject(error: unknown): void;
};

export class GroupCommit<Item, Result> {
  readonly #options: GroupCommitOptions<Item, Result>;
  #waiting: Waiting<Item, Result>[] = [];
  #busy = 0;

  constructor(options: GroupCommitOptions<Item, Result>) {
    this.#options = options;
  }

  /** Queues a write; resolves with its own result once its group is written. */
  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      this.#start();
    });
  }

  /** Writes waiting to be grouped, for tests and benchmarks. */
  get waiting(): number {
    return this.#waiting.length;
  }

  #start(): void {
    while (this.#busy < this.#options.lanes && this.#waiting.length > 0) {
      const group = this.#take();
      this.#busy++;
      void this.#write(group).finally(() => {
        this.#busy--;
        this.#start();
      });
    }
  }

  #take(): Waiting<Item, Result>[] {
    const group = [this.#waiting[0]!];
    const items = [group[0]!.item];
    let index = 1;
    while (index < this.#waiting.length) {
      const next = this.#waiting[index]!;
      if (!this.#options.fits(items, next.item)) break;
      group.push(next);
      items.push(next.item);
      index++;
    }
    this.#waiting = this.#waiting.slice(index);
    return group;
  }

  async #write(group: Waiting<Item, Result>[]): Promise<void> {
    let outcomes: GroupOutcome<Result>[];
    try {
      outcomes = await this.#options.write(group.map((entry) => entry.item));
      if (outcomes.length !== group.length) {
        throw new Error(`a group of ${group.length} answered ${outcomes.length} outcomes`);
      }
    } catch (error) {
      for (const entry of group) entry.reject(error);
      return;
    }
    group.forEach((entry, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) entry.resolve(outcome.value);
      else entry.reject(outcome.error);
    });
  }
}
