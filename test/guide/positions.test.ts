import { findPosition, firstPosition, nextPosition, previousPosition, setupGuide, type Position } from '../../src/guide/setupGuide';

const keys = setupGuide.flatMap((part) => part.subSteps.map((subStep) => `${part.id}.${subStep.id}`));
const at = (key: string): Position => findPosition(key)!;

describe('moving through the guide', () => {
  it('starts at the first sub-step of the checklist', () => {
    expect(firstPosition().key).toBe('prerequisites.smartphone');
  });

  it('steps forward over every sub-step in order, across parts, and ends after "done"', () => {
    const walked: string[] = [];
    for (let position: Position | undefined = firstPosition(); position; position = nextPosition(position)) walked.push(position.key);
    expect(walked).toEqual(keys);
    expect(nextPosition(at('done.done'))).toBeUndefined();
  });

  it('steps back to the last sub-step of the part before, and not before the first', () => {
    expect(previousPosition(at('authenticator.installApp'))?.key).toBe('prerequisites.fortiClientVersion');
    expect(previousPosition(at('forticlient.openVpn'))?.key).toBe('mfasetup.finish');
    expect(previousPosition(at('mfasetup.signIn'))?.key).toBe('mfasetup.openMfaSetup');
    expect(previousPosition(firstPosition())).toBeUndefined();
  });

  it('undoes every step forward with a step back', () => {
    for (let position = firstPosition(), next = nextPosition(position); next; position = next, next = nextPosition(next)) {
      expect(previousPosition(next)?.key).toBe(position.key);
    }
  });

  it('knows a position by its key only when the guide has it', () => {
    expect(at('mfasetup.enterNumber')).toMatchObject({ partIndex: 2, subStepIndex: 3, part: { id: 'mfasetup' }, subStep: { id: 'enterNumber' } });
    expect(findPosition('mfasetup.unknown')).toBeUndefined();
    expect(findPosition(undefined)).toBeUndefined();
  });
});
