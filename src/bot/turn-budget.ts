import type { TurnContext } from 'botbuilder';
import { BudgetExceededError } from '../storage/time-budget';

const ABANDONED = Symbol('passerelle.turnAbandoned');

/**
 * Runs a turn within its time budget (TURN_BUDGET_MS). Past it the turn fails with
 * BudgetExceededError, so the error handler apologizes ("can't answer right now", with a
 * reference) before Teams gives up; the turn is marked abandoned and, if its work still finishes
 * later, its state is not saved: the person never saw that answer, so the conversation must not
 * move on as if they had.
 */
export async function withinTurnBudget(context: TurnContext, budgetMs: number, turn: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      context.turnState.set(ABANDONED, true);
      reject(new BudgetExceededError('the turn', budgetMs));
    }, budgetMs);
    timer.unref();
  });
  const running = turn();
  running.catch(() => undefined); // a late failure of an abandoned turn is not an unhandled rejection
  try {
    await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether the turn ran out of its budget: its late work must not be saved. */
export const isAbandoned = (context: TurnContext): boolean => context.turnState.get(ABANDONED) === true;
