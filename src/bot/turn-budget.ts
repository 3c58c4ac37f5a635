import type { TurnContext } from 'botbuilder';
import { BudgetExceededError, withinBudget } from '../storage/time-budget';

const ABANDONED = Symbol('passerelle.turnAbandoned');

/**
 * Runs a turn within its time budget (TURN_BUDGET_MS). Past it the turn fails with
 * BudgetExceededError, so the error handler apologizes ("can't answer right now", with a
 * reference) before Teams gives up; the turn is marked abandoned and, if its work still finishes
 * later, its state is not saved: the person never saw that answer, so the conversation must not
 * move on as if they had.
 */
export async function withinTurnBudget(context: TurnContext, budgetMs: number, turn: () => Promise<void>): Promise<void> {
  try {
    await withinBudget('the turn', budgetMs, turn);
  } catch (err) {
    if (err instanceof BudgetExceededError) context.turnState.set(ABANDONED, true);
    throw err;
  }
}

/** Whether the turn ran out of its budget: its late work must not be saved. */
export const isAbandoned = (context: TurnContext): boolean => context.turnState.get(ABANDONED) === true;
