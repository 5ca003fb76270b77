import type { ConversationState, UserState } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { Progress, StateAccessors, UserProfile } from './botState';

export function createStateAccessors(conversationState: ConversationState, userState: UserState): StateAccessors {
  return {
    dialogState: conversationState.createProperty<DialogState>('dialogState'),
    profile: userState.createProperty<UserProfile>('profile'),
    progress: userState.createProperty<Progress | undefined>('progress'),
  };
}
