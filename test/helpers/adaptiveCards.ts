/** The adaptivecards SDK in Node: its ESM main does not load there, the UMD bundle does. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js');

export interface ParseIssue {
  phase: string;
  message: string;
}

/** Parses a card for Adaptive Cards 1.2 (what Teams mobile renders); returns every warning and error. */
export function parseForTeamsMobile(card: object): ParseIssue[] {
  const context = new AC.SerializationContext();
  context.targetVersion = AC.Versions.v1_2;
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, context);
  const issues: ParseIssue[] = [];
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    issues.push({ phase: String(event.phase), message: event.message });
  }
  for (const failure of parsed.validateProperties().failures ?? []) {
    for (const error of failure.errors) issues.push({ phase: 'validate', message: error.message });
  }
  return issues;
}
