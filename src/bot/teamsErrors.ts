import { OutboundError, OutboundTimeoutError, TeamsApiError } from '../core/errors';

interface ConnectorFailure {
  statusCode?: number;
  code?: string;
  body?: { error?: { code?: string } };
}

/**
 * A failed call to Teams as the one error the rest of the bot sees: TeamsApiError with the status and
 * Teams' error code (from the connector client's RestError, or the last status of our bounded retries).
 * No answer at all stays OutboundTimeoutError (the call may have landed); anything else is not Teams'
 * (our own state, a bug) and is passed on as it is.
 */
export function asTeamsError(operation: string, error: unknown): unknown {
  if (error instanceof OutboundTimeoutError || error instanceof TeamsApiError) return error;
  if (error instanceof OutboundError) return new TeamsApiError(operation, error.status, error.code);
  const failure = (error ?? {}) as ConnectorFailure;
  if (typeof failure.statusCode !== 'number') return error;
  const code = failure.body?.error?.code ?? (typeof failure.code === 'string' ? failure.code : undefined);
  return new TeamsApiError(operation, failure.statusCode, code);
}

/** Runs one call to Teams and throws its failure as asTeamsError does. */
export async function callTeams<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asTeamsError(operation, error);
  }
}
