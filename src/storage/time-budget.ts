/**
 * Time budgets. A storage connection that hangs instead of refusing would hang the turn: the
 * Azure SDK's `tryTimeoutInMs` only asks the server for a timeout, nothing cancels on the client.
 * Each call gets an AbortSignal that fires at its budget, and the call fails then, whether or not
 * the operation heeds the signal.
 */

/** A call that ran out of time: reported like a network timeout (`ETIMEDOUT`), so the turn apologizes "can't answer right now". */
export class BudgetExceededError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(
    readonly what: string,
    readonly budgetMs: number,
  ) {
    super(`${what} took longer than ${budgetMs} ms`);
    this.name = 'BudgetExceededError';
  }
}

/** Runs `operation` with a signal that aborts after `budgetMs`; rejects with BudgetExceededError then. */
export async function withinBudget<T>(what: string, budgetMs: number, operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new BudgetExceededError(what, budgetMs);
      controller.abort(error);
      reject(error);
    }, budgetMs);
    timer.unref();
  });
  const running = operation(controller.signal);
  // A late failure of an operation that ran out of time is not an unhandled rejection.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}
