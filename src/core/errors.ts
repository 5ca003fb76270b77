/** Base error with a stable code; users never see `message`, only a translated sentence chosen by `code`. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A configuration value is missing or malformed; `key` names it. */
export class ConfigError extends AppError {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super('config', `${key}: ${message}`);
  }
}

/** Content (knowledge base, guide) failed validation; `entry` names the bad entry. */
export class ContentError extends AppError {
  constructor(
    readonly entry: string,
    message: string,
  ) {
    super('content', `${entry}: ${message}`);
  }
}

/**
 * A call to the Bot Connector (a send, an update, a member look-up, a thread, the bot's token) failed after its
 * bounded retries: `status` is the last HTTP status (none for a network failure), `attempts` how many were made.
 * Callers that keep work queued (a ticket post) retry it later; nothing else should depend on the details.
 */
export class OutboundError extends AppError {
  constructor(
    readonly operation: string,
    readonly attempts: number,
    readonly status?: number,
    code = 'outbound',
  ) {
    super(code, `${operation}: failed after ${attempts} attempt(s)${status ? ` (last status ${status})` : ''}`);
  }
}

/** The connector did not answer within the per-attempt timeout (or the whole call's budget). */
export class OutboundTimeoutError extends OutboundError {
  constructor(operation: string, attempts: number) {
    super(operation, attempts, undefined, 'outboundTimeout');
  }
}

/**
 * Teams (the Bot Connector) answered a call with an error: `status` is its HTTP status (none when the call
 * failed without one), `code` the error code Teams gave in its body ('MemberNotFoundInConversation'), or
 * 'teamsApi'. The messenger and the member directory throw only this (or OutboundTimeoutError: no answer),
 * so what a status means is decided by whoever made the call, on the status and code, never on a message.
 */
export class TeamsApiError extends AppError {
  constructor(
    readonly operation: string,
    readonly status: number | undefined,
    code = 'teamsApi',
  ) {
    super(code, `${operation}: Teams answered ${status ?? 'without a status'} (${code})`);
  }
}
