import type { i18n } from 'i18next';
import type { AppConfig } from '../config';
import type { Logger } from '../core/logger';
import type { TabAnswer, TabApi } from '../bot/http/tabRoutes';
import type { AgentDirectory } from '../bot/memberDirectory';
import { TeamMembership, type TeamMembershipDeps } from '../bot/teamMembership';
import type { GuideCards } from '../cards/guideCards';
import { eventsSince } from '../events/storageEventLog';
import { findPosition } from '../guide/setupGuide';
import { translatorFor, type Translator } from '../i18n/translator';
import { languages, type Language } from '../i18n/language';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { RolloutStatus } from '../rollout/model';
import { topQuestions, wholeCount, type IntentCount } from '../rollout/rolloutStatus';
import type { RolloutStatusQuery } from '../rollout/rolloutStatusQuery';
import type { BotStorage } from '../storage/botStorage';
import type { ServicedeskChannelStore } from '../tickets/servicedeskChannel';
import { listTickets } from '../tickets/ticketStore';
import type { DashboardBody, DashboardFunnel, DashboardRefusal } from './dashboardAnswer';
import { queueOf, ticketCounts } from './dashboardFigures';
import { createSsoVerifier, type SsoVerifier } from './ssoToken';

export interface DashboardDeps {
  config: Pick<AppConfig, 'tabs' | 'handoff' | 'organisation' | 'botAuth'>;
  adapter: TeamMembershipDeps['adapter'];
  agents: AgentDirectory;
  channel: Pick<ServicedeskChannelStore, 'get'>;
  storage: Pick<BotStorage, 'keys' | 'read'>;
  rollout: Pick<RolloutStatusQuery, 'latest'>;
  knowledgeBase: Pick<KnowledgeBase, 'titleOf'>;
  cards: Pick<GuideCards, 'progressLabel'>;
  i18n: i18n;
  logger: Logger;
  now?: () => Date;
  /** The token check; built from config.tabs.sso by default. */
  verify?: SsoVerifier;
}

const questionWindowMs = 7 * 24 * 60 * 60 * 1000;
const rolloutCacheMs = 25_000;
/** The labels the page itself places (headings, column headers, the button); the rest come as ready texts. */
const pageLabels = [
  'heading', 'devMode', 'refresh',
  'tickets.heading', 'tickets.caption', 'tickets.none', 'tickets.number', 'tickets.user', 'tickets.status', 'tickets.agent', 'tickets.since', 'tickets.waited',
  'counts.heading', 'counts.today', 'counts.week',
  'funnel.heading', 'funnel.caption', 'funnel.stage', 'funnel.people',
  'questions.heading', 'questions.asked', 'questions.unresolved', 'questions.question', 'questions.count', 'questions.none',
] as const;
const refusalLabels = ['heading'] as const;

const labelsOf = (t: Translator, keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, t(`tabs.dashboard.${key}`)]));
const localeOf = (language: Language) => (language === 'nl' ? 'nl-NL' : 'en-GB');

/** `?lang=` (a Teams locale such as en-US, or nl), else the servicedesk's language. */
function languageOf(query: URLSearchParams, fallback: Language): Language {
  const asked = (query.get('lang') ?? '').slice(0, 2).toLowerCase();
  return (languages as readonly string[]).includes(asked) ? (asked as Language) : fallback;
}

/**
 * The servicedesk dashboard's API: a valid Teams SSO token of a member of the servicedesk team (or, in development
 * mode, no token at all) gets the queue, the ticket counts, the latest rollout's funnel and the top questions.
 */
export function createDashboardApi(deps: DashboardDeps): TabApi {
  const { config, logger } = deps;
  const sso = config.tabs.sso;
  const verify = deps.verify ?? createSsoVerifier(sso);
  const now = () => deps.now?.() ?? new Date();
  const membership = new TeamMembership({ adapter: deps.adapter, appId: config.botAuth.MicrosoftAppId, channel: deps.channel, agents: deps.agents, logger }, () => now().getTime());
  const timeZone = config.organisation.servicedesk.hours.timeZone;
  // Every open dashboard asks every 30 seconds; the rollout's figures (which may ask Graph) are shared for that long.
  let rolloutFigures: { until: number; status: Promise<RolloutStatus | undefined> } | undefined;
  const latestRollout = () => {
    const at = now().getTime();
    if (!rolloutFigures || rolloutFigures.until <= at) {
      const status = deps.rollout.latest();
      rolloutFigures = { until: at + rolloutCacheMs, status };
      status.catch(() => (rolloutFigures = undefined));
    }
    return rolloutFigures.status;
  };

  const refused = (t: Translator, status: 401 | 403 | 503, reason: string): TabAnswer => {
    const code = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : 'unavailable';
    const message = t(`tabs.dashboard.refused.${status === 401 ? 'unauthorized' : status === 503 ? 'unavailable' : reason}`);
    const body: DashboardRefusal = { code, reason, message, labels: labelsOf(t, refusalLabels) };
    const headers: Record<string, string> | undefined = status === 401 ? { 'www-authenticate': `Bearer error="invalid_token"` } : status === 503 ? { 'retry-after': '30' } : undefined;
    return { status, body, headers };
  };

  return async ({ query, authorization, viaProxy }) => {
    const language = languageOf(query, config.handoff.agentLanguage);
    const t = translatorFor(deps.i18n, language);
    // Never through a proxy or tunnel (it would put the development mode on the internet).
    const devUser = sso.devMode && !authorization?.trim() && !viaProxy;
    let signedInAs: string | undefined;
    if (!devUser) {
      const outcome = await verify(authorization);
      if (!outcome.ok) {
        logger.warn('dashboard token refused', { reason: outcome.reason });
        // Entra's keys out of reach is no fault of the token: try again later.
        return refused(t, outcome.reason === 'keysUnavailable' ? 503 : 401, outcome.reason);
      }
      const member = await membership.check(outcome.user.oid);
      if (!member.member) {
        logger.warn('dashboard refused: not in the servicedesk team', { reason: member.reason });
        return refused(t, member.reason === 'teamsUnavailable' ? 503 : 403, member.reason);
      }
      signedInAs = outcome.user.name ? t('tabs.dashboard.signedInAs', { name: outcome.user.name }) : undefined;
    }
    const body = await figures(deps, latestRollout, t, language, now(), timeZone);
    return { status: 200, body: { ...body, devMode: devUser, signedInAs } satisfies DashboardBody };
  };
}

async function figures(deps: DashboardDeps, latestRollout: () => Promise<RolloutStatus | undefined>, t: Translator, language: Language, now: Date, timeZone: string): Promise<Omit<DashboardBody, 'devMode' | 'signedInAs'>> {
  const since = new Date(now.getTime() - questionWindowMs).toISOString();
  const [tickets, status, events] = await Promise.all([listTickets(deps.storage), latestRollout(), eventsSince(deps.storage, since)]);
  const locale = localeOf(language);
  const time = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short' });
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(now);
  const sinceText = (at: Date) => (new Intl.DateTimeFormat('en-CA', { timeZone }).format(at) === today ? time : dateTime).format(at);
  const duration = (minutes: number) =>
    minutes < 60 ? t('tabs.dashboard.minutes', { count: minutes }) : t('tabs.dashboard.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
  const { asked, unresolved } = topQuestions(events, since);
  const lines = (counts: IntentCount[]) => counts.map(({ intent, count }) => ({ intent, title: deps.knowledgeBase.titleOf(intent, language), count }));
  return {
    language,
    labels: labelsOf(t, pageLabels),
    updated: t('tabs.dashboard.updated', { time: time.format(now) }),
    tickets: queueOf(tickets, now).map((ticket) => ({
      id: ticket.id,
      state: ticket.state,
      stateText: t(`tabs.dashboard.tickets.${ticket.state}`),
      user: ticket.userName,
      agent: ticket.agentName ?? t('tabs.dashboard.tickets.nobody'),
      since: sinceText(new Date(ticket.createdAt)),
      createdAt: ticket.createdAt,
      waited: duration(ticket.minutesOpen),
      minutesOpen: ticket.minutesOpen,
    })),
    counts: ticketCounts(tickets, now, timeZone),
    funnel: status ? funnelOf(deps, t, status, dateTime) : { none: t('tabs.dashboard.funnel.none') },
    questions: { asked: lines(asked), unresolved: lines(unresolved) },
  };
}

/** Invited, started, where those under way are (per part of the guide, in its order), done, and registered. */
function funnelOf(deps: DashboardDeps, t: Translator, status: RolloutStatus, dateTime: Intl.DateTimeFormat): DashboardFunnel {
  const stages: DashboardFunnel['stages'] = [
    { key: 'invited', label: t('tabs.dashboard.funnel.invited'), count: wholeCount(status.counts.invited) },
    { key: 'started', label: t('tabs.dashboard.funnel.started'), count: wholeCount(status.started) },
  ];
  let unknown = 0;
  for (const { step, count } of status.atStep) {
    const position = findPosition(step);
    if (!position) {
      unknown += wholeCount(count);
      continue;
    }
    const label = deps.cards.progressLabel(t, position);
    const same = stages.find((stage) => stage.key === `step:${label}`);
    if (same) same.count += wholeCount(count);
    else stages.push({ key: `step:${label}`, label, count: wholeCount(count) });
  }
  if (unknown > 0) stages.push({ key: 'unknown', label: t('tabs.dashboard.funnel.unknownStep'), count: unknown });
  stages.push({ key: 'done', label: t('tabs.dashboard.funnel.done'), count: wholeCount(status.done) });
  const started = Date.parse(status.rollout.startedAt);
  const registered =
    status.registered.source === 'unavailable'
      ? { label: t('tabs.dashboard.funnel.registeredUnknown') }
      : { label: t('tabs.dashboard.funnel.registered'), count: wholeCount(status.registered.count) };
  return { rollout: t('tabs.dashboard.funnel.rollout', { date: Number.isFinite(started) ? dateTime.format(started) : '' }), stages, registered };
}
