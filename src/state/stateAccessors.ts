import type { ConversationState, UserState } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { AuthenticatorFinding } from '../tickets/ticket';
import type { ButtonsInView, Progress, StateAccessors, UserProfile } from './botState';
import type { RecentHistory } from './conversationHistory';

export function createStateAccessors(conversationState: ConversationState, userState: UserState): StateAccessors {
  return {
    dialogState: conversationState.createProperty<DialogState>('dialogState'),
    history: conversationState.createProperty<RecentHistory>('history'),
    buttonsInView: conversationState.createProperty<ButtonsInView>('buttonsInView'),
    profile: userState.createProperty<UserProfile>('profile'),
    progress: userState.createProperty<Progress | undefined>('progress'),
    authenticator: userState.createProperty<AuthenticatorFinding | undefined>('authenticator'),
  };
}
