import { ConversationState, UserState, type StatePropertyAccessor, type Storage, type TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { CheckTask } from '../eligibility/check-task';
import type { FactValue } from '../eligibility/client-facts';
import type { Language } from '../knowledge/vocabulary';

/** What Passerelle remembers about a user across conversations: only an explicit language choice. */
export interface UserProfile {
  language?: Language;
}

/**
 * What is known about the client of the case in progress: kept in ConversationState from the end
 * of an eligibility check for every referral made from its results, for "why?" and "change", and
 * cleared by a new check, "end case", a restart, or after `CLIENT_TASK_TTL_MS`.
 */
export interface ClientTask {
  facts: Record<string, FactValue>;
  /** The check that gave the facts, to change one answer and see the results again. */
  check?: CheckTask;
  /** The offerings of the last results, in their order. */
  results?: string[];
  updatedAt: string;
}
export const CLIENT_TASK_TTL_MS = 2 * 60 * 60 * 1000;

/** The kept case when it is still within CLIENT_TASK_TTL_MS of its last update, else undefined. */
export async function freshClientTask(
  accessor: StatePropertyAccessor<ClientTask | undefined>,
  context: TurnContext,
  now: Date,
): Promise<ClientTask | undefined> {
  const task = await accessor.get(context);
  return task && now.getTime() - Date.parse(task.updatedAt) <= CLIENT_TASK_TTL_MS ? task : undefined;
}

export interface BotStates {
  conversationState: ConversationState;
  userState: UserState;
  /** The dialog stack of the conversation (ConversationState, property `dialogState`). */
  dialogState: StatePropertyAccessor<DialogState>;
  /** UserState, property `profile`. */
  profile: StatePropertyAccessor<UserProfile>;
  /** ConversationState, property `clientTask`. */
  clientTask: StatePropertyAccessor<ClientTask | undefined>;
}

export function createBotStates(storage: Storage): BotStates {
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  return {
    conversationState,
    userState,
    dialogState: conversationState.createProperty<DialogState>('dialogState'),
    profile: userState.createProperty<UserProfile>('profile'),
    clientTask: conversationState.createProperty<ClientTask | undefined>('clientTask'),
  };
}
