import { containsSecret, redact } from '../src/privacy/redact';

describe('redact', () => {
  it.each([
    ['mijn code 483920 werkt niet', 'mijn code [code] werkt niet'],
    ['bel me op 06-12345678', 'bel me op [telefoon]'],
    ['+31 6 1234 5678 is mijn nummer', '[telefoon] is mijn nummer'],
    ['mijn wachtwoord is Geheim123! en nu?', 'mijn wachtwoord is [wachtwoord] en nu?'],
    ['password: hunter2', 'password: [wachtwoord]'],
    ['mail j.jansen@central.zorgring.nl', 'mail [e-mail]'],
    ['ik log in met Zomer2024!', 'ik log in met [wachtwoord]'],
  ])('%s → %s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each(['foutmelding -7200 bij 98%', 'AADSTS50105 zegt hij', 'mijn wachtwoord werkt niet', 'stap 2 van 3'])('leaves "%s" alone', (text) => {
    expect(redact(text)).toBe(text);
  });
});

describe('containsSecret', () => {
  it.each(['de code is 123456', 'mijn wachtwoord is Lente2025', 'Welkom01!'])('spots a secret in "%s"', (text) => {
    expect(containsSecret(text)).toBe(true);
  });

  it.each(['mijn code werkt niet', 'bel me op 0612345678', 'error -7200', 'AADSTS50105', 'mijn wachtwoord werkt niet', '2FA instellen lukt niet'])('finds none in "%s"', (text) => {
    expect(containsSecret(text)).toBe(false);
  });
});
