import type { Logger } from '../core/logger';
import type { KbEvent } from '../events/eventLog';
import type { UserDirectory } from '../graph/directory';
import type { RolloutGraph } from '../graph/rollout';
import type { Rollout, RolloutMember, RolloutStatus } from './model';
import type { PeopleStore } from './peopleStore';
import type { RolloutStore } from './rolloutStore';
import { summariseRollout, topQuestions } from './rolloutStatus';

export interface RolloutStatusQueryDeps {
  store: RolloutStore;
  people: PeopleStore;
  graph: RolloutGraph;
  directory: UserDirectory;
  /** The knowledge-base events since a time (eventsSince on the store). */
  events: (since: string) => Promise<KbEvent[]>;
  logger: Logger;
  now?: () => Date;
  /** Without the report's licence: how many members one "status" looks up one by one (the identity bucket: 5 per 10 s). */
  perUserChecks?: number;
  /** A per-user finding older than this is looked up again. */
  findingMaxAgeMs?: number;
}

const day = 24 * 60 * 60 * 1000;
const reportMaxAgeMs = 15 * 60 * 1000;

/**
 * The "status" card's figures for the latest rollout: its members' states, where those who started are in the guide,
 * how many are registered for MFA according to Graph, and the questions asked since it started. Without the report's
 * licence each request looks a few more members up one by one, within the throttle budget, and keeps their findings on
 * the member record, so the figure grows with each "status" instead of costing Graph's whole budget at once.
 */
export class RolloutStatusQuery {
  constructor(private readonly deps: RolloutStatusQueryDeps) {}

  async latest(): Promise<RolloutStatus | undefined> {
    const rollout = await this.deps.store.latest();
    if (!rollout) return undefined;
    const members = await this.deps.store.members(rollout.id);
    const [people, registered, events] = await Promise.all([
      this.deps.people.getMany(members.map((member) => member.id)),
      this.registered(rollout, members),
      this.deps.events(rollout.startedAt),
    ]);
    const { asked, unresolved } = topQuestions(events, rollout.startedAt);
    return summariseRollout({ rollout, members, people, registered, asked, unresolved });
  }

  /**
   * From the report (read at most every 15 minutes, and its count kept on the rollout: the report's pages cost the
   * identity budget that users' Step 2 checks need), or without the licence member by member.
   */
  private async registered(rollout: Rollout, members: RolloutMember[]): Promise<RolloutStatus['registered']> {
    if (!this.deps.graph.enabled) return { source: 'unavailable', count: 0, checked: 0 };
    const now = this.deps.now?.() ?? new Date();
    if (rollout.report && now.getTime() - Date.parse(rollout.report.at) < reportMaxAgeMs) {
      return { source: 'report', count: rollout.report.registered, checked: members.length };
    }
    // The listing found the tenant without the licence: no need to ask again.
    const report = rollout.registration === 'noLicence' ? ({ kind: 'unavailable', reason: 'noLicence' } as const) : await this.deps.graph.registrationReport('mfaRegistered', { timeoutMs: 20_000 });
    if (report.kind === 'report') {
      const ids = new Set(report.registrations.filter((line) => line.isMfaRegistered).map((line) => line.id));
      const registered = members.filter((member) => ids.has(member.id)).length;
      await this.deps.store.update(rollout.id, (current) => ({ ...current, report: { registered, at: now.toISOString() } }));
      return { source: 'report', count: registered, checked: members.length };
    }
    if (report.reason !== 'noLicence') return { source: 'unavailable', count: 0, checked: 0 };
    await this.checkSome(rollout, members);
    const fresh = await this.deps.store.members(rollout.id);
    const checked = fresh.filter((member) => member.mfa);
    return { source: 'perUser', count: checked.filter((member) => member.mfa?.registered).length, checked: checked.length };
  }

  /** Looks up the members with no recent finding, a few per request (oldest finding first), and keeps what Graph said. */
  private async checkSome(rollout: Rollout, members: RolloutMember[]): Promise<void> {
    const now = this.deps.now?.() ?? new Date();
    const maxAge = this.deps.findingMaxAgeMs ?? day;
    const due = members
      .filter((member) => !member.mfa || now.getTime() - Date.parse(member.mfa.at) > maxAge)
      .sort((a, b) => Date.parse(a.mfa?.at ?? '') - Date.parse(b.mfa?.at ?? '') || (a.mfa ? 1 : -1) || a.id.localeCompare(b.id))
      .slice(0, this.deps.perUserChecks ?? 5);
    for (const member of due) {
      const finding = await this.deps.directory.authenticator(member.id, { fresh: true });
      if (finding.kind === 'unavailable') {
        // Throttled or down: the rest waits for the next "status".
        this.deps.logger.info('rollout status: per-user check stopped', { reason: finding.reason });
        break;
      }
      const at = new Date().toISOString();
      await this.deps.store.updateMember(rollout.id, member.id, (current) => ({ ...current, mfa: { registered: finding.kind === 'registered', at } }));
    }
  }
}
