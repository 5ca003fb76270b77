import { recogniseMeaning, turnMeaning } from '../../src/commands/meaning';

describe("a message's meaning", () => {
  it('reads a typed command without its @mentions', () => {
    expect(recogniseMeaning({ text: '<at>2FA Servicedesk</at> registreer ' })).toEqual({ command: { name: 'register' }, text: 'registreer' });
    expect(recogniseMeaning({ text: 'ok start!' })).toEqual({ command: { name: 'start' }, text: 'ok start!' });
    expect(recogniseMeaning({ text: 'mijn code werkt niet' })).toEqual({ command: undefined, text: 'mijn code werkt niet' });
  });

  it('reads the rollout commands, "uitrol" with its group id as typed', () => {
    const group = '0F0E0D0C-0000-4000-8000-0000000000A1';
    expect(recogniseMeaning({ text: `<at>2FA Servicedesk</at> uitrol ${group}` }).command).toEqual({ name: 'rollout', group });
    expect(recogniseMeaning({ text: `Roll out  ${group}` }).command).toEqual({ name: 'rollout', group });
    expect(recogniseMeaning({ text: 'uitrol' }).command).toEqual({ name: 'rollout' });
    expect(recogniseMeaning({ text: 'uitrol alle medewerkers' }).command).toBeUndefined();
    expect(recogniseMeaning({ text: `uitrol ${'x'.repeat(150)}` }).command).toBeUndefined();
    expect(recogniseMeaning({ text: 'Status?' }).command).toEqual({ name: 'rolloutStatus' });
    expect(recogniseMeaning({ text: 'herinner' }).command).toEqual({ name: 'remind' });
    expect(recogniseMeaning({ text: 'uitrollen van de app lukt niet' }).command).toBeUndefined();
  });

  it('reads a button by its data only, checked, and keeps the text beside it', () => {
    expect(recogniseMeaning({ value: { action: 'help' }, text: 'stop' })).toMatchObject({ command: { name: 'help' }, submit: { action: 'help' }, text: 'stop' });
    expect(recogniseMeaning({ value: { action: 'next', step: 'mfasetup.enterNumber' } })).toMatchObject({ command: undefined, submit: { action: 'next', step: 'mfasetup.enterNumber' } });
    expect(recogniseMeaning({ value: { action: 'feedback', solved: true } }).command).toMatchObject({ name: 'knowledge', data: { action: 'feedback', solved: true } });
    expect(recogniseMeaning({ value: { action: 'unknown' }, text: 'help' })).toEqual({ command: undefined, submit: undefined, text: 'help' });
    expect(recogniseMeaning({ value: { action: 'language', language: 'fr' } }).command).toBeUndefined();
  });

  it('is recognised once per turn and kept on it', () => {
    const turn = { activity: { text: 'help' }, turnState: new Map<unknown, unknown>() };
    const first = turnMeaning(turn);
    turn.activity.text = 'stop';
    expect(turnMeaning(turn)).toBe(first);
    expect(first.command).toEqual({ name: 'help' });
  });
});
