/**
 * ISO 8601 weeks in UTC: a week runs from Monday 00:00:00Z to the next Monday 00:00:00Z, and belongs to the ISO
 * week-year of its Thursday, so 29 December 2025 opens 2026-W01 and 1 January 2027 closes 2026-W53.
 */
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** "2026-W48": ISO 8601 week date, extended format without a day. */
export const WEEK_ID = /^(\d{4})-W(\d{2})$/;

export interface IsoWeek {
  id: string;
  year: number;
  week: number;
  /** Epoch ms of Monday 00:00:00Z, inclusive. */
  startMs: number;
  /** Epoch ms of the next Monday 00:00:00Z, exclusive. */
  endMs: number;
}

/** Monday 00:00Z of ISO week 1 of `year`: the week that holds 4 January. */
function firstMonday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
  return jan4 - weekday * DAY_MS;
}

function make(year: number, week: number): IsoWeek {
  const startMs = firstMonday(year) + (week - 1) * WEEK_MS;
  return { id: `${year}-W${String(week).padStart(2, '0')}`, year, week, startMs, endMs: startMs + WEEK_MS };
}

/** Weeks in an ISO week-year: 53 when it has 53 Thursdays, otherwise 52. */
export function weeksInYear(year: number): number {
  return (firstMonday(year + 1) - firstMonday(year)) / WEEK_MS;
}

/** The ISO week that holds the instant `ms`. */
export function weekOf(ms: number): IsoWeek {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  const thursday = day + (3 - weekday) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  return make(year, Math.floor((thursday - firstMonday(year)) / WEEK_MS) + 1);
}

/** The week an id names, or null when it is not one ("2026-W54", "2026-W00", "26-W1"). */
export function parseWeek(id: string): IsoWeek | null {
  const match = WEEK_ID.exec(id);
  if (!match) return null;
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (year < 2000 || week < 1 || week > weeksInYear(year)) return null;
  return make(year, week);
}

/** "23–29 November 2026", or across months and years "29 December 2025 – 4 January 2026". */
export function weekLabel(week: IsoWeek, locale = 'en-GB'): string {
  const day = (ms: number, parts: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...parts }).format(new Date(ms));
  const last = week.endMs - DAY_MS;
  const full = { day: 'numeric', month: 'long', year: 'numeric' } as const;
  const a = new Date(week.startMs);
  const b = new Date(last);
  if (a.getUTCFullYear() !== b.getUTCFullYear()) return `${day(week.startMs, full)} – ${day(last, full)}`;
  if (a.getUTCMonth() !== b.getUTCMonth())
    return `${day(week.startMs, { day: 'numeric', month: 'long' })} – ${day(last, full)}`;
  return `${a.getUTCDate()}–${day(last, full)}`;
}
