/**
 * The manual, as the bot walks it: parts in order, each with its sub-steps, the screenshot of the
 * screen the user meets and the knowledge-base intents that answer "it did not work" there.
 * Texts live in src/locales/<lng>/guide.json under steps.<part>.<subStep>; see docs/guide-outline.md.
 *
 * The words, defined once:
 * - part: one section of the guide (the checklist, Stap 1–3 of the manual, the end); `PartId`.
 * - manual step: the manual's own "Stap 1 van 3"; the `manualStep` of a part (the checklist and the end have none).
 * - sub-step: one screen of a part, shown as one card; `SubStep`.
 * - position: a part and one of its sub-steps, written as its key "part.subStep" (`PositionKey`), e.g.
 *   "mfasetup.enterNumber". Cards, stored progress and events carry it in a field called `step`.
 * - intent part: the part a knowledge-base intent belongs to, or "general" (`IntentPart`).
 */
export type PartId = 'prerequisites' | 'authenticator' | 'mfasetup' | 'forticlient' | 'done';

export interface SubStep {
  readonly id: string;
  readonly image: string;
  readonly problems: readonly string[];
  /** A tall phone screenshot: drawn narrower and centred, not stretched over the card's width. */
  readonly portrait?: boolean;
  /** Extra facts shown under the instruction, built from the organisation configuration. */
  readonly facts?: 'vpnSettings';
}

export interface Part {
  readonly id: PartId;
  /** The manual's step number ("Stap 2 van 3"); absent for the checklist before and the end. */
  readonly manualStep?: number;
  readonly subSteps: readonly SubStep[];
}

export const manualStepCount = 3;

export const setupGuide: readonly Part[] = [
  {
    id: 'prerequisites',
    subSteps: [
      { id: 'smartphone', image: 'checklist-smartphone.png', problems: ['prereq_geen_smartphone'] },
      { id: 'username', image: 'checklist-username.png', problems: ['prereq_gebruikersnaam'] },
      { id: 'fortiClientVersion', image: 'forticlient-version.png', problems: ['fc_versie'] },
    ],
  },
  {
    id: 'authenticator',
    manualStep: 1,
    subSteps: [
      { id: 'installApp', image: 'authenticator-store.png', portrait: true, problems: ['auth_app_installeren'] },
      { id: 'openApp', image: 'authenticator-add-account.png', portrait: true, problems: ['auth_werkaccount_toevoegen'] },
      { id: 'chooseWorkAccount', image: 'authenticator-account-type.png', portrait: true, problems: ['auth_persoonlijk_gekozen', 'auth_max_vijf'] },
    ],
  },
  {
    id: 'mfasetup',
    manualStep: 2,
    subSteps: [
      { id: 'openMfaSetup', image: 'mfasetup-browser.png', problems: ['mfa_geen_wizard', 'mfa_registratie_starten'] },
      { id: 'signIn', image: 'mfasetup-signin.png', problems: ['prereq_gebruikersnaam'] },
      { id: 'scanQrCode', image: 'mfasetup-qr.png', problems: ['auth_qr_scant_niet', 'auth_persoonlijk_gekozen'] },
      { id: 'enterNumber', image: 'mfasetup-number.png', problems: ['mfa_geen_getal', 'mfa_getal_klopt_niet', 'auth_geen_melding'] },
      {
        id: 'verifyPhone',
        image: 'mfasetup-phone.png',
        problems: ['mfa_sms_niet_ontvangen', 'mfa_verkeerd_nummer', 'mfa_sms_code_ongeldig', 'mfa_limiet_bereikt'],
      },
      { id: 'finish', image: 'mfasetup-done.png', problems: ['mfa_geen_wizard'] },
    ],
  },
  {
    id: 'forticlient',
    manualStep: 3,
    subSteps: [
      { id: 'openVpn', image: 'forticlient-remote-access.png', problems: ['fc_versie'] },
      { id: 'editConnection', image: 'forticlient-menu.png', problems: ['fc_verbinding_instellen'] },
      {
        id: 'checkSettings',
        image: 'forticlient-settings.png',
        problems: ['fc_verbinding_instellen', 'fc_certificaatwaarschuwing'],
        facts: 'vpnSettings',
      },
      { id: 'samlLogin', image: 'forticlient-saml-login.png', problems: ['fc_saml_knop_ontbreekt', 'fc_leeg_venster'] },
      { id: 'signInWithUpn', image: 'forticlient-signin.png', problems: ['prereq_gebruikersnaam', 'fc_automatisch_verkeerd_account'] },
      { id: 'chooseWorkAccount', image: 'forticlient-account-picker.png', problems: ['fc_werk_of_persoonlijk'] },
      {
        id: 'approveSignIn',
        image: 'forticlient-approve.png',
        problems: ['mfa_getal_klopt_niet', 'fc_mfa_te_laat', 'fc_blijft_hangen', 'fc_fout_7200', 'fc_geen_toegang'],
      },
    ],
  },
  {
    id: 'done',
    subSteps: [{ id: 'done', image: 'done.png', problems: ['gen_servicedesk'] }],
  },
];

/** A position in the guide, e.g. "mfasetup.enterNumber"; cards carry it so stale buttons can be told apart. */
export type PositionKey = `${PartId}.${string}`;

export interface Position {
  readonly part: Part;
  readonly partIndex: number;
  readonly subStep: SubStep;
  readonly subStepIndex: number;
  readonly key: PositionKey;
}

export function positionAt(partIndex: number, subStepIndex: number): Position {
  const part = setupGuide[partIndex];
  const subStep = part?.subSteps[subStepIndex];
  if (!part || !subStep) throw new RangeError(`No sub-step ${partIndex}.${subStepIndex} in the guide`);
  return { part, partIndex, subStep, subStepIndex, key: `${part.id}.${subStep.id}` };
}

export function findPosition(key: string | undefined): Position | undefined {
  if (!key) return undefined;
  for (const [partIndex, part] of setupGuide.entries()) {
    for (const [subStepIndex, subStep] of part.subSteps.entries()) {
      if (`${part.id}.${subStep.id}` === key) return positionAt(partIndex, subStepIndex);
    }
  }
  return undefined;
}

/** Every knowledge-base intent the guide refers to, for a start-up check against the knowledge base. */
export const problemIntents = (): string[] => setupGuide.flatMap((part) => part.subSteps.flatMap((subStep) => [...subStep.problems]));

export const firstPosition = (): Position => positionAt(0, 0);

/** The sub-step after `position`: the next card of its part, else the first of the next part; undefined after the end. */
export function nextPosition(position: Position): Position | undefined {
  if (position.subStepIndex + 1 < position.part.subSteps.length) return positionAt(position.partIndex, position.subStepIndex + 1);
  return position.partIndex + 1 < setupGuide.length ? positionAt(position.partIndex + 1, 0) : undefined;
}

/** The sub-step before `position`: the previous card of its part, else the last of the part before; undefined at the first. */
export function previousPosition(position: Position): Position | undefined {
  if (position.subStepIndex > 0) return positionAt(position.partIndex, position.subStepIndex - 1);
  const before = setupGuide[position.partIndex - 1];
  return before ? positionAt(position.partIndex - 1, before.subSteps.length - 1) : undefined;
}
