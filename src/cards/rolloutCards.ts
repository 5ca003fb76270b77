import type { Language } from '../i18n/language';
import type { Translator } from '../i18n/translator';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { findPosition } from '../guide/setupGuide';
import type { RolloutCounts, RolloutFailure, RolloutPhase, RolloutStatus } from '../rollout/model';
import { countFor, failReasons, skipReasons, sumOf, wholeCount } from '../rollout/rolloutStatus';
import type { GuideCards } from './guideCards';
import { escapeMarkdown } from './markdown';
import type { CardAttachment, Fact } from './render';
import { renderRolloutStatusCard } from './rolloutStatusCard';

export interface RolloutCardsDeps {
  cards: Pick<GuideCards, 'progressLabel' | 'stepTitle'>;
  knowledgeBase: Pick<KnowledgeBase, 'titleOf'>;
  /** The servicedesk's time zone (organisation.servicedesk.hours.timeZone): when the rollout started. */
  timeZone: string;
}

const phases: readonly RolloutPhase[] = ['listing', 'inviting', 'finished', 'failed'];
const failures: readonly RolloutFailure[] = ['groupNotFound', 'groupUnavailable', 'groupTooLarge', 'notInCatalog', 'catalogUnavailable'];
const registrationSources: readonly RolloutStatus['registered']['source'][] = ['report', 'perUser', 'unavailable'];
const dateLocales: Record<Language, string> = { nl: 'nl-NL', en: 'en-GB' };

/** An intent title or group id as long as a line on a phone holds in two or three lines; stored data may be anything. */
const maxShownLength = 120;

const known = <T extends string>(list: readonly T[], value: unknown): value is T => (list as readonly unknown[]).includes(value);

/** Text from the store made inert and short enough for a card line (cut between code points, not inside one). */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value ?? '');
  const points = [...text];
  return escapeMarkdown(points.length > maxShownLength ? `${points.slice(0, maxShownLength).join('')}…` : text);
}

/** Counts as stored made safe to show: whole numbers, 0 or more (the per-reason ones are read through countFor). */
function wholeCounts(counts: RolloutCounts): RolloutCounts {
  return {
    ...counts,
    total: wholeCount(counts.total),
    pending: wholeCount(counts.pending),
    invited: wholeCount(counts.invited),
    uncertain: wholeCount(counts.uncertain),
    other: wholeCount(counts.other),
    skipped: counts.skipped ?? {},
    failed: counts.failed ?? {},
  };
}

/** The rollout's texts for the servicedesk: the "status" card, the progress line in the channel, why it stopped. */
export class RolloutCards {
  constructor(private readonly deps: RolloutCardsDeps) {}

  /** The "status" card, in the servicedesk's language. */
  status(t: Translator, language: Language, status: RolloutStatus): CardAttachment {
    const { rollout } = status;
    const counts = wholeCounts(status.counts);
    const skipped = sumOf(counts.skipped);
    const failed = sumOf(counts.failed);
    const facts: Fact[] = [
      { title: t('rollout.status.facts.group'), value: shown(rollout.groupId) },
      { title: t('rollout.status.facts.started'), value: this.time(language, rollout.startedAt) },
      { title: t('rollout.status.facts.phase'), value: this.phaseText(t, language, rollout) },
      { title: t('rollout.status.facts.invited'), value: t('rollout.status.ofTotal', { count: counts.invited, total: counts.total }) },
    ];
    if (counts.pending > 0) facts.push({ title: t('rollout.status.facts.pending'), value: t('rollout.status.count', { count: counts.pending }) });
    facts.push({ title: t('rollout.status.facts.skipped'), value: this.withReasons(t, skipped, this.skipReasonTexts(t, counts)) });
    facts.push({ title: t('rollout.status.facts.failed'), value: this.withReasons(t, failed, this.failReasonTexts(t, counts)) });
    if (counts.uncertain > 0) facts.push({ title: t('rollout.status.facts.uncertain'), value: t('rollout.status.uncertain', { count: counts.uncertain }) });
    if ((counts.other ?? 0) > 0) facts.push({ title: t('rollout.status.facts.other'), value: t('rollout.status.count', { count: counts.other }) });
    facts.push({ title: t('rollout.status.facts.registered'), value: this.registeredText(t, status) });

    return renderRolloutStatusCard({
      heading: t('rollout.status.heading'),
      notice: rollout.phase === 'failed' ? this.failureSentence(t, rollout.failure) : '',
      facts,
      sections: [
        { heading: t('rollout.status.guideHeading'), lines: this.guideLines(t, language, status) },
        { heading: t('rollout.status.askedHeading'), lines: this.questionLines(t, language, status.topAsked) },
        { heading: t('rollout.status.unresolvedHeading'), lines: this.questionLines(t, language, status.topUnresolved) },
      ],
    });
  }

  /**
   * One line for the channel: "Uitrol: 1.200 van 5.000 uitgenodigd, 300 overgeslagen (200 al klaar, 100 al
   * geregistreerd), 5 mislukt (…)"; "Uitrol klaar: …" when finished. Reasons only when their count is above 0.
   */
  progressText(t: Translator, given: RolloutCounts, phase: RolloutPhase): string {
    const counts = wholeCounts(given);
    if (phase === 'listing') return t('rollout.progress.listing', { total: counts.total });
    const parts = [t('rollout.progress.invited', { count: counts.invited, total: counts.total })];
    const skipped = sumOf(counts.skipped);
    if (skipped > 0) parts.push(t('rollout.progress.skipped', { count: skipped, reasons: this.joined(t, this.skipReasonTexts(t, counts)) }));
    const failed = sumOf(counts.failed);
    if (failed > 0) parts.push(t('rollout.progress.failedCount', { count: failed, reasons: this.joined(t, this.failReasonTexts(t, counts)) }));
    if (counts.uncertain > 0) parts.push(t('rollout.progress.uncertain', { count: counts.uncertain }));
    if ((counts.other ?? 0) > 0) parts.push(t('rollout.progress.other', { count: counts.other }));
    const form = phase === 'finished' ? 'finished' : phase === 'failed' ? 'failed' : 'running';
    return t(`rollout.progress.${form}`, { summary: this.joined(t, parts) });
  }

  /** Why a rollout could not start or go on, and what the servicedesk can do about it. */
  failureText(t: Translator, failure: RolloutFailure): string {
    return this.failureSentence(t, failure);
  }

  /** A failure this version does not know, or none recorded, has a sentence too. */
  private failureSentence(t: Translator, failure: RolloutFailure | undefined): string {
    return t(known(failures, failure) ? `rollout.failure.${failure}` : 'rollout.failure.unknown');
  }

  private phaseText(t: Translator, language: Language, rollout: RolloutStatus['rollout']): string {
    if (rollout.phase === 'finished' && rollout.finishedAt && !Number.isNaN(Date.parse(rollout.finishedAt))) {
      return t('rollout.status.phase.finishedAt', { time: this.time(language, rollout.finishedAt) });
    }
    return t(known(phases, rollout.phase) ? `rollout.status.phase.${rollout.phase}` : 'rollout.status.phase.unknown');
  }

  private registeredText(t: Translator, status: RolloutStatus): string {
    const { source, count, checked } = status.registered;
    if (!known(registrationSources, source)) return t('rollout.status.registered.unavailable');
    return t(`rollout.status.registered.${source}`, { count: wholeCount(count), checked: wholeCount(checked), total: wholeCount(status.counts.total) });
  }

  /** Started, then per step in the guide's order (every unknown step key on one line, last), then done. */
  private guideLines(t: Translator, language: Language, status: RolloutStatus): string[] {
    const lines = [t('rollout.status.startedLine', { count: wholeCount(status.started), invited: wholeCount(status.counts.invited) })];
    let unknown = 0;
    for (const { step, count } of status.atStep) {
      const position = findPosition(step);
      if (!position) unknown += wholeCount(count);
      // The people index keeps the part a user is in (its first sub-step stands for it), so the line names the part.
      else lines.push(t('rollout.status.stepLine', { count: wholeCount(count), where: this.deps.cards.progressLabel(t, position) }));
    }
    if (unknown > 0) lines.push(t('rollout.status.stepLine', { count: unknown, where: t('rollout.status.unknownStep') }));
    lines.push(t('rollout.status.doneLine', { count: wholeCount(status.done) }));
    return lines;
  }

  private questionLines(t: Translator, language: Language, top: RolloutStatus['topAsked']): string[] {
    if (top.length === 0) return [t('rollout.status.noQuestions')];
    return top.map(({ intent, count }) => t('rollout.status.questionLine', { count: wholeCount(count), title: shown(this.deps.knowledgeBase.titleOf(intent, language)) }));
  }

  private withReasons(t: Translator, count: number, reasons: string[]): string {
    return reasons.length > 0 ? t('rollout.status.withReasons', { count, reasons: this.joined(t, reasons) }) : t('rollout.status.count', { count });
  }

  private skipReasonTexts(t: Translator, counts: RolloutCounts): string[] {
    return this.reasonTexts(t, 'skipped', skipReasons, counts.skipped);
  }

  private failReasonTexts(t: Translator, counts: RolloutCounts): string[] {
    return this.reasonTexts(t, 'failed', failReasons, counts.failed);
  }

  /** "200 al klaar", "3 blokkeerden de bot": one per reason with a count above 0, in the reasons' order. */
  private reasonTexts(t: Translator, kind: 'skipped' | 'failed', reasons: readonly string[], byReason: Partial<Record<string, number>>): string[] {
    return reasons.filter((reason) => countFor(byReason, reason) > 0).map((reason) => t(`rollout.reasons.${kind}.${reason}`, { count: countFor(byReason, reason) }));
  }

  private joined(t: Translator, parts: string[]): string {
    return parts.join(t('rollout.reasons.joiner'));
  }

  /** "1 december 14:05" in the servicedesk's time zone; a time that cannot be read as it was stored (escaped). */
  private time(language: Language, iso: string): string {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return shown(iso);
    return new Intl.DateTimeFormat(dateLocales[language] ?? dateLocales.nl, {
      timeZone: this.deps.timeZone,
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
    }).format(date);
  }
}
