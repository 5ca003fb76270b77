import { RolloutCards } from '../../src/cards/rolloutCards';
import { findPosition } from '../../src/guide/setupGuide';
import type { Language } from '../../src/i18n/language';
import { translatorFor } from '../../src/i18n/translator';
import type { RolloutCounts, RolloutFailure, RolloutPhase, RolloutStatus } from '../../src/rollout/model';
import { textOf } from '../helpers/cardText';
import { fullRolloutStatus } from '../helpers/everyCard';
import { testCards } from '../helpers/testCards';

const { cards, knowledgeBase, i18n } = testCards();
const rolloutCards = new RolloutCards({ cards, knowledgeBase, timeZone: 'Europe/Amsterdam' });

const counts: RolloutCounts = {
  total: 5000,
  pending: 3495,
  invited: 1200,
  uncertain: 0,
  skipped: { done: 200, registered: 100 },
  failed: { blocked: 3, sendFailed: 2 },
};

const cardText = (card: ReturnType<RolloutCards['status']>) => textOf({ attachments: [card] });

describe('the progress line', () => {
  it('reads as the servicedesk expects in Dutch, numbers with a thousands point', () => {
    const t = translatorFor(i18n, 'nl');
    expect(rolloutCards.progressText(t, counts, 'inviting')).toBe(
      'Uitrol: 1.200 van 5.000 uitgenodigd, 300 overgeslagen (200 al klaar, 100 al geregistreerd), 5 mislukt (3 blokkeerden de bot, 2 omdat Teams het bericht weigerde)',
    );
    expect(rolloutCards.progressText(t, { ...counts, failed: { blocked: 1 } }, 'finished')).toBe(
      'Uitrol klaar: 1.200 van 5.000 uitgenodigd, 300 overgeslagen (200 al klaar, 100 al geregistreerd), 1 mislukt (1 blokkeerde de bot)',
    );
  });

  it('and in English, with a thousands comma', () => {
    const t = translatorFor(i18n, 'en');
    expect(rolloutCards.progressText(t, { ...counts, invited: 1_234_567, total: 2_000_000 }, 'inviting')).toBe(
      'Rollout: 1,234,567 of 2,000,000 invited, 300 skipped (200 already done, 100 already registered), 5 failed (3 blocked the bot, 2 because Teams refused the message)',
    );
  });

  describe.each<Language>(['nl', 'en'])('in %s', (language) => {
    const t = translatorFor(i18n, language);

    it.each<[RolloutPhase, string]>([
      ['inviting', 'rollout.progress.running'],
      ['finished', 'rollout.progress.finished'],
      ['failed', 'rollout.progress.failed'],
    ])('has its own form when %s', (phase, key) => {
      const summary = t('rollout.progress.invited', { count: 7, total: 9 });
      expect(rolloutCards.progressText(t, { total: 9, pending: 2, invited: 7, uncertain: 0, skipped: {}, failed: {} }, phase)).toBe(t(key, { summary }));
    });

    it('names reasons only when their count is above 0, uncertain and unknown members when there are any', () => {
      const line = rolloutCards.progressText(t, { total: 10, pending: 0, invited: 4, uncertain: 2, skipped: { done: 0, registered: 3 }, failed: { noChat: 0 }, other: 1 }, 'inviting');
      const parts = [
        t('rollout.progress.invited', { count: 4, total: 10 }),
        t('rollout.progress.skipped', { count: 3, reasons: t('rollout.reasons.skipped.registered', { count: 3 }) }),
        t('rollout.progress.uncertain', { count: 2 }),
        t('rollout.progress.other', { count: 1 }),
      ];
      expect(line).toBe(t('rollout.progress.running', { summary: parts.join(t('rollout.reasons.joiner')) }));
      expect(line).not.toContain(t('rollout.reasons.skipped.done', { count: 0 }));
    });

    it('while the group is read, says how many members so far', () => {
      expect(rolloutCards.progressText(t, { total: 2500, pending: 2500, invited: 0, uncertain: 0, skipped: {}, failed: {} }, 'listing')).toBe(
        t('rollout.progress.listing', { total: 2500 }),
      );
      expect(rolloutCards.progressText(t, { total: 2500, pending: 2500, invited: 0, uncertain: 0, skipped: {}, failed: {} }, 'listing')).toContain(language === 'nl' ? '2.500' : '2,500');
    });

    it.each<RolloutFailure>(['groupNotFound', 'groupUnavailable', 'groupTooLarge', 'notInCatalog', 'catalogUnavailable'])('explains %s with what to do', (failure) => {
      const text = rolloutCards.failureText(t, failure);
      expect(text).toBe(t(`rollout.failure.${failure}`));
      expect(text).not.toMatch(/rollout\.\w|\{\{/);
    });

    it('has a sentence for a failure this version does not know', () => {
      expect(rolloutCards.failureText(t, 'somethingNew' as RolloutFailure)).toBe(t('rollout.failure.unknown'));
    });
  });
});

describe.each<Language>(['nl', 'en'])('the status card in %s', (language) => {
  const t = translatorFor(i18n, language);
  const longest = [...knowledgeBase.intents].sort((a, b) => b.title[language].length - a.title[language].length).map((intent) => intent.id);
  const full = fullRolloutStatus(longest);
  const huge = language === 'nl' ? '12.345.678' : '12,345,678';

  it('shows the group, phase, invited, skipped and failed per reason, uncertain and registration', () => {
    const text = cardText(rolloutCards.status(t, language, full));
    expect(text).toContain(t('rollout.status.heading'));
    expect(text).toContain(`${t('rollout.status.facts.group')}: ${full.rollout.groupId}`);
    expect(text).toContain(`${t('rollout.status.facts.invited')}: ${t('rollout.status.ofTotal', { count: full.counts.invited, total: full.counts.total })}`);
    for (const reason of ['done', 'registered', 'alreadyInvited']) expect(text).toContain(t(`rollout.reasons.skipped.${reason}`, { count: 12_345_678 }));
    for (const reason of ['installRefused', 'graphUnavailable', 'noChat', 'blocked', 'sendFailed'] as const) {
      expect(text).toContain(t(`rollout.reasons.failed.${reason}`, { count: full.counts.failed[reason] }));
    }
    expect(text).toContain(`${t('rollout.status.facts.uncertain')}: ${t('rollout.status.uncertain', { count: full.counts.uncertain })}`);
    expect(text).toContain(t('rollout.status.registered.perUser', { count: full.registered.count, checked: full.registered.checked, total: full.counts.total }));
    expect(text).toContain(huge);
    expect(text).toContain(`${t('rollout.status.facts.phase')}: ${t('rollout.status.phase.finishedAt', { time: language === 'nl' ? '1 december om 18:45' : '1 December at 18:45' })}`);
  });

  it('lists every part by its progress label, in the guide order, unknown steps on one line last, then done', () => {
    const text = cardText(rolloutCards.status(t, language, full));
    const { cards } = testCards();
    const lines = full.atStep.flatMap(({ step, count }) => {
      const position = findPosition(step);
      return position ? [t('rollout.status.stepLine', { count, where: cards.progressLabel(t, position) })] : [];
    });
    const expected = [
      t('rollout.status.startedLine', { count: full.started, invited: full.counts.invited }),
      ...lines,
      t('rollout.status.stepLine', { count: 12_345_678, where: t('rollout.status.unknownStep') }),
      t('rollout.status.doneLine', { count: full.done }),
    ];
    expect(text).toContain(expected.join('\n'));
  });

  it('names the most asked and most unresolved questions by their knowledge-base title', () => {
    const text = cardText(rolloutCards.status(t, language, full));
    for (const { intent, count } of [...full.topAsked, ...full.topUnresolved]) {
      expect(text).toContain(t('rollout.status.questionLine', { count, title: knowledgeBase.titleOf(intent, language) }));
    }
    expect(text.indexOf(t('rollout.status.askedHeading'))).toBeLessThan(text.indexOf(t('rollout.status.unresolvedHeading')));
  });

  it.each<[RolloutStatus['registered']['source'], string]>([
    ['report', 'rollout.status.registered.report'],
    ['unavailable', 'rollout.status.registered.unavailable'],
  ])('says where the registration figure comes from: %s', (source, key) => {
    const status: RolloutStatus = { ...full, registered: { source, count: 40, checked: 0 } };
    expect(cardText(rolloutCards.status(t, language, status))).toContain(t(key, { count: 40, checked: 0, total: full.counts.total }));
  });

  it('makes hostile stored data harmless: markdown in a group id or an unknown intent, a phase and source it does not know', () => {
    const status: RolloutStatus = {
      ...full,
      rollout: { ...full.rollout, groupId: '[klik](https://evil.example)', phase: 'exploding' as RolloutPhase, startedAt: 'not a time' },
      registered: { source: 'guessed' as RolloutStatus['registered']['source'], count: 1, checked: 1 },
      topAsked: [{ intent: `**${'x'.repeat(500)}**`, count: 1 }],
      topUnresolved: [],
    };
    const card = rolloutCards.status(t, language, status);
    const text = cardText(card);
    expect(text).not.toContain('](https://');
    expect(text).not.toContain('**x');
    expect(text).not.toContain('x'.repeat(121));
    expect(text).toContain(`${t('rollout.status.facts.phase')}: ${t('rollout.status.phase.unknown')}`);
    expect(text).toContain(t('rollout.status.registered.unavailable'));
    expect(text).toContain(t('rollout.status.noQuestions'));
    expect(JSON.stringify(card.content)).not.toContain('${');
  });

  it.each<[RolloutFailure | undefined, string]>([
    ['notInCatalog', 'rollout.failure.notInCatalog'],
    [undefined, 'rollout.failure.unknown'],
  ])('says under the heading why a stopped rollout stopped (%s), and nothing when it did not', (failure, key) => {
    const stopped = rolloutCards.status(t, language, { ...full, rollout: { ...full.rollout, phase: 'failed', failure } });
    expect(cardText(stopped).split('\n').slice(0, 2)).toEqual([t('rollout.status.heading'), t(key)]);
    expect(cardText(stopped)).toContain(`${t('rollout.status.facts.phase')}: ${t('rollout.status.phase.failed')}`);
    expect(cardText(rolloutCards.status(t, language, full))).not.toContain(t(key));
  });

  it('shows counts that are not whole numbers as 0, never "NaN"', () => {
    const broken = { total: Number.NaN, pending: -1, invited: Infinity, uncertain: 0.5, skipped: { done: Number.NaN }, failed: { blocked: -3 } };
    const status: RolloutStatus = { ...full, counts: broken, started: Number.NaN, done: -2, atStep: [{ step: 'mfasetup.finish', count: Number.NaN }], topAsked: [{ intent: 'x', count: Number.NaN }] };
    const texts = [cardText(rolloutCards.status(t, language, status)), rolloutCards.progressText(t, broken, 'inviting')];
    for (const text of texts) expect(text).not.toMatch(/NaN|Infinity|∞|(^|[\s(])-\d/);
  });

  it('leaves out pending, uncertain and unknown members when there are none, and says when nobody asked anything yet', () => {
    const status: RolloutStatus = {
      ...full,
      counts: { ...counts, pending: 0 },
      topAsked: [],
      topUnresolved: [],
    };
    const text = cardText(rolloutCards.status(t, language, status));
    for (const fact of ['pending', 'uncertain', 'other']) expect(text).not.toContain(`${t(`rollout.status.facts.${fact}`)}:`);
    expect(text.split(t('rollout.status.noQuestions'))).toHaveLength(3);
  });
});
