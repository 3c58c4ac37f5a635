import { ConversationState, UserState, type StatePropertyAccessor, type Storage } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { Language } from '../knowledge/vocabulary';

/** What Passerelle remembers about a user across conversations: only an explicit language choice. */
export interface UserProfile {
  language?: Language;
}

export interface BotStates {
  conversationState: ConversationState;
  userState: UserState;
  /** The dialog stack of the conversation (ConversationState, property `dialogState`). */
  dialogState: StatePropertyAccessor<DialogState>;
  /** UserState, property `profile`. */
  profile: StatePropertyAccessor<UserProfile>;
}

export function createBotStates(storage: Storage): BotStates {
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  return {
    conversationState,
    userState,
    dialogState: conversationState.createProperty<DialogState>('dialogState'),
    profile: userState.createProperty<UserProfile>('profile'),
  };
}
