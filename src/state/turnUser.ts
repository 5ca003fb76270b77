interface TurnStateHolder {
  turnState: Map<unknown, unknown>;
}

const turnUpnKey = Symbol('turnUpn');

/** Puts the user's own UPN on the turn context (set by UserNameMiddleware, only for a UPN in the organisation's domain). */
export function setTurnUpn(context: TurnStateHolder, upn: string): void {
  context.turnState.set(turnUpnKey, upn);
}

/** The user's own UPN on this turn, for the cards that say which name to sign in with; undefined when Teams gave none. */
export const turnUpn = (context: TurnStateHolder): string | undefined => context.turnState.get(turnUpnKey) as string | undefined;

const turnFirstNameKey = Symbol('turnFirstName');

/** Puts the user's first name (from Graph, cleaned by firstNameOf, not yet escaped) on the turn context, for the greetings. */
export function setTurnFirstName(context: TurnStateHolder, firstName: string): void {
  context.turnState.set(turnFirstNameKey, firstName);
}

/** The user's first name on this turn; undefined when Graph is off or gave none. */
export const turnFirstName = (context: TurnStateHolder): string | undefined => context.turnState.get(turnFirstNameKey) as string | undefined;

/** What Microsoft allows before the @ of a UPN: letters, digits and ' . - _ ! # ^ ~ (so never a second @, a space or markup). */
const upnPrefix = /^[a-z0-9'._!#^~-]{1,64}$/i;

/**
 * `candidate` when it is a UPN in exactly `domain` (case aside), else undefined: "j.jansen@central.zorgring.nl" is,
 * "j.jansen@evil-central.zorgring.nl", "j.jansen@sub.central.zorgring.nl" and "j.jansen@central.zorgring.nl.evil.com" are not.
 */
export function upnInDomain(candidate: string | undefined, domain: string): string | undefined {
  const at = candidate?.lastIndexOf('@') ?? -1;
  if (!candidate || at < 0) return undefined;
  const inDomain = upnPrefix.test(candidate.slice(0, at)) && candidate.slice(at + 1).toLowerCase() === domain.toLowerCase();
  return inDomain ? candidate : undefined;
}
