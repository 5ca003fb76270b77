/**
 * The parts of botbuilder-dialogs the dialogs use, each from its own file. The package's index also loads its prompts
 * and, for them, @microsoft/recognizers-text-suite: about a quarter of the bot's start-up (issue 12), for prompts no
 * dialog here uses. test/bot/startUpModules.test.ts keeps the index, and what only it loads, out of the start-up.
 */
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
export { Dialog, DialogReason, DialogTurnStatus, type DialogEvent, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs/lib/dialog';
export type { DialogContext, DialogState } from 'botbuilder-dialogs/lib/dialogContext';
export { DialogEvents } from 'botbuilder-dialogs/lib/dialogEvents';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
