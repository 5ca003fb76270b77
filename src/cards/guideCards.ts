import type { ExamplePath, OrganisationConfig } from '../config';
import type { Language } from '../i18n/language';
import type { Translator } from '../i18n/translator';
import { renderStepCard } from './stepCard';
import { renderDoneCard } from './doneCard';
import { renderProblemsCard } from './problemsCard';
import { renderAnswerCard } from './answerCard';
import { renderSuggestionsCard } from './suggestionsCard';
import { renderWelcomeCard } from './welcomeCard';
import { renderResumeCard } from './resumeCard';
import { renderHelpCard } from './helpCard';
import { renderServicedeskCard } from './servicedeskCard';
import { renderConfirmCard } from './confirmCard';
import { renderAuthenticatorMissingCard } from './authenticatorMissingCard';
import type { CardImage, Fact, CardAttachment } from './render';
import { fillPlaceholders, sourcePublisher, type Intent, type KnowledgeBase } from '../knowledge/knowledgeBase';
import { manualStepCount, type Position } from '../guide/setupGuide';
import { upnInDomain } from '../state/turnUser';
import { firstNameOf } from '../state/knownUser';
import { escapeMarkdown } from './markdown';

export interface GuideCardsOptions {
  organisation: OrganisationConfig;
  knowledgeBase: KnowledgeBase;
  /** Absolute base URL under which /images/<language>/ is served (Teams fetches card images itself). */
  publicBaseUrl: string;
  /** The Teams app's id (appPackage/manifest.json): the done card then links to the guide tab; no link without it. */
  teamsAppId?: string;
}

/** The guide tab's entity id in the manifest's staticTabs. */
export const guideTabEntityId = 'guide';

/** The deep link that opens the personal guide tab of the Teams app `teamsAppId`. */
export function guideTabDeepLink(teamsAppId: string): string {
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${guideTabEntityId}`;
}

const securityInfoUrl = 'https://mysignins.microsoft.com/security-info';

/**
 * Why Microsoft may show no Authenticator after Step 2, likeliest first: the registration was not finished, the
 * wizard never came, the QR code was not scanned, or the account was added as a personal one.
 */
export const authenticatorMissingCauses: readonly string[] = ['mfa_registratie_starten', 'mfa_geen_wizard', 'auth_qr_scant_niet', 'auth_persoonlijk_gekozen'];

/** Device names are the user's own words: a few are named, each cut to a readable length. */
const maxDevicesNamed = 3;
const maxDeviceNameLength = 60;

/** Builds every card of the guided flow from the guide, the translations and the organisation facts. */
export class GuideCards {
  /**
   * Cards that are the same for everyone at a step and language, made once: a card is built from its template with
   * about twenty translations, which is most of the work of a turn. Bounded by the steps, languages and card kinds.
   */
  private readonly made = new Map<string, CardAttachment>();
  private readonly upnSteps = new Map<string, boolean>();
  private readonly summaries = new Map<string, string>();

  constructor(private readonly options: GuideCardsOptions) {}

  /** The card under `key`, made at its first use and frozen: every turn sends the same object, so none may change it. */
  private once(key: string, make: () => CardAttachment): CardAttachment {
    let card = this.made.get(key);
    if (!card) this.made.set(key, (card = deepFreeze(make())));
    return card;
  }

  private get organisation(): OrganisationConfig {
    return this.options.organisation;
  }

  /** A screenshot as drawn for `language`: Microsoft's pages and app appear as they do in that language. */
  imageUrl(file: string, language: Language): string {
    return `${this.options.publicBaseUrl}/images/${language}/${file}`;
  }

  /**
   * Values the texts in guide.json and intents.json may interpolate. `upn` is the user's own when Teams gave one in
   * the organisation's domain ("**j.jansen@central.zorgring.nl**"), else a worked example that says it is one.
   */
  textVariables(t: Translator, language: Language, upn?: string) {
    const own = upnInDomain(upn, this.organisation.upnDomain);
    return this.variables(t, language, own ? escapeMarkdown(own) : undefined);
  }

  /** The text variables with `shownUpn` (already escaped for markdown) as the user's own, else the example. */
  private variables(t: Translator, language: Language, shownUpn?: string) {
    const org = this.organisation;
    return {
      organisation: org.name,
      upn: shownUpn !== undefined ? t('organisation.upnOwn', { upn: shownUpn }) : t('organisation.upnExample', { domain: org.upnDomain }),
      upnDomain: org.upnDomain,
      servicedesk: t('organisation.servicedesk', { organisation: org.name }),
      mfaSetupUrl: org.links.mfaSetup,
      appStoreUrl: org.links.appStore,
      googlePlayUrl: org.links.googlePlay,
      commonProblemsUrl: org.links.commonProblems[language],
      fortiClientVersion: org.fortiClient.minimumVersion,
      securityInfoUrl,
    };
  }

  /** "Stap 2 van 3" for the manual's steps, "Voorbereiding" / "Klaar!" around them. */
  progressLabel(t: Translator, position: Position): string {
    const { manualStep, id } = position.part;
    if (manualStep !== undefined) return t('progress.manualStep', { step: manualStep, total: manualStepCount });
    return id === 'done' ? t('progress.done') : t('progress.prerequisites');
  }

  /** "stap 2" / "de voorbereiding", for "Je was bij stap 2 – verder?". */
  whereLabel(t: Translator, position: Position): string {
    const { manualStep } = position.part;
    return manualStep !== undefined ? t('progress.resumeManualStep', { step: manualStep }) : t('progress.resumePrerequisites');
  }

  stepTitle(t: Translator, language: Language, position: Position): string {
    return t(`guide:steps.${position.key}.title`, this.textVariables(t, language));
  }

  /**
   * The card of a sub-step. It is the same for everyone at that step and language, and made once, unless it names the
   * user's own UPN.
   */
  step(t: Translator, language: Language, position: Position, upn?: string): CardAttachment {
    const own = upnInDomain(upn, this.organisation.upnDomain);
    if (own && this.namesUpn(t, language, position)) {
      // Made once with a stand-in for the name, which each user's copy then replaces.
      const card = this.once(`step|${language}|${position.key}|own`, () => this.makeStep(t, language, position, upnStandIn));
      return withShown(card, upnStandIn, escapeMarkdown(own));
    }
    return this.once(`step|${language}|${position.key}`, () => this.makeStep(t, language, position));
  }

  /** "Stap 2 van 3: Log in met je nieuwe gebruikersnaam", shown in notifications and chat previews; made once. */
  summary(t: Translator, language: Language, position: Position): string {
    const key = `summary|${language}|${position.key}`;
    let summary = this.summaries.get(key);
    if (summary === undefined) this.summaries.set(key, (summary = `${this.progressLabel(t, position)}: ${this.stepTitle(t, language, position)}`));
    return summary;
  }

  /** Whether a sub-step's texts say the user's username (then its card differs per user). */
  private namesUpn(t: Translator, language: Language, position: Position): boolean {
    const key = `${language}|${position.key}`;
    let names = this.upnSteps.get(key);
    if (names === undefined) {
      const probe = '\u0000upn\u0000';
      const vars = { ...this.textVariables(t, language), upn: probe };
      const textKey = `guide:steps.${position.key}`;
      const texts = [
        ...['title', 'instruction', 'imageAlt'].map((field) => t(`${textKey}.${field}`, vars)),
        t([`${textKey}.next`, 'buttons.next'], vars),
        t([`${textKey}.problem`, 'buttons.problem'], vars),
      ];
      this.upnSteps.set(key, (names = texts.some((text) => text.includes(probe))));
    }
    return names;
  }

  /** `shownUpn`: the user's own name as shown (escaped), or the stand-in; the example without. */
  private makeStep(t: Translator, language: Language, position: Position, shownUpn?: string): CardAttachment {
    const vars = this.variables(t, language, shownUpn);
    const textKey = `guide:steps.${position.key}`;
    const image: CardImage = {
      url: this.imageUrl(position.subStep.image, language),
      alt: t(`${textKey}.imageAlt`, vars),
      portrait: position.subStep.portrait === true,
    };
    if (position.part.id === 'done') {
      return renderDoneCard({
        progress: this.progressLabel(t, position),
        title: t(`${textKey}.title`, vars),
        instruction: t(`${textKey}.instruction`, vars),
        image,
        servicedesk: { heading: t('servicedesk.heading'), facts: this.servicedeskFacts(t) },
        guideUrl: this.options.teamsAppId ? guideTabDeepLink(this.options.teamsAppId) : '',
        labels: { restart: t('buttons.restart'), askServicedesk: t('buttons.askServicedesk'), wholeGuide: t('tabs.guide.doneCardLink') },
      });
    }
    const isFirst = position.partIndex === 0 && position.subStepIndex === 0;
    return renderStepCard({
      step: position.key,
      progress: `${this.progressLabel(t, position)} · ${t(`guide:parts.${position.part.id}.title`, vars)}`,
      title: t(`${textKey}.title`, vars),
      instruction: t(`${textKey}.instruction`, vars),
      image,
      facts: position.subStep.facts === 'vpnSettings' ? this.vpnSettingFacts(t) : [],
      canGoBack: !isFirst,
      labels: {
        next: t([`${textKey}.next`, 'buttons.next'], vars),
        problem: t([`${textKey}.problem`, 'buttons.problem'], vars),
        back: t('buttons.back'),
        servicedesk: t('buttons.servicedesk'),
        stop: t('buttons.stop'),
      },
    });
  }

  /**
   * A sub-step's texts, image and facts as its card shows them to someone whose UPN the bot does not know (the worked
   * example): the guide tab draws these, so the tab and the cards say the same.
   */
  subStepTexts(t: Translator, language: Language, position: Position): { title: string; instruction: string; image: CardImage; facts: Fact[] } {
    const vars = this.textVariables(t, language);
    const textKey = `guide:steps.${position.key}`;
    return {
      title: t(`${textKey}.title`, vars),
      instruction: t(`${textKey}.instruction`, vars),
      image: { url: this.imageUrl(position.subStep.image, language), alt: t(`${textKey}.imageAlt`, vars), portrait: position.subStep.portrait === true },
      facts: position.subStep.facts === 'vpnSettings' ? this.vpnSettingFacts(t) : [],
    };
  }

  /** A part's title ("2-factor-authenticatie instellen"), as the step cards' progress line says it. */
  partTitle(t: Translator, language: Language, position: Position): string {
    return t(`guide:parts.${position.part.id}.title`, this.textVariables(t, language));
  }

  /** A known problem as its answer card shows it to someone whose UPN the bot does not know (for the guide tab). */
  problemTexts(t: Translator, language: Language, intentId: string): { title: string; answer: string; image: CardImage | null; sources: string } {
    const intent = this.intent(intentId);
    const links = intent.sources.map((source) => `[${sourceName(source)}](${source})`).join(' · ');
    return {
      title: intent.title[language],
      answer: fillPlaceholders(intent.answer[language], this.textVariables(t, language)),
      image: intent.image ? { url: this.imageUrl(intent.image, language), alt: intent.title[language] } : null,
      sources: intent.sources.length > 0 ? t('problems.sources', { links }) : '',
    };
  }

  /** "Lukt niet": the sub-step's known problems and "iets anders" as rows, then the servicedesk. */
  problems(t: Translator, language: Language, position: Position): CardAttachment {
    return this.once(`problems|${language}|${position.key}`, () => this.makeProblems(t, language, position));
  }

  private makeProblems(t: Translator, language: Language, position: Position): CardAttachment {
    const vars = this.textVariables(t, language);
    const ids = position.subStep.problems;
    return renderProblemsCard({
      step: position.key,
      heading: t('problems.heading'),
      intro: t('problems.intro'),
      problems: ids.map((id) => ({ intent: id, title: this.intent(id).title[language], others: ids.filter((other) => other !== id) })),
      servicedesk: { heading: t('servicedesk.heading'), text: t('servicedesk.text', vars), facts: this.servicedeskFacts(t) },
      labels: { otherProblem: t('buttons.otherProblem'), showStep: t('buttons.showStep'), askServicedesk: t('buttons.askServicedesk') },
    });
  }

  /**
   * "Microsoft ziet nog geen Authenticator" at `position` (the end of Step 2): the likely causes as rows, "Nog eens
   * controleren", going on anyway, and the servicedesk.
   */
  authenticatorMissing(t: Translator, language: Language, position: Position): CardAttachment {
    return this.once(`authenticatorMissing|${language}|${position.key}`, () => {
      const vars = this.textVariables(t, language);
      return renderAuthenticatorMissingCard({
        step: position.key,
        heading: t('authenticator.missing.heading'),
        text: t('authenticator.missing.text', vars),
        causesIntro: t('authenticator.missing.causesIntro'),
        causes: authenticatorMissingCauses.map((id) => ({
          intent: id,
          title: this.intent(id).title[language],
          others: authenticatorMissingCauses.filter((other) => other !== id),
        })),
        checkAgainHint: t('authenticator.missing.checkAgainHint'),
        servicedesk: { heading: t('servicedesk.heading'), text: t('servicedesk.text', vars), facts: this.servicedeskFacts(t) },
        labels: { checkAgain: t('buttons.checkAuthenticator'), goOn: t('buttons.goOnAnyway'), askServicedesk: t('buttons.askServicedesk') },
      });
    });
  }

  /** "Je Authenticator op *iPhone van Jan* is gekoppeld.": the devices Graph found, named as their owner named them (escaped). */
  authenticatorRegistered(t: Translator, language: Language, devices: readonly string[]): string {
    const names = devices.map((name) => name.trim()).filter((name) => name !== '');
    if (names.length === 0) return t('authenticator.registered.unnamed');
    const shown = names.slice(0, maxDevicesNamed).map((name) => `*${escapeMarkdown(name.slice(0, maxDeviceNameLength))}*`);
    const more = names.length - shown.length;
    if (more > 0) shown.push(t('authenticator.registered.more', { count: more }));
    const list = new Intl.ListFormat(language, { type: 'conjunction' }).format(shown);
    return t('authenticator.registered.named', { devices: list, count: names.length });
  }

  /** One knowledge-base answer with "Opgelost?"; `alternatives` are offered when it does not help. */
  answer(t: Translator, language: Language, intentId: string, context: { question?: string; step?: string; alternatives: string[]; upn?: string }): CardAttachment {
    const intent = this.intent(intentId);
    // The answer is the same for everyone in a language, unless it names the user's own UPN; what this question adds
    // (its id, the step, the alternatives) goes into the buttons' data.
    const own = upnInDomain(context.upn, this.organisation.upnDomain) && /\{\{\s*upn\s*\}\}/.test(intent.answer[language]) ? context.upn : undefined;
    const card = own ? this.makeAnswer(t, language, intent, own) : this.once(`answer|${language}|${intent.id}`, () => this.makeAnswer(t, language, intent));
    return withButtonData(card, { question: context.question ?? '', step: context.step ?? '', alternatives: context.alternatives });
  }

  private makeAnswer(t: Translator, language: Language, intent: Intent, upn?: string): CardAttachment {
    const links = intent.sources.map((source) => `[${sourceName(source)}](${source})`).join(' · ');
    return renderAnswerCard({
      intent: intent.id,
      question: '',
      step: '',
      title: intent.title[language],
      answer: fillPlaceholders(intent.answer[language], this.textVariables(t, language, upn)),
      image: intent.image ? { url: this.imageUrl(intent.image, language), alt: intent.title[language] } : null,
      sourcesText: t('problems.sources', { links }),
      alternatives: [],
      labels: { solvedQuestion: t('answer.solvedQuestion'), yes: t('buttons.yes'), no: t('buttons.no'), servicedesk: t('buttons.servicedesk') },
    });
  }

  /** "Bedoel je…?": the likeliest intents as choices. */
  suggestions(t: Translator, language: Language, intentIds: string[], context: { question: string; step?: string }): CardAttachment {
    return renderSuggestionsCard({
      question: context.question,
      step: context.step ?? '',
      heading: t('suggestions.heading'),
      intro: t('suggestions.intro'),
      choices: intentIds.map((id) => ({ intent: id, title: this.intent(id).title[language], others: intentIds.filter((other) => other !== id) })),
      labels: { noneOfThese: t('buttons.noneOfThese') },
    });
  }

  private intent(id: string): Intent {
    const intent = this.options.knowledgeBase.get(id);
    if (!intent) throw new Error(`Unknown intent ${id}`);
    return intent;
  }

  /**
   * The welcome; with the user's `firstName` (from Graph) it greets them by it ("Hoi Jan! Ik help je..."). The card is
   * made once per language either way: the named one with a stand-in that each user's copy replaces with their name,
   * cleaned, cut and escaped for markdown.
   */
  welcome(t: Translator, language: Language, firstName?: string): CardAttachment {
    const name = shownFirstName(firstName);
    if (name === undefined) return this.once(`welcome|${language}`, () => this.makeWelcome(t, language));
    return withShown(this.once(`welcome|${language}|named`, () => this.makeWelcome(t, language, nameStandIn)), nameStandIn, name);
  }

  private makeWelcome(t: Translator, language: Language, name?: string): CardAttachment {
    return renderWelcomeCard({
      title: name === undefined ? t('welcome.title') : t('welcome.titleNamed', { name }),
      intro: t('welcome.intro', { organisation: this.organisation.name }),
      facts: [
        { title: t('welcome.durationLabel'), value: t('welcome.duration') },
        { title: t('welcome.needLabel'), value: t('welcome.need') },
        { title: t('welcome.stepsLabel'), value: t('welcome.steps') },
      ],
      hint: t('welcome.hint'),
      image: { url: this.imageUrl('welcome.png', language), alt: t('welcome.imageAlt') },
      otherLanguage: otherLanguage(language),
      labels: { start: t('buttons.start'), otherLanguage: t('buttons.otherLanguage') },
    });
  }

  /** "Je was bij stap 2 – verder?"; with the user's `firstName` "Hoi Jan, je was bij stap 2 – verder?" (made once, like the welcome). */
  resume(t: Translator, language: Language, position: Position | undefined, firstName?: string): CardAttachment {
    const key = `resume|${language}|${position?.key ?? ''}`;
    const name = shownFirstName(firstName);
    if (name === undefined) return this.once(key, () => this.makeResume(t, language, position));
    return withShown(this.once(`${key}|named`, () => this.makeResume(t, language, position, nameStandIn)), nameStandIn, name);
  }

  /** "Hoi!", or "Hoi Jan!" with the user's `firstName`: said before the guide's card when the user greets. */
  greeting(t: Translator, firstName?: string): string {
    const name = shownFirstName(firstName);
    return name === undefined ? t('messages.greeting') : t('messages.greetingNamed', { name });
  }

  private makeResume(t: Translator, language: Language, position: Position | undefined, name?: string): CardAttachment {
    const named = (key: string) => (name === undefined ? key : `${key}Named`);
    if (!position || position.part.id === 'done') {
      return renderResumeCard({
        question: t(named('resume.completedQuestion'), { name }),
        detail: t('resume.completedDetail'),
        labels: { resume: t('buttons.resume'), restart: t('buttons.restart') },
      });
    }
    return renderResumeCard({
      question: t(named('resume.question'), { where: this.whereLabel(t, position), name }),
      detail: t('resume.detail', { title: this.stepTitle(t, language, position) }),
      labels: { resume: t('buttons.resume'), restart: t('buttons.restart') },
    });
  }

  /** "Weet je het zeker?" before going back to the start from `position`. */
  confirmRestart(t: Translator, position: Position): CardAttachment {
    return renderConfirmCard({
      heading: t('confirm.heading'),
      text: t('confirm.restart.text', { where: this.whereLabel(t, position) }),
      action: 'restart',
      step: position.key,
      labels: { yes: t('confirm.restart.yes'), no: t('confirm.restart.no') },
    });
  }

  /** "Weet je het zeker?" before deleting the user's data. */
  confirmForget(t: Translator): CardAttachment {
    return renderConfirmCard({
      heading: t('confirm.heading'),
      text: t('confirm.forget.text'),
      action: 'forget',
      step: '',
      labels: { yes: t('confirm.forget.yes'), no: t('confirm.forget.no') },
    });
  }

  help(t: Translator, language: Language, inFlow: boolean): CardAttachment {
    return this.once(`help|${language}|${inFlow}`, () => this.makeHelp(t, language, inFlow));
  }

  private makeHelp(t: Translator, language: Language, inFlow: boolean): CardAttachment {
    return renderHelpCard({
      title: t('help.title'),
      intro: t('help.intro'),
      commands: (['start', 'stop', 'servicedesk', 'help', 'language'] as const).map((command) => ({
        title: t(`help.${command}Label`),
        value: t(`help.${command}`),
      })),
      servicedesk: { heading: t('servicedesk.heading'), facts: this.servicedeskFacts(t) },
      inFlow,
      otherLanguage: otherLanguage(language),
      labels: { showStep: t('buttons.showStep'), start: t('buttons.start'), otherLanguage: t('buttons.otherLanguage') },
    });
  }

  servicedesk(t: Translator, language: Language, inFlow: boolean): CardAttachment {
    return this.once(`servicedesk|${language}|${inFlow}`, () => this.makeServicedesk(t, language, inFlow));
  }

  private makeServicedesk(t: Translator, language: Language, inFlow: boolean): CardAttachment {
    return renderServicedeskCard({
      heading: t('servicedesk.heading'),
      text: t('servicedesk.text', this.textVariables(t, language)),
      facts: this.servicedeskFacts(t),
      inFlow,
      labels: { showStep: t('buttons.showStep'), askServicedesk: t('buttons.askServicedesk') },
    });
  }

  servicedeskFacts(t: Translator): Fact[] {
    const { phone, email, url } = this.organisation.servicedesk;
    const facts: Fact[] = [];
    if (phone) facts.push({ title: t('servicedesk.phoneLabel'), value: this.marked(t, ['servicedesk.phone'], phone) });
    if (email) facts.push({ title: t('servicedesk.emailLabel'), value: this.marked(t, ['servicedesk.email'], `[${email}](mailto:${email})`) });
    if (url) facts.push({ title: t('servicedesk.webLabel'), value: `[${new URL(url).hostname}](${url})` });
    const hours: ExamplePath[] = ['servicedesk.hours.days', 'servicedesk.hours.open', 'servicedesk.hours.close'];
    facts.push({ title: t('servicedesk.hoursLabel'), value: this.marked(t, hours, this.hoursText(t)) });
    return facts;
  }

  /** The servicedesk's phone number for "spoed? bel …", marked while it is an example; '' when there is none. */
  urgentPhone(t: Translator): string {
    const { phone } = this.organisation.servicedesk;
    return phone ? this.marked(t, ['servicedesk.phone'], phone) : '';
  }

  /** Whether any of `paths` is still an example from src/organisation.json, not the organisation's value (local mode only). */
  private isExample(paths: ExamplePath[]): boolean {
    return this.organisation.examples.some((example) => paths.includes(example.path));
  }

  /** `value`, marked "(voorbeeld)" while it is an example. */
  private marked(t: Translator, paths: ExamplePath[], value: string): string {
    return this.isExample(paths) ? t('example.value', { value }) : value;
  }

  /** "maandag t/m vrijdag 08:00–17:00", from the configured days and hours. */
  hoursText(t: Translator): string {
    const { open, close, days } = this.organisation.servicedesk.hours;
    const name = (day: number) => (t('weekdays', { returnObjects: true }) as string[])[day];
    // Monday-first, so that Monday to Friday reads as one range.
    const ordered = [...days].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
    const contiguous = ordered.every((day, i) => i === 0 || day === (ordered[i - 1] + 1) % 7);
    let text: string;
    if (ordered.length === 7) text = t('servicedesk.everyDay');
    else if (ordered.length > 2 && contiguous) text = t('servicedesk.dayRange', { from: name(ordered[0]), to: name(ordered.at(-1)!) });
    else text = ordered.map(name).join(', ');
    return t('servicedesk.hours', { days: text, open, close });
  }

  private vpnSettingFacts(t: Translator): Fact[] {
    const vpn = this.organisation.fortiClient;
    const tick = (on: boolean) => t(on ? 'vpnSettings.on' : 'vpnSettings.off');
    const facts: Fact[] = [
      { title: t('vpnSettings.vpn'), value: vpn.vpnType },
      { title: t('vpnSettings.connectionName'), value: this.marked(t, ['fortiClient.connectionName'], vpn.connectionName) },
      { title: t('vpnSettings.remoteGateway'), value: this.marked(t, ['fortiClient.remoteGateway'], vpn.remoteGateway) },
      { title: t('vpnSettings.port'), value: this.marked(t, ['fortiClient.port'], String(vpn.port)) },
      { title: t('vpnSettings.singleSignOn'), value: tick(vpn.singleSignOn) },
      { title: t('vpnSettings.externalBrowser'), value: tick(vpn.externalBrowser) },
      { title: t('vpnSettings.clientCertificate'), value: vpn.clientCertificate },
    ];
    // Nobody should type an example into FortiClient: say what the mark means, right below the values.
    if (this.isExample(['fortiClient.connectionName', 'fortiClient.remoteGateway', 'fortiClient.port'])) {
      facts.push({ title: t('example.noteLabel'), value: t('example.vpnNote', { servicedesk: t('organisation.servicedesk', { organisation: this.organisation.name }) }) });
    }
    return facts;
  }
}

/** A short, recognisable name for a source link: who published it (the knowledge base cites only known publishers). */
export function sourceName(url: string): string {
  return sourcePublisher(url) ?? new URL(url).hostname;
}

export function otherLanguage(language: Language): Language {
  return language === 'nl' ? 'en' : 'nl';
}

/** Freezes `value` and everything in it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * `card` with `fields` set in the data of its actions that carry them; the rest of the card (frozen, shared) is not
 * copied.
 */
function withButtonData(card: CardAttachment, fields: Record<string, unknown>): CardAttachment {
  const content = card.content as { actions?: { data?: Record<string, unknown> }[] };
  const fill = (data: Record<string, unknown>) => ({
    ...data,
    ...Object.fromEntries(Object.entries(fields).filter(([key]) => key in data)),
  });
  return { ...card, content: { ...content, actions: content.actions?.map((action) => (action.data ? { ...action, data: fill(action.data) } : action)) } };
}

/** Stands in for the user's own UPN in a card made once for everyone (an invisible separator around a word). */
const upnStandIn = '\u2063upn\u2063';
/** Stands in for the user's first name the same way (firstNameOf removes the separator from names, so no name holds one). */
const nameStandIn = '\u2063name\u2063';

/** `card` with `standIn` replaced by `shown` (JSON-escaped, so any character is safe). */
function withShown(card: CardAttachment, standIn: string, shown: string): CardAttachment {
  return JSON.parse(JSON.stringify(card).replaceAll(standIn, JSON.stringify(shown).slice(1, -1))) as CardAttachment;
}

/** A first name as a card or message shows it: cleaned and cut (firstNameOf), then escaped for markdown; undefined without one. */
function shownFirstName(firstName: string | undefined): string | undefined {
  const name = firstNameOf(firstName);
  return name === undefined ? undefined : escapeMarkdown(name);
}
