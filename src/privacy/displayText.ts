/**
 * Text someone else chose that a card shows as a name (a first name, a device's name from Graph): control, format
 * (bidi overrides, zero-width) and line-separator characters become spaces, runs of spaces one, and it is cut to
 * `maxChars` characters without splitting one. Empty after that: undefined.
 */
export function displayText(text: unknown, maxChars: number): string | undefined {
  if (typeof text !== 'string') return undefined;
  const cleaned = text
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const cut = Array.from(cleaned).slice(0, maxChars).join('').trim();
  return cut === '' ? undefined : cut;
}
