import type { OfficeHours } from '../config';

/** When the servicedesk opens next, seen from the servicedesk's own time zone. */
export interface NextOpening {
  /** 0 = later today, 1 = tomorrow, … */
  inDays: number;
  /** Weekday of the opening, 0 = Sunday. */
  weekday: number;
  time: string;
}

const weekdayIndex: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** Opening hours as a pure function of the clock, in the servicedesk's time zone (not the server's). */
export class OfficeHoursClock {
  private readonly format: Intl.DateTimeFormat;

  constructor(
    readonly hours: OfficeHours,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.format = new Intl.DateTimeFormat('en-GB', { timeZone: hours.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }

  /** Weekday and "HH:MM" of a moment in the servicedesk's time zone. */
  local(at: Date = this.now()): { weekday: number; time: string } {
    const parts = Object.fromEntries(this.format.formatToParts(at).map((part) => [part.type, part.value]));
    return { weekday: weekdayIndex[parts.weekday], time: `${parts.hour}:${parts.minute}` };
  }

  isOpen(at: Date = this.now()): boolean {
    const { weekday, time } = this.local(at);
    return this.hours.days.includes(weekday) && time >= this.hours.open && time < this.hours.close;
  }

  /** The next opening after `at`; undefined when the servicedesk has no opening days at all. */
  nextOpening(at: Date = this.now()): NextOpening | undefined {
    const { weekday, time } = this.local(at);
    for (let inDays = 0; inDays <= 7; inDays++) {
      const day = (weekday + inDays) % 7;
      if (!this.hours.days.includes(day)) continue;
      if (inDays === 0 && time >= this.hours.open) continue;
      return { inDays, weekday: day, time: this.hours.open };
    }
    return undefined;
  }
}
