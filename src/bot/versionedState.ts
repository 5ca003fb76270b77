import {
  ConversationState,
  TurnContext,
  UserState,
  calculateChangeHash,
  type Activity,
  type BotAdapter,
  type BotState,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import type { Logger } from '../core/logger';
import type { BatchRecord, BotStorage } from '../storage/botStorage';
import { StorageError, isConflict } from '../storage/storageError';
import { sleep } from '../core/deadline';

/** What a state was in this turn: the eTag it was read with (none: it did not exist), and the hash of what was read or last saved. */
interface Version {
  eTag?: string;
  hash: string;
  /** Saved in this turn already: the store gave it a new eTag that we have not seen. */
  saved?: boolean;
}

/** The state classes the app uses, saved with the eTag they were read with (botbuilder saves with "*"). */
export interface VersionedState extends BotState {
  /** Whether the state was loaded in this turn and changed since. */
  changed(context: TurnContext): boolean;
  /** Forgets what this turn read, so the next access reads the store again. */
  reset(context: TurnContext): void;
  /** The record saving would write now (none: nothing to save); `force`: also when unchanged, to claim the newest version. */
  pendingSave(context: TurnContext, force: boolean): Promise<BatchRecord | undefined>;
  /** Notes that the record of pendingSave was written. */
  markSaved(context: TurnContext): void;
}


/** The day (YYYY-MM-DD, UTC) a state was last used, kept beside its properties. */
const seenOnKey = 'seenOn';

// TypeScript's mixin pattern asks for a constructor taking any[].
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- required by the mixin pattern
type StateClass = new (...args: any[]) => BotState;

/**
 * Saves a botbuilder state with the eTag it was loaded with: a new item only if still absent, an
 * existing one only if nobody wrote it since. Otherwise the save fails with a StorageError 'conflict'.
 */
function versioned<Base extends StateClass>(base: Base, storage: BotStorage) {
  return class extends base implements VersionedState {
    private readonly versionKey = Symbol('stateVersion');

    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- botbuilder's BotState.load returns Promise<any>
    override async load(context: TurnContext, force = false): Promise<any> {
      const fresh = force || !context.turnState.has(this.versionKey);
      const state = await super.load(context, fresh);
      if (!fresh) return state;
      const today = new Date().toISOString().slice(0, 10);
      // A new state carries the day it is saved; a stored one is saved again on the first day it is used, so
      // retention (stateRetention.ts) never takes a state that is still in use but has not changed for long.
      if (state.eTag === undefined) state[seenOnKey] = today;
      context.turnState.set(this.versionKey, { eTag: state.eTag, hash: calculateChangeHash(state) } satisfies Version);
      if (state[seenOnKey] !== today) state[seenOnKey] = today;
      return state;
    }

    changed(context: TurnContext): boolean {
      const version = context.turnState.get<Version | undefined>(this.versionKey);
      const state = this.get(context);
      return version !== undefined && state !== undefined && calculateChangeHash(state) !== version.hash;
    }

    reset(context: TurnContext): void {
      context.turnState.delete(this.versionKey);
    }

    /** Saves when changed (or `force`: also when unchanged, to claim the newest version); only a state that was loaded. */
    override async saveChanges(context: TurnContext, force = false): Promise<void> {
      const record = await this.pendingSave(context, force);
      if (!record) return;
      await storage.writeBatch([record]);
      this.markSaved(context);
    }

    async pendingSave(context: TurnContext, force: boolean): Promise<BatchRecord | undefined> {
      const version = context.turnState.get<Version | undefined>(this.versionKey);
      const state = this.get(context);
      if (!version || !state || (!force && !this.changed(context))) return undefined;
      const key = await this.storageKey(context);
      const { eTag: _read, ...value } = state;
      const eTag = version.saved ? await this.ownETag(key, version.hash) : version.eTag;
      // None read: a new state, created only if no other turn created it meanwhile.
      return eTag === undefined ? { key, item: value, ifAbsent: true } : { key, item: { ...value, eTag } };
    }

    markSaved(context: TurnContext): void {
      context.turnState.set(this.versionKey, { hash: calculateChangeHash(this.get(context)), saved: true } satisfies Version);
    }

    override async delete(context: TurnContext): Promise<void> {
      this.reset(context);
      await super.delete(context);
    }

    /** The eTag of what this turn saved, if nobody wrote over it since. */
    private async ownETag(key: string, hash: string): Promise<string> {
      const stored = (await storage.read([key]))[key];
      if (!stored?.eTag || calculateChangeHash(stored) !== hash) throw new StorageError('conflict', `state "${key}" changed after this turn saved it`);
      return stored.eTag;
    }
  };
}

/** Conversation and user state on one store, each saved with the eTag it was read with. */
export function createVersionedStates(storage: BotStorage): { conversationState: ConversationState & VersionedState; userState: UserState & VersionedState } {
  return {
    conversationState: new (versioned(ConversationState, storage))(storage) as ConversationState & VersionedState,
    userState: new (versioned(UserState, storage))(storage) as UserState & VersionedState,
  };
}

type HeldOperation = { send: Partial<Activity>[] } | { update: Partial<Activity> } | { delete: Partial<ConversationReference> };

/**
 * Runs a turn as a unit on versioned state, for several instances sharing one store: what the turn
 * sends is held until its state is saved; when another instance saved the same state in between, the
 * held replies are dropped and the turn runs again on the fresh state (up to `attempts` times).
 * Resolves false when every attempt lost: the caller refuses the turn.
 */
export class VersionedTurns {
  private readonly attempts: number;

  /** `states` in the order they are saved; the first (the conversation's) is saved whenever any changed. */
  constructor(
    private readonly storage: BotStorage,
    private readonly states: VersionedState[],
    private readonly logger: Logger,
    options: { attempts?: number } = {},
  ) {
    this.attempts = options.attempts ?? 4;
  }

  async run(context: TurnContext, logic: (context: TurnContext) => Promise<void>): Promise<boolean> {
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      const held: HeldOperation[] = [];
      const turn = this.attemptContext(context, held, attempt === 1);
      try {
        await logic(turn);
        await this.save(turn);
      } catch (error) {
        // Anything else fails the turn (onTurnError apologises); the held replies are dropped either way.
        if (!isConflict(error)) throw error;
        this.logger.info('state changed by another instance: turn run again', { attempt, activityType: context.activity.type });
        await sleep(10 + Math.random() * 40 * attempt);
        continue;
      }
      await release(context, held);
      // With deliveryMode expectReplies the replies never reach the adapter: they wait on the context.
      context.bufferedReplyActivities.push(...turn.bufferedReplyActivities);
      return true;
    }
    this.logger.warn('turn refused: its state kept changing', { attempts: this.attempts, activityType: context.activity.type });
    return false;
  }

  /**
   * A context for one attempt: the turn's own services and, on the first attempt, what the middleware
   * already read; its adapter holds sends, updates and deletes instead of making them.
   */
  private attemptContext(context: TurnContext, held: HeldOperation[], first: boolean): TurnContext {
    const holding: BotAdapter = Object.create(context.adapter);
    holding.sendActivities = async (_context, activities): Promise<ResourceResponse[]> => {
      held.push({ send: activities });
      return activities.map(() => ({ id: '' }));
    };
    holding.updateActivity = async (_context, activity) => {
      held.push({ update: activity });
    };
    holding.deleteActivity = async (_context, reference) => {
      held.push({ delete: reference });
    };
    const turn = new TurnContext(holding, context.activity);
    for (const [key, value] of context.turnState) turn.turnState.set(key, value);
    if (!first) for (const state of this.states) state.reset(turn);
    return turn;
  }

  /** Writes the changed states in one batch. */
  private async save(turn: TurnContext): Promise<void> {
    if (!this.states.some((state) => state.changed(turn))) return;
    const records: BatchRecord[] = [];
    const saving: VersionedState[] = [];
    // The conversation's state goes first and always: of two turns in one conversation, the loser
    // then fails before it has written anything (Blob Storage writes a batch in order).
    for (const [index, state] of this.states.entries()) {
      const record = await state.pendingSave(turn, index === 0);
      if (!record) continue;
      records.push(record);
      saving.push(state);
    }
    await this.storage.writeBatch(records);
    for (const state of saving) state.markSaved(turn);
  }
}

/** Sends what an attempt held, in order, through the turn's own context (and its handlers). */
async function release(context: TurnContext, held: HeldOperation[]): Promise<void> {
  for (const operation of held) {
    if ('send' in operation) await context.sendActivities(operation.send);
    else if ('update' in operation) await context.updateActivity(operation.update);
    else await context.deleteActivity(operation.delete);
  }
}
