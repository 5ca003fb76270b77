/** E-mail addresses, found by expanding around each "@" instead of a backtracking pattern: linear in the text. */

const maxLocal = 64;
const maxDomain = 253;

function isWordChar(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c > '\u007f' && /[\p{L}\p{N}]/u.test(c));
}

const isLocalChar = (c: string) => isWordChar(c) || c === '.' || c === '_' || c === '%' || c === '+' || c === '-';
const isDomainChar = (c: string) => isWordChar(c) || c === '.' || c === '-';

/** "zorgring.nl", "central.zorgring.nl": at least two labels, the last of letters only. */
function isDomain(domain: string): boolean {
  if (domain.length === 0 || domain.length > maxDomain) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((label) => label.length === 0 || label.length > 63 || label.startsWith('-') || label.endsWith('-'))) return false;
  return /^\p{L}{2,24}$/u.test(labels[labels.length - 1]);
}

/** The whole text is one address ("jan.jansen@zorgring.nl"). */
export function isEmailAddress(text: string): boolean {
  const at = text.indexOf('@');
  if (at <= 0 || at > maxLocal || text.indexOf('@', at + 1) !== -1) return false;
  for (let i = 0; i < at; i++) if (!isLocalChar(text[i])) return false;
  return !text.startsWith('.') && isDomain(text.slice(at + 1));
}

/** Replaces every plain address in the text by `mask`; `found` tells whether there was one. */
export function maskPlainEmails(text: string, mask: string): { text: string; found: boolean } {
  let out = '';
  let copied = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    // Both expansions stop at the neighbouring "@", so every character is looked at a bounded number of times.
    let left = at;
    while (left > copied && at - left < maxLocal && isLocalChar(text[left - 1])) left--;
    while (left < at && text[left] === '.') left++;
    let right = at + 1;
    while (right < text.length && right - at <= maxDomain && isDomainChar(text[right])) right++;
    while (right > at + 1 && (text[right - 1] === '.' || text[right - 1] === '-')) right--;
    if (left === at || !isDomain(text.slice(at + 1, right))) continue;
    out += text.slice(copied, left) + mask;
    copied = right;
    at = right - 1;
  }
  return copied === 0 ? { text, found: false } : { text: out + text.slice(copied), found: true };
}
