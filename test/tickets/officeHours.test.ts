import { OfficeHoursClock } from '../../src/tickets/officeHours';

const hours = { open: '08:00', close: '17:00', days: [1, 2, 3, 4, 5], timeZone: 'Europe/Amsterdam' };
const clock = new OfficeHoursClock(hours);

describe('office hours, in the servicedesk\'s time zone', () => {
  it.each([
    ['a Monday morning in winter (UTC+1)', '2026-11-23T07:30:00Z', true],
    ['just before opening', '2026-11-23T06:59:00Z', false],
    ['at closing time', '2026-11-27T16:00:00Z', false],
    ['a Tuesday afternoon in summer (UTC+2)', '2026-07-07T14:59:00Z', true],
    ['07:30 UTC in summer is already 09:30 there', '2026-07-07T07:30:00Z', true],
    ['a Saturday', '2026-11-28T10:00:00Z', false],
  ])('%s', (_name, at, open) => {
    expect(clock.isOpen(new Date(at))).toBe(open);
  });

  it.each([
    ['before opening: today', '2026-11-23T05:00:00Z', { inDays: 0, weekday: 1, time: '08:00' }],
    ['after closing on Thursday: tomorrow', '2026-11-26T18:00:00Z', { inDays: 1, weekday: 5, time: '08:00' }],
    ['on Friday evening: Monday', '2026-11-27T20:00:00Z', { inDays: 3, weekday: 1, time: '08:00' }],
    ['late on Sunday in Amsterdam (Sunday 23:30 UTC is Monday 00:30 there): today', '2026-11-29T23:30:00Z', { inDays: 0, weekday: 1, time: '08:00' }],
  ])('next opening %s', (_name, at, next) => {
    expect(clock.nextOpening(new Date(at))).toEqual(next);
  });

  it('is open around the clock with 00:00–24:00 on every day', () => {
    const always = new OfficeHoursClock({ ...hours, open: '00:00', close: '24:00', days: [0, 1, 2, 3, 4, 5, 6] });
    for (const at of ['2026-11-28T23:59:00Z', '2026-11-29T00:00:00Z', '2026-07-05T12:00:00Z']) expect(always.isOpen(new Date(at))).toBe(true);
  });

  it('has no next opening when no day is configured', () => {
    expect(new OfficeHoursClock({ ...hours, days: [] }).nextOpening(new Date('2026-11-23T05:00:00Z'))).toBeUndefined();
  });
});
