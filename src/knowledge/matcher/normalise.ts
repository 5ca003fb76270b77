/**
 * Text normalisation before matching: case, accents, and the numbers that carry meaning here
 * (error codes, percentages, verification codes, phone numbers) turned into stable tokens.
 */
export function normalise(text: string): string {
  return (
    ` ${text} `
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      // AADSTS50105, aadsts 50105 -> aadsts50105
      .replace(/\baadsts\s*(\d{4,6})\b/g, ' aadsts$1 ')
      // 98%, 98 %, 98 procent, 98 percent -> pct98 percent
      .replace(/\b(\d{1,3})\s*(?:%|procent|percent|pct)(?=\W)/g, ' pct$1 percent ')
      // -7200, (-7200), error 7200 -> err7200
      .replace(/(?:^|\s|\()-\s?(\d{3,5})\b/g, ' err$1 ')
      .replace(/\b(?:error|fout|foutcode|code|melding)\s+(7200|\d{4,5})\b(?!\d)/g, ' err$1 ')
      // +31 6 12345678, 0612345678 -> numphone
      .replace(/(?:\+\d{2}[\s-]?|\b0)6[\s-]?\d{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?\d{2}\b/g, ' numphone ')
      // 6 to 8 digits: a verification or SMS code -> numcode
      .replace(/\b\d{6,8}\b/g, ' numcode ')
      .replace(/[’`]/g, "'")
      .replace(/[^a-z0-9' ]+/g, ' ')
      .replace(/'(?=\s)|(?<=\s)'/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
