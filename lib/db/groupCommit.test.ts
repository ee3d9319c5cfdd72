import { describe, expect, it } from "vitest";
import { GroupCommit, type GroupOutcome } from "./groupCommit";

/** A store whose writes finish when the test says so, recording the groups it was given. */
function manualStore(options: { lanes?: number; maxGroup?: number } = {}) {
  const groups: number[][] = [];
  const finish: (() => void)[] = [];
  const commit = new GroupCommit<number, string>({
    lanes: options.lanes ?? 1,
    fits: (group) => group.length < (options.maxGroup ?? 100),
    write: async (group) => {
      groups.push(group);
      await new Promise<void>((resolve) => finish.push(resolve));
      return group.map(
        (item): GroupOutcome<string> =>
          item < 0
            ? { ok: false, error: new Error(`bad ${item}`) }
            : { ok: true, value: `w${item}` },
      );
    },
  });
  return { commit, groups, finish };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("GroupCommit", () => {
  it("writes a write that finds the store idle at once, alone", async () => {
    const { commit, groups, finish } = manualStore();
    const first = commit.submit(1);
    expect(groups).toEqual([[1]]);
    finish.shift()!();
    await expect(first).resolves.toBe("w1");
  });

  it("groups the writes that arrive while a group is being written, in their order", async () => {
    const { commit, groups, finish } = manualStore();
    const results = [1, 2, 3, 4].map((item) => commit.submit(item));
    expect(groups).toEqual([[1]]);
    expect(commit.waiting).toBe(3);
    finish.shift()!();
    await settle();
    expect(groups).toEqual([[1], [2, 3, 4]]);
    finish.shift()!();
    await expect(Promise.all(results)).resolves.toEqual(["w1", "w2", "w3", "w4"]);
    expect(commit.waiting).toBe(0);
  });

  it("keeps as many groups in flight as it has lanes", async () => {
    const { commit, groups, finish } = manualStore({ lanes: 2 });
    const results = [1, 2, 3, 4, 5].map((item) => commit.submit(item));
    expect(groups).toEqual([[1], [2]]);
    finish.shift()!();
    await settle();
    expect(groups).toEqual([[1], [2], [3, 4, 5]]);
    while (finish.length > 0) {
      finish.shift()!();
      await settle();
    }
    await expect(Promise.all(results)).resolves.toEqual(["w1", "w2", "w3", "w4", "w5"]);
  });

  it("starts a new group where the next write does not fit", async () => {
    const { commit, groups, finish } = manualStore({ maxGroup: 2 });
    const results = [1, 2, 3, 4, 5, 6].map((item) => commit.submit(item));
    for (let round = 0; round < 4; round++) {
      finish.shift()?.();
      await settle();
    }
    await Promise.all(results);
    expect(groups).toEqual([[1], [2, 3], [4, 5], [6]]);
  });

  it("fails only the write whose outcome is a failure", async () => {
    const { commit, finish } = manualStore();
    const first = commit.submit(1);
    const rest = [2, -3, 4].map((item) =>
      commit.submit(item).catch((error: Error) => error.message),
    );
    finish.shift()!();
    await settle();
    finish.shift()!();
    await first;
    await expect(Promise.all(rest)).resolves.toEqual(["w2", "bad -3", "w4"]);
  });

  it("fails every write of a group whose write throws, and goes on with the next group", async () => {
    let calls = 0;
    const commit = new GroupCommit<number, number>({
      lanes: 1,
      fits: () => true,
      write: async (group) => {
        calls++;
        await settle();
        if (calls === 2) throw new Error("connection lost");
        return group.map((item) => ({ ok: true, value: item * 10 }));
      },
    });
    const first = commit.submit(1);
    const second = [2, 3].map((item) => commit.submit(item).catch((error: Error) => error.message));
    await first;
    await expect(Promise.all(second)).resolves.toEqual(["connection lost", "connection lost"]);
    await expect(commit.submit(4)).resolves.toBe(40);
  });

  it("refuses an answer that does not give one outcome per write", async () => {
    const commit = new GroupCommit<number, number>({
      lanes: 1,
      fits: () => true,
      write: async () => [],
    });
    await expect(commit.submit(1)).rejects.toThrow("a group of 1 answered 0 outcomes");
  });
});
