import { AppError } from '../core/errors';

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

/** A write lost to a newer version (a stale eTag, or an item that already exists). */
export const isConflict = (error: unknown): boolean => error instanceof StorageError && error.failure === 'conflict';
