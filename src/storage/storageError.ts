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

/**
 * The one conflict every store throws: a write with a stale eTag (or a create where an item exists). Callers
 * decide on `failure`, never on the message (which keeps botbuilder's wording for the log).
 */
export const conflictError = (key: string): StorageError => new StorageError('conflict', `Storage: error writing "${key}" due to eTag conflict.`);

/** A write lost to a newer version (a stale eTag, or an item that already exists). */
export const isConflict = (error: unknown): boolean => error instanceof StorageError && error.failure === 'conflict';
