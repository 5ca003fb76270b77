import { ActivityTypes, type Middleware, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { withDeadline } from '../../core/deadline';
import { OutboundTimeoutError, TeamsApiError } from '../../core/errors';
import type { UserProfile } from '../../state/botState';
import { firstNameOf, learnFromDirectory, type KnownUserSource } from '../../state/knownUser';
import { setTurnFirstName, setTurnUpn, upnInDomain } from '../../state/turnUser';
import { userPrincipalName } from '../memberDirectory';
import { isPersonal } from './languageMiddleware';
import { isProactive } from './serialTurns';

/** A slow Teams must not hold the turn: past this, the card shows the example name. */
const lookUpTimeoutMs = 2000;
/** Teams' answer (a UPN or none) holds for a day. */
const answeredMs = 24 * 60 * 60 * 1000;
/** A failed look-up is tried again a minute later: a glitch heals before the user reaches the sign-in step, an outage costs one slow turn a minute. */
const failedMs = 60 * 1000;

/** Teams answered that this chat has no such member: there is no UPN to be had, which is an answer too. */
const notFound = (error: unknown): boolean => error instanceof TeamsApiError && (error.status === 404 || error.code === 'MemberNotFoundInConversation');

/**
 * Puts the user's own UPN and first name on each turn of a personal chat (turnUpn, turnFirstName), so the cards can say
 * "Log in met **j.jansen@central.zorgring.nl**" and "Hoi Jan!". The UPN comes from Teams' member record first and
 * Microsoft Graph second, never from what the user typed, and only one in the organisation's domain counts; the first
 * name comes from Graph. Teams is asked on a message turn when the profile's answer is due (a day after Teams
 * answered), within two seconds; Graph on any turn when its answer is due (learnFromDirectory), within the directory's
 * deadline, at the same time. A look-up that fails or times out leaves the turn as it was, is logged without any name,
 * and is tried again a minute later. With Graph off, only Teams is asked. "Verwijder mijn gegevens" deletes all of it
 * with the profile.
 */
export class UserNameMiddleware implements Middleware {
  constructor(
    private readonly profile: StatePropertyAccessor<UserProfile>,
    private readonly known: KnownUserSource,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (isPersonal(context)) {
      const profile = await this.profile.get(context, {});
      const [fromTeams, fromGraph] = await Promise.all([
        this.teamsDue(context, profile) ? this.refresh(context, profile) : false,
        // The bot's own proactive turns (a rollout's thousands of invitations) do not spend Graph's budget on the user.
        isProactive(context) ? false : learnFromDirectory(this.known, profile, context.activity.from?.aadObjectId),
      ]);
      if (fromTeams || fromGraph) await this.profile.set(context, profile);
      const { upnDomain, directory } = this.known;
      // What Graph said counts only while Graph is on: switched off, the bot is as it was without it.
      const upn = upnInDomain(profile.upn, upnDomain) ?? (directory.enabled ? upnInDomain(profile.directoryUpn, upnDomain) : undefined);
      if (upn) setTurnUpn(context, upn);
      const firstName = directory.enabled ? firstNameOf(profile.firstName) : undefined;
      if (firstName) setTurnFirstName(context, firstName);
    }
    await next();
  }

  private teamsDue(context: TurnContext, profile: UserProfile): boolean {
    const due = !profile.upnCheckAfter || Date.parse(profile.upnCheckAfter) <= this.now().getTime();
    return due && context.activity.type === ActivityTypes.Message && Boolean(context.activity.from?.id);
  }

  /** Asks Teams' member record; true (the profile changed) whatever it answered. */
  private async refresh(context: TurnContext, profile: UserProfile): Promise<boolean> {
    let wait = answeredMs;
    try {
      const found = await withDeadline(userPrincipalName(context, context.activity.from), lookUpTimeoutMs, () => new OutboundTimeoutError('getMember', 1));
      const upn = upnInDomain(found, this.known.upnDomain);
      if (upn) profile.upn = upn;
      else delete profile.upn;
    } catch (error) {
      if (notFound(error)) {
        delete profile.upn;
      } else {
        // The error names the call and its status, never the member.
        this.known.logger.warn('user name look-up failed', { error: error instanceof TeamsApiError ? `${error.status ?? ''} ${error.code}`.trim() : error instanceof Error ? error.name : typeof error });
        wait = failedMs;
      }
    }
    profile.upnCheckAfter = new Date(this.now().getTime() + wait).toISOString();
    return true;
  }

  private now(): Date {
    return this.known.now?.() ?? new Date();
  }
}
