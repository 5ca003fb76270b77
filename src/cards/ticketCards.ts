import type { Language } from '../i18n/language';
import type { Translator } from '../i18n/translator';
import {
  renderHandoffAskCard,
  renderHandoffConsentCard,
  renderHandoffDescribeCard,
  renderRatingCard,
  renderTicketCreatedCard,
} from './handoffCards';
import { renderTicketCard, type TicketCardData } from './ticketCard';
import type { CardAttachment, Fact } from './render';
import { escapeMarkdown } from './markdown';
import type { OfficeHoursClock } from '../tickets/officeHours';
import type { AuthenticatorFinding, Ticket, TicketStatus } from '../tickets/ticket';
import { isFinished } from '../tickets/ticketRules';
import type { GuideCards } from './guideCards';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { findPosition, setupGuide, positionAt } from '../guide/setupGuide';
import type { RecentHistory } from '../state/conversationHistory';

export interface TicketCardsDeps {
  cards: GuideCards;
  knowledgeBase: Pick<KnowledgeBase, 'titleOf'>;
  clock: OfficeHoursClock;
}

/** What a user is about to share, shown before they agree. */
export interface HandoffPreview {
  name: string;
  /** The user's sign-in name when Teams gave one (the ticket carries the one Teams gives at sending). */
  upn?: string;
  step?: string;
  completed?: boolean;
  /** What Graph said about the user's Authenticator, when the guide asked: it goes along with the ticket. */
  authenticator?: AuthenticatorFinding;
  description?: string;
  history: RecentHistory;
}

/** A device name as long as a person reads in a fact. */
const maxDeviceNameLength = 60;
const maxDevicesNamed = 5;

/** Waiting for an agent stands out, being handled is the accent, finished is plain: colours Teams draws readably. */
const statusColors: Record<TicketStatus, TicketCardData['statusColor']> = {
  posting: 'Attention',
  open: 'Attention',
  assigned: 'Accent',
  relaying: 'Accent',
  returned: 'Default',
  closed: 'Default',
  cancelled: 'Default',
};

/** Cards of the servicedesk handoff: the user's (ask, describe, consent, created, rating) and the agents' ticket card. */
export class TicketCards {
  constructor(private readonly deps: TicketCardsDeps) {}

  /** "vandaag vanaf 08:00" / "maandag vanaf 08:00": when a closed servicedesk opens again. */
  nextOpeningText(t: Translator): string {
    const next = this.deps.clock.nextOpening();
    if (!next) return t('handoff.opensLater');
    if (next.inDays === 0) return t('handoff.opensToday', { time: next.time });
    if (next.inDays === 1) return t('handoff.opensTomorrow', { time: next.time });
    const day = (t('weekdays', { returnObjects: true }) as string[])[next.weekday];
    return t('handoff.opensOn', { day, time: next.time });
  }

  /** The open/closed sentence; `prefix` picks handoff.* (ask card) or handoff.created.* (after the ticket). */
  private availability(t: Translator, prefix: 'handoff' | 'handoff.created'): string {
    if (this.deps.clock.isOpen()) return t(`${prefix}.open`);
    const when = this.nextOpeningText(t);
    const phone = this.deps.cards.urgentPhone(t);
    return t(phone ? `${prefix}.closedUrgent` : `${prefix}.closed`, { when, phone });
  }

  ask(t: Translator, language: Language): CardAttachment {
    return renderHandoffAskCard({
      heading: t('handoff.ask.heading'),
      text: t('handoff.ask.text', this.deps.cards.textVariables(t, language)),
      availability: this.availability(t, 'handoff'),
      facts: this.deps.cards.servicedeskFacts(t),
      question: t('handoff.ask.question'),
      labels: { yes: t('buttons.handoffYes'), no: t('buttons.handoffNo') },
    });
  }

  describe(t: Translator): CardAttachment {
    return renderHandoffDescribeCard({
      heading: t('handoff.describe.heading'),
      text: t('handoff.describe.text'),
      placeholder: t('handoff.describe.placeholder'),
      labels: { continue: t('buttons.continue'), skip: t('buttons.skip') },
    });
  }

  consent(t: Translator, language: Language, preview: HandoffPreview): CardAttachment {
    return renderHandoffConsentCard({
      heading: t('handoff.consent.heading'),
      facts: [
        { title: t('handoff.consent.name'), value: escapeMarkdown(preview.name) },
        { title: t('handoff.consent.username'), value: preview.upn ? escapeMarkdown(preview.upn) : t('handoff.consent.usernameFromTeams') },
        { title: t('handoff.consent.language'), value: t('handoff.consent.languageName') },
        { title: t('handoff.consent.step'), value: this.stepText(t, language, preview.step, preview.completed, 'handoff.consent') },
        ...(preview.authenticator ? [{ title: t('handoff.consent.authenticator'), value: this.authenticatorText(t, preview.authenticator) }] : []),
        { title: t('handoff.consent.description'), value: preview.description ? escapeMarkdown(preview.description) : t('handoff.consent.none') },
        { title: t('handoff.consent.questions'), value: t('handoff.consent.questionCount', { count: preview.history.questions.length }) },
      ],
      transcript: t('handoff.consent.transcript'),
      question: t('handoff.consent.question'),
      labels: { yes: t('buttons.consentYes'), no: t('buttons.consentNo') },
    });
  }

  created(t: Translator, ticket: Ticket, inFlow: boolean): CardAttachment {
    return this.ticketCreatedCard(t, ticket, inFlow, t('handoff.created.heading', { number: ticket.id }));
  }

  /** The user's open ticket, shown again when they ask for the servicedesk while it is still open. */
  alreadyOpen(t: Translator, ticket: Ticket, inFlow: boolean): CardAttachment {
    return this.ticketCreatedCard(t, ticket, inFlow, t('handoff.created.alreadyOpenHeading', { number: ticket.id }));
  }

  private ticketCreatedCard(t: Translator, ticket: Ticket, inFlow: boolean, heading: string): CardAttachment {
    return renderTicketCreatedCard({
      ticket: ticket.id,
      heading,
      text: this.availability(t, 'handoff.created'),
      facts: [{ title: t('handoff.created.numberLabel'), value: ticket.id }, ...this.deps.cards.servicedeskFacts(t)],
      cancelHint: t('handoff.created.cancelHint'),
      inFlow,
      labels: { continueGuide: t('buttons.continueGuide'), cancel: t('buttons.cancelTicket') },
    });
  }

  rating(t: Translator, ticket: Ticket): CardAttachment {
    return renderRatingCard({
      ticket: ticket.id,
      heading: t('handoff.rating.heading'),
      text: t('handoff.rating.text'),
      placeholder: t('handoff.rating.placeholder'),
      scores: [1, 2, 3, 4, 5].map((score) => ({ score, label: String(score) })),
    });
  }

  /** The user's status in their own words ("opgepakt door Piet"). */
  userStatus(t: Translator, ticket: Ticket): string {
    const status = isFinished(ticket) ? 'open' : ticket.status;
    return t(`handoff.status.${status}`, { agent: escapeMarkdown(ticket.agent?.name ?? '') });
  }

  /** The ticket card in the servicedesk channel, in the servicedesk's language `t`. */
  ticket(t: Translator, language: Language, ticket: Ticket): CardAttachment {
    // Everything a user or an agent wrote (their names too) is escaped: an agent must not get a clickable link from a user.
    const name = escapeMarkdown(ticket.user.name);
    const agent = escapeMarkdown(ticket.agent?.name ?? '');
    const finished = isFinished(ticket);
    const lastEvent = ticket.history.at(-1);
    const vars = {
      agent,
      name,
      time: this.time(ticket.status === 'assigned' ? (ticket.agent?.at ?? ticket.updatedAt) : (lastEvent?.at ?? ticket.updatedAt)),
      where: this.whereText(t, language, ticket.returnedTo),
    };
    const rating = ticket.rating
      ? ticket.rating.comment
        ? t('ticket.ratedWithComment', { score: ticket.rating.score, comment: escapeMarkdown(ticket.rating.comment) })
        : t('ticket.rated', { score: ticket.rating.score })
      : '';
    const questions = ticket.questions.map((question) =>
      question.text
        ? t('ticket.questionLine', { text: escapeMarkdown(question.text), answer: this.answerText(t, language, question) })
        : t('ticket.pickedLine', { answer: this.answerText(t, language, question) }),
    );
    const transcript = ticket.transcript.map((line) => `**${line.from === 'user' ? name : t('ticket.botName')}:** ${escapeMarkdown(line.text)}`);
    const facts: Fact[] = [
      { title: t('ticket.facts.user'), value: name },
      { title: t('ticket.facts.upn'), value: ticket.user.upn ? escapeMarkdown(ticket.user.upn) : t('ticket.unknown') },
      { title: t('ticket.facts.language'), value: t(`ticket.languageName.${ticket.user.language}`) },
      { title: t('ticket.facts.step'), value: this.stepText(t, language, ticket.step, ticket.completed, 'ticket') },
      { title: t('ticket.facts.created'), value: this.time(ticket.createdAt, true) },
      { title: t('ticket.facts.description'), value: ticket.description ? escapeMarkdown(ticket.description) : t('ticket.noDescription') },
    ];
    if (ticket.authenticator) facts.push({ title: t('ticket.facts.authenticator'), value: this.authenticatorText(t, ticket.authenticator) });
    return renderTicketCard({
      ticket: ticket.id,
      title: t('ticket.title', { number: ticket.id, name }),
      status: t(`ticket.status.${ticket.status}`, vars),
      statusColor: statusColors[ticket.status],
      rating,
      repeatNotice: ticket.uncertainPosts ? t('ticket.repeatNotice', { number: ticket.id }) : '',
      facts,
      questions,
      transcript,
      steps: this.stepChoices(t, language),
      handBackDefault: findPosition(ticket.step)?.key ?? positionAt(0, 0).key,
      can: {
        take: !finished && !ticket.agent,
        relay: !finished && ticket.status !== 'relaying',
        handBack: !finished,
        close: !finished,
      },
      labels: {
        take: t('ticket.buttons.take'),
        relay: t('ticket.buttons.relay'),
        handBack: t('ticket.buttons.handBack'),
        close: t('ticket.buttons.close'),
        transcript: t('ticket.buttons.transcript'),
        transcriptHeading: t('ticket.transcriptHeading'),
        questions: t('ticket.questionsHeading'),
        handBackStep: t('ticket.handBackStep', { name }),
        handBackNote: t('ticket.handBackNote', { name }),
        handBackPlaceholder: t('ticket.handBackPlaceholder'),
        handBackSubmit: t('ticket.buttons.handBackSubmit'),
      },
    });
  }

  /** What Graph said about the user's Authenticator at the guide's check, and when; device names are the user's words (escaped). */
  authenticatorText(t: Translator, finding: AuthenticatorFinding): string {
    const time = this.time(finding.at, true);
    if (finding.kind === 'none') return t('ticket.authenticator.none', { time });
    if (finding.kind === 'notChecked') return t('ticket.authenticator.notChecked', { reason: t(`ticket.authenticator.reasons.${finding.reason}`), time });
    const names = finding.devices.map((name) => name.trim()).filter((name) => name !== '');
    if (names.length === 0) return t('ticket.authenticator.registeredUnnamed', { time });
    return t('ticket.authenticator.registered', { devices: names.slice(0, maxDevicesNamed).map((name) => escapeMarkdown(name.slice(0, maxDeviceNameLength))).join(', '), time });
  }

  /** "Stap 2 van 3 · Scan de QR-code" for a guide position key. */
  whereText(t: Translator, language: Language, key: string | undefined): string {
    const position = findPosition(key);
    if (!position) return t('ticket.unknown');
    return `${this.deps.cards.progressLabel(t, position)} · ${this.deps.cards.stepTitle(t, language, position)}`;
  }

  /** The hh:mm (and date) of a moment in the servicedesk's time zone. */
  time(iso: string, withDate = false): string {
    return new Intl.DateTimeFormat('nl-NL', {
      timeZone: this.deps.clock.hours.timeZone,
      ...(withDate ? { day: 'numeric', month: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(iso));
  }

  private stepText(t: Translator, language: Language, step: string | undefined, completed: boolean | undefined, prefix: 'ticket' | 'handoff.consent'): string {
    if (completed) return t(`${prefix}.finished`);
    if (!findPosition(step)) return t(`${prefix}.notStarted`);
    return this.whereText(t, language, step);
  }

  private answerText(t: Translator, language: Language, question: Ticket['questions'][number]): string {
    if (!question.answer) return t(question.decision === 'choose' ? 'ticket.choices' : 'ticket.noAnswer');
    const title = this.deps.knowledgeBase.titleOf(question.answer, language);
    const solved = question.solved === undefined ? '' : t(question.solved ? 'ticket.solved' : 'ticket.notSolved');
    return `${title}${solved}`;
  }

  private stepChoices(t: Translator, language: Language): { title: string; value: string }[] {
    return setupGuide.flatMap((part, partIndex) =>
      part.subSteps.map((_, subStepIndex) => {
        const position = positionAt(partIndex, subStepIndex);
        return { title: this.whereText(t, language, position.key), value: position.key };
      }),
    );
  }
}
