import { ComponentDialog, Dialog, DialogReason, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { HandoffResult } from './handoffDialog';
import { DialogIds } from './dialogIds';
import { GuidePartDialog, type GuidePartDeps, type PartOptions } from './guidePartDialog';
import { firstPosition, setupGuide, type Position } from '../guide/setupGuide';

export interface SetupOptions {
  /** Where to open the guide; the start when absent. */
  at?: Position;
}

/**
 * The guided 2FA setup: one waterfall per part of the manual (checklist, Authenticator, MFA setup,
 * FortiClient, done). Parts hand over to each other; the component ends when the user reaches the end.
 */
export class SetupDialog extends ComponentDialog {
  constructor(deps: GuidePartDeps) {
    super(DialogIds.setup);
    setupGuide.forEach((_, partIndex) => this.addDialog(new GuidePartDialog(partIndex, deps)));
  }

  protected override async onBeginDialog(inner: DialogContext, options?: SetupOptions): Promise<DialogTurnResult> {
    const at = options?.at ?? firstPosition();
    return inner.beginDialog(DialogIds.part(at.part.id), { startAt: at.subStepIndex } satisfies PartOptions);
  }

  /** Back from a dialog on top (the servicedesk handoff): show the step again, unless that dialog said not to. */
  override async resumeDialog(outer: DialogContext, reason: DialogReason, result?: unknown): Promise<DialogTurnResult> {
    if ((result as HandoffResult | undefined)?.showStep === false) return Dialog.EndOfTurn;
    return super.resumeDialog(outer, reason, result);
  }
}
