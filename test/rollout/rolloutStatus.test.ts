import type { KbEvent } from '../../src/events/eventLog';
import type { MemberState, Person, Rollout, RolloutMember } from '../../src/rollout/model';
import { countMembers, summariseRollout, topQuestions } from '../../src/rollout/rolloutStatus';

const at = '2026-12-01T09:00:00.000Z';
const rollout: Rollout = {
  id: 'r1',
  groupId: '0b7c5c1e-1111-4222-8333-944455556666',
  startedAt: at,
  channel: { conversation: { id: '19:sd@thread.tacv2', isGroup: true, conversationType: 'channel', name: '' } },
  phase: 'inviting',
};

const member = (id: string, state: MemberState, reason?: RolloutMember['reason']): RolloutMember => ({ id, state, reason, at });
const noQuestions = { asked: [], unresolved: [] };
const registered = { source: 'report' as const, count: 3, checked: 0 };

describe('countMembers', () => {
  it('counts per state, skipped and failed per reason, sending as pending', () => {
    const counts = countMembers([
      member('a', 'pending'),
      member('b', 'sending'),
      member('c', 'invited'),
      member('d', 'invited'),
      member('e', 'uncertain'),
      member('f', 'skipped', 'done'),
      member('g', 'skipped', 'registered'),
      member('h', 'skipped', 'registered'),
      member('i', 'failed', 'blocked'),
      member('j', 'failed', 'installRefused'),
    ]);
    expect(counts).toEqual({
      total: 10,
      pending: 2,
      invited: 2,
      uncertain: 1,
      skipped: { done: 1, registered: 2 },
      failed: { blocked: 1, installRefused: 1 },
    });
  });

  it('counts a state or reason it does not know as other, so the parts still add up to the total', () => {
    const counts = countMembers([
      member('a', 'exploded' as MemberState),
      member('b', 'skipped', 'blocked'),
      member('c', 'failed'),
      member('d', 'failed', '__proto__' as RolloutMember['reason']),
    ]);
    expect(counts).toEqual({ total: 4, pending: 0, invited: 0, uncertain: 0, skipped: {}, failed: {}, other: 4 });
  });

  it('counts the job\'s installed state as pending and its alreadyInvited reason as skipped', () => {
    const counts = countMembers([member('a', 'installed'), member('b', 'skipped', 'alreadyInvited')]);
    expect(counts).toEqual({ total: 2, pending: 1, invited: 0, uncertain: 0, skipped: { alreadyInvited: 1 }, failed: {} });
  });

  it('counts 100,000 members in one pass', () => {
    const members = Array.from({ length: 100_000 }, (_, i) => member(`m${i}`, i % 2 ? 'invited' : 'skipped', i % 2 ? undefined : 'done'));
    const counts = countMembers(members);
    expect([counts.total, counts.invited, counts.skipped.done]).toEqual([100_000, 50_000, 50_000]);
  });
});

describe('summariseRollout', () => {
  const people = new Map<string, Person>([
    ['a', { step: 'mfasetup.scanQrCode' }],
    ['b', { step: 'authenticator.installApp' }],
    ['c', { step: 'mfasetup.scanQrCode' }],
    ['d', { step: 'done.done', completed: true }],
    ['e', { step: 'some.futureStep' }],
    ['f', { step: 'another.unknown' }],
    ['g', {}],
    // Not invited by this rollout (skipped as done before): not counted as started.
    ['s', { step: 'mfasetup.finish' }],
  ]);
  const members = [...'abcdefgh'].map((id) => member(id, 'invited')).concat(member('s', 'skipped', 'done'));

  it('counts started (a step or completed), per step in the guide order with unknown keys last, and done', () => {
    const status = summariseRollout({ rollout, members, people, registered, ...noQuestions });
    expect(status.started).toBe(6);
    expect(status.done).toBe(1);
    expect(status.atStep).toEqual([
      { step: 'authenticator.installApp', count: 1 },
      { step: 'mfasetup.scanQrCode', count: 2 },
      { step: 'another.unknown', count: 1 },
      { step: 'some.futureStep', count: 1 },
    ]);
    expect(status.counts).toEqual(countMembers(members));
    expect(status.rollout).toEqual({ id: 'r1', groupId: rollout.groupId, startedAt: at, phase: 'inviting', finishedAt: undefined, failure: undefined });
  });

  it('cuts the top lists to 5, most first, ties by intent id, repeats added up and empty counts left out', () => {
    const asked = [
      { intent: 'f', count: 1 },
      { intent: 'b', count: 7 },
      { intent: 'a', count: 7 },
      { intent: 'c', count: 2 },
      { intent: 'd', count: 1 },
      { intent: 'e', count: 1 },
      { intent: 'c', count: 6 },
      { intent: 'z', count: 0 },
      { intent: 'y', count: Number.NaN },
    ];
    const status = summariseRollout({ rollout, members: [], people: new Map(), registered, asked, unresolved: asked.slice(0, 2) });
    expect(status.topAsked).toEqual([
      { intent: 'c', count: 8 },
      { intent: 'a', count: 7 },
      { intent: 'b', count: 7 },
      { intent: 'd', count: 1 },
      { intent: 'e', count: 1 },
    ]);
    expect(status.topUnresolved).toEqual([
      { intent: 'b', count: 7 },
      { intent: 'f', count: 1 },
    ]);
  });

  it('passes the registration figures on, made whole numbers', () => {
    const status = summariseRollout({ rollout, members: [], people: new Map(), registered: { source: 'perUser', count: -4, checked: 12.7 }, ...noQuestions });
    expect(status.registered).toEqual({ source: 'perUser', count: 0, checked: 12 });
  });
});

describe('topQuestions', () => {
  const before = '2026-12-01T08:59:59.999Z';
  const events: KbEvent[] = [
    { type: 'kb.question', question: 'q1', at, lang: 'nl', text: 'qr', intent: 'auth_qr_scant_niet', score: 0.9, decision: 'answer', alternatives: [] },
    { type: 'kb.question', question: 'q2', at, lang: 'nl', text: 'qr', intent: 'auth_qr_scant_niet', score: 0.9, decision: 'answer', alternatives: [] },
    { type: 'kb.question', question: 'q3', at, lang: 'nl', text: 'sms', intent: 'mfa_sms_niet_ontvangen', score: 0.5, decision: 'choose', alternatives: [] },
    { type: 'kb.question', question: 'q4', at, lang: 'nl', text: '?', intent: null, score: 0, decision: 'none', alternatives: [] },
    { type: 'kb.choice', question: 'q3', at, intent: 'mfa_sms_niet_ontvangen', from: 'suggestions' },
    { type: 'kb.feedback', question: 'q1', at, intent: 'auth_qr_scant_niet', solved: false },
    { type: 'kb.feedback', question: 'q5', at, intent: 'mfa_geen_getal', solved: true },
    { type: 'kb.feedback', question: 'q6', at, solved: false },
    // Before the rollout started, or at a time that cannot be read: not counted.
    { type: 'kb.question', question: 'q0', at: before, lang: 'nl', text: 'x', intent: 'fc_versie', score: 1, decision: 'answer', alternatives: [] },
    { type: 'kb.feedback', question: 'q0', at: before, intent: 'fc_versie', solved: false },
    { type: 'kb.choice', at: 'yesterday', intent: 'fc_versie', from: 'problems' },
  ];

  it('counts answered questions and picks as asked, "not solved" as unresolved, from the start on', () => {
    expect(topQuestions(events, at)).toEqual({
      asked: [
        { intent: 'auth_qr_scant_niet', count: 2 },
        { intent: 'mfa_sms_niet_ontvangen', count: 1 },
      ],
      unresolved: [{ intent: 'auth_qr_scant_niet', count: 1 }],
    });
  });

  it('keeps to the limit, and counts nothing when the start cannot be read', () => {
    expect(topQuestions(events, before, 1).asked).toEqual([{ intent: 'auth_qr_scant_niet', count: 2 }]);
    expect(topQuestions(events, at, 0)).toEqual({ asked: [], unresolved: [] });
    expect(topQuestions(events, 'not a time')).toEqual({ asked: [], unresolved: [] });
  });

  it('takes many intents and cuts them to 5', () => {
    const many: KbEvent[] = Array.from({ length: 50 }, (_, i) => ({ type: 'kb.choice', at, intent: `intent_${String(i).padStart(2, '0')}`, from: 'problems' }));
    expect(topQuestions(many, at).asked.map((entry) => entry.intent)).toEqual(['intent_00', 'intent_01', 'intent_02', 'intent_03', 'intent_04']);
  });
});
