import { describeRpcError } from "../chains/rpcError";

/** Background work with a start and a stop: one loop, one job. */
export type Job = {
  readonly name: string;
  start(): void;
  /** Ends the loop after the run under way, if any. */
  stop(): Promise<void>;
};

/**
 * A job that runs `run` every `everyMs`, measured from the end of the previous run, so a slow run
 * never overlaps the next. `first` delays the first run (default: everyMs). A failure is logged
 * once until the next different one, and the job carries on.
 */
export function intervalJob(parameters: {
  name: string;
  everyMs: number;
  first?: number;
  /** `stopped` says whether stop() was called meanwhile, for a run that loops. */
  run: (stopped: () => boolean) => Promise<unknown>;
}): Job {
  const { name, everyMs, run } = parameters;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastError = "";
  const schedule = (delay: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run(() => stopped)
        .then(() => {
          lastError = "";
        })
        .catch((error: unknown) => {
          const message = describeRpcError(error);
          // Said once per distinct failure, not once a run.
          if (message !== lastError) console.error(`${name}: ${message}`);
          lastError = message;
        })
        .finally(() => schedule(everyMs));
    }, delay);
    timer.unref();
  };
  return {
    name,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(parameters.first ?? everyMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
