import type { BotStorage } from '../storage/botStorage';
import { changeRecord, readRecords } from '../storage/records';
import type { RetentionRule } from '../storage/retention';
import type { ChatReference } from '../tickets/chatReference';
import type { Person } from './model';

/** See PeopleStore.claimInvitation. */
export type InvitationClaim = 'claimed' | 'welcomed' | 'invitedBefore';

const prefix = 'people/';
const keyOf = (objectId: string) => `${prefix}${objectId.toLowerCase()}`;

/** A person's record is user data: purged like user state, after the configured retention without a change. */
export const peopleRetention: RetentionRule = { name: 'people', prefix };

/** The fields of a chat reference worth keeping: where to write, not what was said. */
function chatOf(reference: ChatReference): ChatReference {
  const { user, bot, conversation, channelId, serviceUrl, locale } = reference;
  return {
    user: user && { id: user.id, name: '', aadObjectId: user.aadObjectId },
    bot: bot && { id: bot.id, name: bot.name },
    conversation: conversation && { id: conversation.id, name: '', isGroup: false, conversationType: 'personal', tenantId: conversation.tenantId },
    channelId,
    serviceUrl,
    locale,
  };
}

/**
 * What the bot knows of each user by Entra object id (`people/<id>`): their 1:1 chat and where they are in the guide,
 * so that a rollout can skip those who are done, reach those who have the app, and remind those who stopped.
 */
export class PeopleStore {
  constructor(private readonly storage: BotStorage) {}

  async get(objectId: string): Promise<Person | undefined> {
    return (await readRecords<Person>(this.storage, [keyOf(objectId)])).get(keyOf(objectId));
  }

  /** The records of these users (those the bot knows), by object id in lower case. */
  async getMany(objectIds: readonly string[]): Promise<Map<string, Person>> {
    const records = await readRecords<Person>(this.storage, objectIds.map(keyOf));
    return new Map([...records].map(([key, person]) => [key.slice(prefix.length), person]));
  }

  /** Keeps the user's 1:1 chat (from a turn there); writes only when it changed. */
  async rememberChat(objectId: string, reference: ChatReference): Promise<void> {
    const chat = chatOf(reference);
    await changeRecord<Person>(this.storage, keyOf(objectId), (person) => {
      const known = person?.chat;
      if (known?.conversation?.id === chat.conversation?.id && known?.user?.id === chat.user?.id && known?.serviceUrl === chat.serviceUrl) return undefined;
      return { ...person, chat };
    });
  }

  /** Keeps where the user is in the guide; writes only when the step or its completion changed. */
  async rememberProgress(objectId: string, step: string, completed: boolean, at: string): Promise<void> {
    await changeRecord<Person>(this.storage, keyOf(objectId), (person) => {
      if (person?.step === step && person.completed === completed) return undefined;
      return { ...person, step, completed, progressAt: at };
    });
  }

  /**
   * A rollout's claim on the user's one invitation, by compare-and-set: `invitedBefore` when another rollout invited
   * them; `welcomed` when Teams' install event welcomed them at or after `welcomedSince` (the install this rollout
   * made: that welcome was the invitation); `claimed` when this rollout is to write now. All but `invitedBefore`
   * record the invitation, so that a later rollout and a late install event leave the user alone.
   */
  async claimInvitation(objectId: string, rolloutId: string, at: string, welcomedSince?: string): Promise<InvitationClaim> {
    let claim: InvitationClaim = 'claimed';
    await changeRecord<Person>(this.storage, keyOf(objectId), (person) => {
      if (person?.invitedBy && person.invitedBy !== rolloutId) {
        claim = 'invitedBefore';
        return undefined;
      }
      claim = welcomedSince && person?.welcomedAt && person.welcomedAt >= welcomedSince ? 'welcomed' : 'claimed';
      return { ...person, invitedAt: at, invitedBy: rolloutId };
    });
    return claim;
  }

  /** The invitation did not go out (refused, failed): the claim is taken back, so a later rollout or the install event may write. */
  async releaseInvitation(objectId: string, rolloutId: string): Promise<void> {
    await changeRecord<Person>(this.storage, keyOf(objectId), (person) => {
      if (person?.invitedBy !== rolloutId) return undefined;
      const { invitedAt: _invitedAt, invitedBy: _invitedBy, ...rest } = person;
      return rest;
    });
  }

  /**
   * The install event's welcome: keeps the user's chat and their welcome's time in one compare-and-set; resolves false
   * when a rollout wrote to them (its invitation was the welcome; the welcome's time is then not set), true when the
   * welcome is to be sent.
   */
  async welcomeIn(objectId: string, reference: ChatReference, at: string): Promise<boolean> {
    let send = true;
    await changeRecord<Person>(this.storage, keyOf(objectId), (person) => {
      send = !person?.invitedAt;
      return send ? { ...person, chat: chatOf(reference), welcomedAt: at } : { ...person, chat: chatOf(reference) };
    });
    return send;
  }

  /** "Verwijder mijn gegevens". */
  async forget(objectId: string): Promise<void> {
    await this.storage.delete([keyOf(objectId)]);
  }
}
