import type { TurnContext } from 'botbuilder';
import { withDeadline } from '../core/deadline';
import type { Logger } from '../core/logger';
import type { AuthenticatorCheck, UserDirectory } from '../graph/directory';
import type { StateAccessors } from '../state/botState';
import type { AuthenticatorFinding } from '../tickets/ticket';

/** The guide position after which Graph is asked whether the Authenticator is registered: the end of Step 2. */
export const authenticatorCheckedAt = 'mfasetup.finish';

/**
 * The directory promises an answer within a few seconds and never to reject; should it break that promise, the
 * turn still answers (Teams sends a message again after about 15 s).
 */
const guardMs = 5000;

class CheckTimeout extends Error {}

export interface AuthenticatorCheckDeps {
  directory: UserDirectory;
  state: Pick<StateAccessors, 'authenticator'>;
  logger: Logger;
  now?: () => Date;
}

/**
 * Asks Microsoft Graph about the turn's user's Microsoft Authenticator and keeps what it said in the user's state,
 * for the ticket card. Only when Graph is configured: without it nothing is asked, kept or logged.
 */
export class AuthenticatorCheckStep {
  constructor(private readonly deps: AuthenticatorCheckDeps) {}

  get enabled(): boolean {
    return this.deps.directory.enabled;
  }

  /** Graph's answer for the user of `context`; `fresh` asks again instead of a cached answer ("Nog eens controleren"). */
  async check(context: TurnContext, fresh: boolean): Promise<AuthenticatorFinding> {
    const at = (this.deps.now?.() ?? new Date()).toISOString();
    const id = context.activity.from?.aadObjectId;
    const finding = id ? findingOf(await this.ask(id, fresh), at) : ({ kind: 'notChecked', reason: 'noUserId', at } as const);
    if (finding.kind === 'notChecked') this.deps.logger.info('authenticator not checked; the user is trusted', { reason: finding.reason });
    else this.deps.logger.info('authenticator checked', { outcome: finding.kind, fresh, devices: finding.kind === 'registered' ? finding.devices.length : 0 });
    await this.deps.state.authenticator.set(context, finding);
    return finding;
  }

  private async ask(id: string, fresh: boolean): Promise<AuthenticatorCheck> {
    try {
      return await withDeadline(this.deps.directory.authenticator(id, { fresh }), guardMs, () => new CheckTimeout());
    } catch (error) {
      return { kind: 'unavailable', reason: error instanceof CheckTimeout ? 'timeout' : 'failed' };
    }
  }
}

function findingOf(check: AuthenticatorCheck, at: string): AuthenticatorFinding {
  switch (check.kind) {
    case 'registered':
      return { kind: 'registered', devices: check.devices.map((device) => (typeof device.displayName === 'string' ? device.displayName : '')), at };
    case 'none':
      return { kind: 'none', at };
    default:
      return { kind: 'notChecked', reason: check.reason, at };
  }
}
