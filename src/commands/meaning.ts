import { readSubmitData, type SubmitData } from '../cards/actions';
import { commandOfButton, commandOfWords, type Command } from './commands';
import { withoutMentions } from './mentions';

/** The part of an incoming activity that says what it means (botbuilder's Activity has these fields). */
export interface IncomingMessage {
  text?: string;
  /** The card's data when a button was pressed (Action.Submit). */
  value?: unknown;
}

/** What one turn's message means, recognised once and kept on the turn. */
export interface Meaning {
  /** What the person asks for, by button or by typed word. */
  command?: Command;
  /** The pressed button's data, read and checked (absent when typed, or when the value is not one of ours). */
  submit?: SubmitData;
  /** The text, trimmed and without @mentions ('' when there is none). */
  text: string;
  /** The button was pressed by typing what it means ("gelukt!"): `submit` is that button's data. */
  typed?: boolean;
}

/** Reads a message once: a card button by its data only, a typed message by its words. */
export function recogniseMeaning(message: IncomingMessage): Meaning {
  const text = withoutMentions(message.text ?? '').trim();
  if (message.value === undefined) return { command: commandOfWords(text), text };
  const submit = readSubmitData(message.value);
  return { command: submit && commandOfButton(submit), submit, text };
}

interface Turn {
  activity: IncomingMessage;
  turnState: Map<unknown, unknown>;
}

const meaningKey = Symbol('meaning');

/** This turn's meaning: recognised at the first read (the router's) and kept on the turn for every later reader. */
export function turnMeaning(turn: Turn): Meaning {
  const known = turn.turnState.get(meaningKey) as Meaning | undefined;
  if (known) return known;
  const meaning = recogniseMeaning(turn.activity);
  turn.turnState.set(meaningKey, meaning);
  return meaning;
}

/** A typed reply that means one of the buttons in view: from now on this turn means that button, pressed by typing. */
export function pressedByTyping(turn: Turn, data: SubmitData): Meaning {
  const meaning: Meaning = { command: commandOfButton(data), submit: data, text: turnMeaning(turn).text, typed: true };
  turn.turnState.set(meaningKey, meaning);
  return meaning;
}

/** Takes back a typed button press: the turn means its words again (a command, or a question). */
export function typedAgain(turn: Turn): Meaning {
  const meaning = recogniseMeaning({ text: turnMeaning(turn).text });
  turn.turnState.set(meaningKey, meaning);
  return meaning;
}
