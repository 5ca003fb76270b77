import { AppError } from '../../errors';

export type StorageFailure = 'open' | 'read' | 'write' | 'conflict';

/** The store failed; `failure` says how. Users get a short apology, the log gets the message. */
export class StorageError extends AppError {
  constructor(
    readonly failure: StorageFailure,
    message: string,
  ) {
    super(`storage.${failure}`, message);
  }
}
