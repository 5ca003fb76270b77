// Characters that show nothing, pasted or typed inside a code or word to slip it past a filter:
// soft hyphen, zero-width space/joiners/marks, bidi controls, word joiner and invisible operators, BOM.
// The combining grapheme joiner (U+034F) stands outside the class, where it cannot look joined to a neighbour.
const invisible = /\u034f|[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/**
 * The form masking looks at: invisible characters removed, then NFKC, which turns full-width
 * digits (７３１９０４) and letters, ligatures and odd spaces into their plain forms. Linear.
 */
export function normaliseForMasking(text: string): string {
  return text.replace(invisible, '').normalize('NFKC');
}
