const invisibleBreak = '\u200b';

/**
 * Text from a person (a display name, what a user typed, an agent's note) made inert for the markdown
 * Teams renders in cards and messages, before it goes in. Emphasis and code marks get a backslash;
 * links are broken with an invisible space between the two characters every parser needs side by side
 * ("](", "<https", "://", "www."), because not every Teams client honours a backslash.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\*_~`]/g, '\\$&')
    .replace(/\]/g, `]${invisibleBreak}`)
    .replace(/</g, `<${invisibleBreak}`)
    .replace(/:\/\//g, `:${invisibleBreak}//`)
    .replace(/\b(www)\./gi, `$1${invisibleBreak}.`);
}
