import { last, startTestApp, translate } from '../helpers/appHarness';
import { stepOf } from '../helpers/cardText';
import { PeopleStore } from '../../src/rollout/peopleStore';
import { RolloutStore } from '../../src/rollout/rolloutStore';
import type { BotStorage } from '../../src/storage/botStorage';

/**
 * What the bot keeps of a user by Entra object id for the rollout (`people/<id>`): their chat from their own turns,
 * the part of the guide they are in, and nothing of it once they ask to be forgotten.
 */
const objectId = '8f2b0c2e-0000-0000-0000-000000000002'; // the aadObjectId test/helpers/teamsActivity.ts gives every test user
const t = translate('nl');

describe('the people index, through the HTTP path', () => {
  it('keeps the chat once and the guide\'s part as the user moves, then forgets both on request', async () => {
    const app = await startTestApp();
    const storage = app.bot.storage as BotStorage;
    const people = new PeopleStore(storage);
    const jan = app.user('nl-NL');
    await jan.send('hallo');
    expect((await people.get(objectId))?.chat?.conversation?.id).toBe(jan.conversationId);
    expect((await people.get(objectId))?.step).toBeUndefined();

    const card = await jan.walkTo('mfasetup.scanQrCode');
    expect(await people.get(objectId)).toMatchObject({ step: 'mfasetup.openMfaSetup', completed: false });
    const enteredAt = (await people.get(objectId))?.progressAt;
    // Within a part the record is not written again.
    expect(stepOf(last(await jan.press(card, 'next')))).toMatch(/^mfasetup\./);
    expect((await people.get(objectId))?.progressAt).toBe(enteredAt);

    // The user's name in a rollout's member list goes too.
    const rollouts = new RolloutStore(storage);
    await rollouts.create({ id: 'r1', groupId: 'g', startedAt: new Date().toISOString(), channel: {}, phase: 'finished' });
    await rollouts.addMembers('r1', [{ id: objectId, givenName: 'Jantje', state: 'invited', at: new Date().toISOString() }]);
    await jan.send('verwijder mijn gegevens');
    const replies = await jan.send({ value: { action: 'forget', confirmed: true } });
    expect(replies.map((reply) => reply.text)).toContain(t('messages.forgotten'));
    expect(await people.get(objectId)).toBeUndefined();
    expect(await rollouts.members('r1')).toEqual([expect.objectContaining({ id: objectId, state: 'invited' })]);
    expect(app.stored()).not.toContain('Jantje');
  });
});
