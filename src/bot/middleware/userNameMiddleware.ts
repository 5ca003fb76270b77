import { ActivityTypes, type Middleware, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { withDeadline } from '../../core/deadline';
import { OutboundTimeoutError, TeamsApiError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { UserProfile } from '../../state/botState';
import { setTurnUpn, upnInDomain } from '../../state/turnUser';
import { userPrincipalName } from '../memberDirectory';

/** A slow Teams must not hold the turn: past this, the card shows the example name. */
const lookUpTimeoutMs = 2000;
/** Teams' answer (a UPN or none) holds for a day. */
const answeredMs = 24 * 60 * 60 * 1000;
/** A failed look-up is tried again a minute later: a glitch heals before the user reaches the sign-in step, an outage costs one slow turn a minute. */
const failedMs = 60 * 1000;

/** Teams answered that this chat has no such member: there is no UPN to be had, which is an answer too. */
const notFound = (error: unknown): boolean => error instanceof TeamsApiError && (error.status === 404 || error.code === 'MemberNotFoundInConversation');

/**
 * Puts the user's own UPN on each turn of a personal chat (turnUpn), so the cards can say "Log in met
 * **j.jansen@central.zorgring.nl**". It comes from Teams' member record only, never from what the user typed,
 * and only one in the organisation's domain counts. The record is asked for on a message turn when the profile's
 * is due (a day after Teams answered), within two seconds; a look-up that fails or times out leaves the turn as it
 * was, is logged without any name, and is tried again a minute later. "Verwijder mijn gegevens" deletes it with the profile.
 */
export class UserNameMiddleware implements Middleware {
  constructor(
    private readonly profile: StatePropertyAccessor<UserProfile>,
    private readonly upnDomain: string,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    // The guide lives in 1:1 chats; a channel's or group chat's member is not the user of a guide.
    if ((context.activity.conversation?.conversationType ?? 'personal') === 'personal') {
      const profile = await this.profile.get(context, {});
      const due = !profile.upnCheckAfter || Date.parse(profile.upnCheckAfter) <= this.now().getTime();
      if (due && context.activity.type === ActivityTypes.Message && context.activity.from?.id) await this.refresh(context, profile);
      const upn = upnInDomain(profile.upn, this.upnDomain);
      if (upn) setTurnUpn(context, upn);
    }
    await next();
  }

  private async refresh(context: TurnContext, profile: UserProfile): Promise<void> {
    let wait = answeredMs;
    try {
      const found = await withDeadline(userPrincipalName(context, context.activity.from), lookUpTimeoutMs, () => new OutboundTimeoutError('getMember', 1));
      const upn = upnInDomain(found, this.upnDomain);
      if (upn) profile.upn = upn;
      else delete profile.upn;
    } catch (error) {
      if (notFound(error)) {
        delete profile.upn;
      } else {
        // The error names the call and its status, never the member.
        this.logger.warn('user name look-up failed', { error: error instanceof TeamsApiError ? `${error.status ?? ''} ${error.code}`.trim() : error instanceof Error ? error.name : typeof error });
        wait = failedMs;
      }
    }
    profile.upnCheckAfter = new Date(this.now().getTime() + wait).toISOString();
    await this.profile.set(context, profile);
  }
}
