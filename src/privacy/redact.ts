const passwordWord = /\b(wachtwoord|wachtwoordt|password|passwd|pwd|pincode|ww)(\s*(?:is|was|=|:)\s*)\S+/gi;
const email = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const phone = /(?:\+\d{1,3}[\s-]?)?(?:\(0\)[\s-]?)?\d(?:[\s-]?\d){8,}/g;
const verificationCode = /\b\d{6,8}\b/g;
// A token mixing letters with digits and capitals or symbols ("Geheim123!") looks like a password.
const passwordLike = /(?<!\S)(?=\S*[A-Za-z])(?=\S*\d)(?=\S*[A-Z!@#$%^&*_+=?])(?!AADSTS\d+\b)\S{6,}/g;

/**
 * Masks what must never reach a log or a record: verification codes (6–8 digits), phone numbers,
 * e-mail addresses, what follows "wachtwoord is", and tokens that look like a password.
 */
export function redact(text: string): string {
  return text
    .replace(passwordWord, '$1$2[wachtwoord]')
    .replace(email, '[e-mail]')
    .replace(phone, '[telefoon]')
    .replace(verificationCode, '[code]')
    .replace(passwordLike, '[wachtwoord]');
}

/** True when the text holds something that looks like a verification code or a password. */
export function containsSecret(text: string): boolean {
  const masked = text.replace(passwordWord, '$1$2[wachtwoord]').replace(email, ' ').replace(phone, ' ');
  return /\[wachtwoord\]/.test(masked) || new RegExp(verificationCode.source).test(masked) || new RegExp(passwordLike.source).test(masked);
}
