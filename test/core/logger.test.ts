import { createLogger, maxFieldLength, maxLineLength, oneLine, routeConsoleToLogger } from '../../src/core/logger';

function capture() {
  const lines: string[] = [];
  return { lines, logger: createLogger('debug', (line) => lines.push(line)) };
}

describe('the logger', () => {
  it('writes one JSON line per event with its fields', () => {
    const { lines, logger } = capture();
    logger.info('bot listening', { port: 3978, mode: 'local' });
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', message: 'bot listening', port: 3978, mode: 'local' });
  });

  it('cuts every long string field and marks it as cut', () => {
    const { lines, logger } = capture();
    logger.warn('refused', { reason: 'x'.repeat(10_000) });
    const reason = JSON.parse(lines[0]).reason as string;
    expect(reason.length).toBeLessThan(maxFieldLength + 10);
    expect(reason.endsWith('[cut]')).toBe(true);
  });

  it('bounds the whole line, however many fields there are, and says it was cut', () => {
    const { lines, logger } = capture();
    const fields = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`field${i}`, 'y'.repeat(400)]));
    logger.error('many fields', fields);
    expect(lines[0].length).toBeLessThanOrEqual(maxLineLength);
    expect(JSON.parse(lines[0])).toMatchObject({ message: 'many fields', cut: true });
  });

  it('writes an error as its name and message, never its stack', () => {
    const { lines, logger } = capture();
    logger.error('failed', { error: new TypeError('Cannot read properties of undefined') });
    expect(JSON.parse(lines[0]).error).toBe('TypeError: Cannot read properties of undefined');
    expect(lines[0]).not.toMatch(/\bat .*\(/);
  });

  it('keeps a multi-line message on one line without its stack frames', () => {
    expect(oneLine('Error: boom\n    at f (/app/src/x.ts:1:2)\n    at g (/app/src/y.ts:3:4)\nnext line')).toBe('Error: boom next line');
  });

  it("routes botbuilder's console.error and console.warn through the logger as one structured line each", () => {
    const { lines, logger } = capture();
    const target = { error: console.error, warn: console.warn };
    routeConsoleToLogger(logger, target);
    const error = new Error('CloudAdapter.processActivityDirect(): ERROR\n Error: inner\n    at h (/app/node_modules/botbuilder/lib/cloudAdapter.js:1:1)');
    target.error(error);
    target.warn('BadRequest: Missing activity or activity type.', { deep: { deeper: { deepest: { x: 1 } } } });
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'error', message: 'library error' });
    expect(JSON.parse(lines[0]).detail).toBe('Error: CloudAdapter.processActivityDirect(): ERROR Error: inner');
    expect(JSON.parse(lines[1])).toMatchObject({ level: 'warn', message: 'library warning' });
    expect(lines.join('\n')).not.toMatch(/\bat \S+ \(/);
  });

  it('leaves out what is below its level', () => {
    const lines: string[] = [];
    createLogger('warn', (line) => lines.push(line)).info('chatter');
    expect(lines).toEqual([]);
  });
});
