import { inspect } from 'node:util';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A field longer than this is cut: no value needs more to be recognised, and a hostile one must not fill the log. */
export const maxFieldLength = 500;
/** The whole line, so one event can never flood the log or a collector's line limit. */
export const maxLineLength = 4096;
const cutMark = '…[cut]';

const cut = (text: string, max: number) => (text.length <= max ? text : text.slice(0, max) + cutMark);

/** Strings cut, nested values flattened to cut JSON, errors reduced to name and message: never a stack. */
function boundField(value: unknown): unknown {
  if (typeof value === 'string') return cut(oneLine(value), maxFieldLength);
  if (value instanceof Error) return cut(oneLine(`${value.name}: ${value.message}`), maxFieldLength);
  if (typeof value === 'object' && value !== null) {
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      json = '[unserialisable]';
    }
    return cut(json ?? '', maxFieldLength);
  }
  return value;
}

/** One line: stack frames ("    at f (file:1:2)") dropped, line breaks turned into spaces. */
export function oneLine(text: string): string {
  return text
    .replace(/\r?\n\s*at [^\n]*/g, '')
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim();
}

/** One JSON line per event, so logs stay greppable and machine-readable; every field and the line are bounded. */
export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (line) => process.stdout.write(line + '\n')): Logger {
  const log = (at: LogLevel) => (message: string, fields: LogFields = {}) => {
    if (order[at] < order[level]) return;
    const bounded: LogFields = {};
    for (const [key, value] of Object.entries(fields)) bounded[cut(key, 64)] = boundField(value);
    let line = JSON.stringify({ time: new Date().toISOString(), level: at, message: boundField(message), ...bounded });
    if (line.length > maxLineLength) {
      // Keep time, level and message readable; the fields go as one cut string.
      const head = { time: new Date().toISOString(), level: at, message: boundField(message), cut: true };
      const room = maxLineLength - JSON.stringify({ ...head, fields: '' }).length - cutMark.length - 64;
      line = JSON.stringify({ ...head, fields: cut(JSON.stringify(bounded), Math.max(0, room)) });
      if (line.length > maxLineLength) line = JSON.stringify(head);
    }
    write(line);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

const inspectOptions = { depth: 2, breakLength: Infinity, maxArrayLength: 10, maxStringLength: maxFieldLength };

/**
 * botbuilder writes its own failures with console.error / console.warn (CloudAdapter prints whole errors with
 * their stacks): route them through the logger as one structured line each.
 */
export function routeConsoleToLogger(logger: Logger, target: Pick<Console, 'error' | 'warn'> = console): void {
  const flatten = (args: unknown[]) =>
    args.map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message}` : typeof arg === 'string' ? arg : inspect(arg, inspectOptions))).join(' ');
  target.error = (...args: unknown[]) => logger.error('library error', { detail: flatten(args) });
  target.warn = (...args: unknown[]) => logger.warn('library warning', { detail: flatten(args) });
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
