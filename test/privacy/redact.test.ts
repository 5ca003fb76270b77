import { containsSecret, redact } from '../../src/privacy/redact';

// [input, expected output, is it a secret (code or password)?]
const masked: Array<[string, string, boolean]> = [
  // Verification codes, as Authenticator and SMS show them and as people type them.
  ['mijn code 483920 werkt niet', 'mijn code [code] werkt niet', true],
  ['de code is 731 904', 'de code is [code]', true],
  ['731-904', '[code]', true],
  ['code619283', 'code[code]', true],
  ['code: 619283', 'code: [code]', true],
  ['sms:731904', 'sms:[code]', true],
  ['de code is 12 34 56', 'de code is [code]', true],
  ['8 cijfers: 1234 5678', '8 cijfers: [code]', true],
  ['(731 904)', '([code])', true],
  ["mijn code is '731 904'", "mijn code is '[code]'", true],
  ['ik zit op stap 2 en de code 123 456 werkt niet', 'ik zit op stap 2 en de code [code] werkt niet', true],
  ['７３１９０４', '[code]', true],
  ['７３１ ９０４', '[code]', true],
  ['731\u200b904', '[code]', true],
  ['73\u200d19\u206004', '[code]', true],
  ['\ufeff731904', '[code]', true],
  ['731\u00ad904 klopt niet', '[code] klopt niet', true],
  ['code\u00a0731\u00a0904', 'code [code]', true],
  // Phone numbers (personal data, not secrets).
  ['bel me op 06-12345678', 'bel me op [telefoon]', false],
  ['+31 6 1234 5678 is mijn nummer', '[telefoon] is mijn nummer', false],
  ['bel +31 (0)6 1234 5678.', 'bel [telefoon].', false],
  ['mijn nummer is 06 12 34 56 78', 'mijn nummer is [telefoon]', false],
  ['0612345678', '[telefoon]', false],
  ['bel 020-1234567', 'bel [telefoon]', false],
  // Passwords after the word that announces them, in any case, of one or several words.
  ['mijn wachtwoord is Geheim123! en nu?', 'mijn wachtwoord is [wachtwoord] en nu?', true],
  ['password: hunter2', 'password: [wachtwoord]', true],
  ['mijn wachtwoord is paard batterij nietje', 'mijn wachtwoord is [wachtwoord]', true],
  ['mijn wachtwoord is paard batterij nietje en het werkt niet', 'mijn wachtwoord is [wachtwoord] en het werkt niet', true],
  ['ww welkom01', 'ww [wachtwoord]', true],
  ['mijn ww is welkom01', 'mijn ww is [wachtwoord]', true],
  ['WW: zomer', 'WW: [wachtwoord]', true],
  ['Mijn Wachtwoord Is lentebloesem', 'Mijn Wachtwoord Is [wachtwoord]', true],
  ['mijn wachtwoord is: Lente2025', 'mijn wachtwoord is: [wachtwoord]', true],
  ['wachtwoord = blauwe fiets', 'wachtwoord = [wachtwoord]', true],
  ['pw=Geheim1 ok', 'pw=[wachtwoord] ok', true],
  ['password:hunter2', 'password:[wachtwoord]', true],
  ['mijn pincode is 1234', 'mijn pincode is [wachtwoord]', true],
  ['my password is purple monkey dishwasher', 'my password is [wachtwoord]', true],
  ['mijn wachtwoord is nu Lente2025', 'mijn wachtwoord is nu [wachtwoord]', true],
  // Weak passwords typed alone.
  ['welkom01', '[wachtwoord]', true],
  ['Zomer2024!', '[wachtwoord]', true],
  ['ik log in met Zomer2024!', 'ik log in met [wachtwoord]', true],
  ['Welkom01!', '[wachtwoord]', true],
  ['P@ssw0rd', '[wachtwoord]', true],
  ['W3lkom01 werkt niet', '[wachtwoord] werkt niet', true],
  ['Hond2024!', '[wachtwoord]', true],
  ['Xk9!mQ2# werkt niet', '[wachtwoord] werkt niet', true],
  ['Wel\u200bkom01', '[wachtwoord]', true],
  // E-mail addresses, also spelled out.
  ['mail j.jansen@central.zorgring.nl', 'mail [e-mail]', false],
  ['<jan@zorgring.nl>', '<[e-mail]>', false],
  ['jan＠zorgring．nl', '[e-mail]', false],
  ['jan (at) zorgring (dot) nl', '[e-mail]', false],
  ['jan[at]zorgring[dot]nl', '[e-mail]', false],
  ['jan at zorgring dot nl', '[e-mail]', false],
  ['jan apenstaartje zorgring punt nl', '[e-mail]', false],
  ['JAN AT ZORGRING DOT NL', '[e-mail]', false],
  ['jan punt jansen at zorgring punt nl', '[e-mail]', false],
  ['jan @ zorgring.nl', '[e-mail]', false],
  ['email: jan(at)zorgring(dot)nl!', 'email: [e-mail]!', false],
];

const leftAlone: string[] = [
  'stap 2',
  'Stap 2 van 3',
  '98%',
  'forticlient blijft hangen op 98 procent',
  'foutmelding -7200 bij 98%',
  'versie 7.2.4',
  'FortiClient 7.2.4',
  'FortiClient-7.2.4',
  'AADSTS50105 zegt hij',
  'AADSTS500011',
  'AADSTS 500011',
  'iOS 17',
  'Windows 11',
  'Windows11',
  'iPhone15',
  'ik heb Office365 en Windows 11',
  'COVID-19',
  'KB5034441',
  'foutcode 0x80070005',
  'foutcode 80070005',
  'error 123456',
  'ticket 1003',
  'ticket 100345',
  'om 08:00 uur',
  '01-12-2026',
  '2026-12-01 10:00',
  'het nummer op het scherm is 42',
  'ik krijg code 12',
  '2FA instellen lukt niet',
  'https://aka.ms/mfasetup',
  'Welkom!',
  'mijn wachtwoord werkt niet',
  'mijn wachtwoord is verlopen',
  'mijn wachtwoord is gewijzigd',
  'mijn wachtwoord is te kort',
  'wachtwoord is 8 tekens',
  'hoe kan ik mijn wachtwoord wijzigen',
  'wachtwoord vergeten',
  'my password is expired',
  'wat is mijn wachtwoord?',
  'ik heb WW',
  'mijn code werkt niet',
  'mail me at home',
  'I am stuck at step 2. Then what?',
  '👩‍💻 lukt niet',
  '',
];

describe('redact', () => {
  it.each(masked)('masks "%s" → "%s"', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each(leftAlone)('leaves "%s" alone', (text) => {
    expect(redact(text)).toBe(text);
  });

  it.each([...masked.map(([input]) => input), ...leftAlone])('is idempotent on "%s"', (input) => {
    const once = redact(input);
    expect(redact(once)).toBe(once);
  });

  it('handles 100,000 characters without spaces, with a secret at the end', () => {
    const long = `${'a.'.repeat(50_000)} jan@zorgring.nl 731 904`;
    expect(redact(long)).toBe(`${'a.'.repeat(50_000)} [e-mail] [code]`);
  });
});

describe('containsSecret', () => {
  it.each(masked)('agrees with redact on "%s"', (input, _expected, secret) => {
    expect(containsSecret(input)).toBe(secret);
  });

  it.each(leftAlone)('finds none in "%s"', (text) => {
    expect(containsSecret(text)).toBe(false);
  });

  it('finds none in what redact already masked', () => {
    expect(containsSecret(redact('mijn wachtwoord is Geheim123! en de code 731 904'))).toBe(false);
  });
});
