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
