import { ConnectorTraffic, paceKeyOf, retryAfterMs } from '../../../src/bot/connector/connectorTraffic';
import { AnswerNotReadError, type Exchange, type OutboundRequest, type OutboundResponse } from '../../../src/bot/connector/httpExchange';
import { ConversationPacer } from '../../../src/bot/connector/conversationPacer';
import { OutboundError, OutboundTimeoutError } from '../../../src/core/errors';
import { silentLogger } from '../../../src/core/logger';

type Answer = 'hang' | 'network' | 'notRead' | { status: number; retryAfter?: string; afterMs?: number };

/** An exchange that answers from a script (the last answer repeats) and records when each attempt was made. */
function scriptedExchange(answers: Answer[]) {
  const attempts: { at: number; url: string; method: string }[] = [];
  const exchange: Exchange = async ({ url, method }, signal) => {
    attempts.push({ at: Date.now(), url, method });
    const answer = answers[Math.min(attempts.length - 1, answers.length - 1)];
    if (answer === 'network') throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    if (answer === 'notRead') throw new AnswerNotReadError('answer cut off');
    if (answer === 'hang') {
      return new Promise<OutboundResponse>((_resolve, reject) => signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    }
    if (answer.afterMs) await new Promise((resolve) => setTimeout(resolve, answer.afterMs));
    return { status: answer.status, headers: answer.retryAfter === undefined ? {} : { 'retry-after': answer.retryAfter }, bodyAsText: JSON.stringify({ id: 'x' }) };
  };
  return { attempts, exchange };
}

const serviceUrl = 'https://smba.trafficmanager.net/emea/';
const send = (conversation: string): OutboundRequest => ({
  method: 'POST',
  url: `${serviceUrl}v3/conversations/${encodeURIComponent(conversation)}/activities`,
  headers: { 'content-type': 'application/json' },
  body: '{"type":"message"}',
});
const memberLookUp: OutboundRequest = { method: 'GET', url: `${serviceUrl}v3/conversations/19%3Ateam/members/29%3Auser`, headers: {} };

function trafficWith(answers: Answer[]) {
  const { attempts, exchange } = scriptedExchange(answers);
  // random() = 0: the jitter adds nothing, so the delays below are exact.
  return { attempts, traffic: new ConnectorTraffic({ logger: silentLogger, exchange, random: () => 0 }) };
}

/** Starts `promise` and lets fake time run, resolving with its value or its error. */
async function settle<T>(promise: Promise<T>, ms: number): Promise<T | Error> {
  const result = promise.catch((error: Error) => error);
  await jest.advanceTimersByTimeAsync(ms);
  return result;
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('retries', () => {
  it('waits the Retry-After of a 429 before trying again, then succeeds', async () => {
    const { attempts, traffic } = trafficWith([{ status: 429, retryAfter: '2' }, { status: 200 }]);
    const result = traffic.send(send('a:1'));
    await jest.advanceTimersByTimeAsync(1999);
    expect(attempts).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(attempts).toHaveLength(2);
    expect((await result).status).toBe(200);
    expect(attempts[1].at - attempts[0].at).toBe(2000);
  });

  it('retries a 503 a bounded number of times with growing delays, then fails with a typed error', async () => {
    const { attempts, traffic } = trafficWith([{ status: 503 }]);
    const error = await settle(traffic.send(send('a:1')), 60_000);
    expect(error).toBeInstanceOf(OutboundError);
    expect(error).toMatchObject({ status: 503, attempts: 4, code: 'outbound' });
    expect(attempts).toHaveLength(4);
    const gaps = attempts.slice(1).map((attempt, i) => attempt.at - attempts[i].at);
    expect(gaps).toEqual([250, 500, 1000]);
  });

  it('does not wait for a Retry-After beyond its cap: the caller decides', async () => {
    const { attempts, traffic } = trafficWith([{ status: 429, retryAfter: '3600' }, { status: 200 }]);
    const error = await settle(traffic.send(send('a:1')), 100);
    expect(error).toMatchObject({ status: 429, attempts: 1 });
    expect(attempts).toHaveLength(1);
  });

  it('returns an answer that is no reason to retry (404) as it is, after one attempt', async () => {
    const { attempts, traffic } = trafficWith([{ status: 404 }]);
    expect((await traffic.send(memberLookUp)).status).toBe(404);
    expect(attempts).toHaveLength(1);
  });

  it('retries a connection that failed before an answer', async () => {
    const { attempts, traffic } = trafficWith(['network', { status: 200 }]);
    expect(await settle(traffic.send(send('a:1')), 1000)).toMatchObject({ status: 200 });
    expect(attempts).toHaveLength(2);
  });

  it('does not repeat a send whose answer could not be read (it landed), but repeats such a look-up', async () => {
    const sent = trafficWith(['notRead', { status: 200 }]);
    expect(await settle(sent.traffic.send(send('a:1')), 10_000)).toBeInstanceOf(OutboundError);
    expect(sent.attempts).toHaveLength(1);
    const looked = trafficWith(['notRead', { status: 200 }]);
    expect(await settle(looked.traffic.send(memberLookUp), 10_000)).toMatchObject({ status: 200 });
    expect(looked.attempts).toHaveLength(2);
  });
});

describe('timeouts', () => {
  it('cuts off a send that hangs after one attempt (it may have landed: no second copy)', async () => {
    const { attempts, traffic } = trafficWith(['hang']);
    const result = traffic.send(send('a:1')).catch((error: Error) => error);
    await jest.advanceTimersByTimeAsync(9999);
    expect(attempts).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    const error = await result;
    expect(error).toBeInstanceOf(OutboundTimeoutError);
    expect(error).toMatchObject({ code: 'outboundTimeout', attempts: 1 });
  });

  it('repeats a look-up that hangs, but never beyond the call budget', async () => {
    const { attempts, traffic } = trafficWith(['hang']);
    const started = Date.now();
    const error = await settle(traffic.send(memberLookUp), 60_000);
    expect(error).toBeInstanceOf(OutboundTimeoutError);
    expect(attempts.length).toBeGreaterThan(1);
    expect(attempts.length).toBeLessThanOrEqual(traffic.options.maxAttempts);
    expect(attempts.at(-1)!.at - started).toBeLessThan(traffic.options.callBudgetMs);
  });

  it('gives a send that waited long for its pacing slot its full attempt timeout', async () => {
    const { exchange } = scriptedExchange([{ status: 200, afterMs: 2000 }]);
    const traffic = new ConnectorTraffic({ logger: silentLogger, exchange, options: { limits: [{ count: 1, ms: 40_000 }] } });
    const sends = Promise.all([traffic.send(send('a:1')), traffic.send(send('a:1'))]).catch((error: Error) => error);
    await jest.advanceTimersByTimeAsync(45_000);
    expect(await sends).toEqual([expect.objectContaining({ status: 200 }), expect.objectContaining({ status: 200 })]);
  });

  it('bounds the token fetch the same way', async () => {
    const traffic = new ConnectorTraffic({ logger: silentLogger, random: () => 0 });
    let calls = 0;
    const hang = () => {
      calls++;
      return new Promise<never>(() => undefined);
    };
    const error = await settle(traffic.guard('token', hang), 60_000);
    expect(error).toBeInstanceOf(OutboundTimeoutError);
    expect(calls).toBeGreaterThan(1);
    expect(calls).toBeLessThanOrEqual(traffic.options.maxAttempts);
  });
});

describe('pacing per conversation', () => {
  /** The most timestamps that fall in any window of `ms` (half-open, as Teams counts). */
  const busiest = (times: number[], ms: number) => Math.max(...times.map((start) => times.filter((t) => t >= start && t < start + ms).length));

  it("keeps one conversation within 7 per second, 8 per 2 s and 60 per 30 s while another is not slowed", async () => {
    const { attempts, traffic } = trafficWith([{ status: 200 }]);
    const flood = Promise.all(Array.from({ length: 70 }, () => traffic.send(send('a:flood'))));
    await jest.advanceTimersByTimeAsync(100);
    const started = Date.now();
    await traffic.send(send('a:other'));
    expect(Date.now() - started).toBe(0);
    await jest.advanceTimersByTimeAsync(40_000);
    await flood;
    const floodTimes = attempts.filter((attempt) => attempt.url.includes('a%3Aflood')).map((attempt) => attempt.at);
    expect(floodTimes).toHaveLength(70);
    expect(busiest(floodTimes, 1000)).toBeLessThanOrEqual(7);
    expect(busiest(floodTimes, 2000)).toBeLessThanOrEqual(8);
    expect(busiest(floodTimes, 30_000)).toBeLessThanOrEqual(60);
    // Not slower than it must be: the first 7 go at once, the 61st only when the first leaves the 30-s window.
    expect(floodTimes.slice(0, 7).every((t) => t === floodTimes[0])).toBe(true);
    expect(floodTimes[60] - floodTimes[0]).toBeGreaterThanOrEqual(30_000);
    expect(floodTimes[60] - floodTimes[0]).toBeLessThan(31_000);
  });

  it('tells how long a new send to a conversation would wait behind the ones already waiting', async () => {
    const pacer = new ConversationPacer([{ count: 2, ms: 1000 }], 0);
    expect(pacer.backlogMs('a')).toBe(0);
    const sends = Promise.all([1, 2, 3].map(() => pacer.acquire('a')));
    await jest.advanceTimersByTimeAsync(0);
    // Two went at once, the third waits for 1 s; a fourth would go with it (two per second), a fifth a second later.
    expect(pacer.backlogMs('a')).toBe(1000);
    void pacer.acquire('a');
    expect(pacer.backlogMs('a')).toBe(2000);
    expect(pacer.backlogMs('b')).toBe(0);
    await jest.advanceTimersByTimeAsync(3000);
    await sends;
  });

  it('keeps the order of the sends to one conversation', async () => {
    const pacer = new ConversationPacer([{ count: 1, ms: 1000 }], 0);
    const order: number[] = [];
    const all = Promise.all([1, 2, 3].map(async (n) => {
      await pacer.acquire('a');
      order.push(n);
    }));
    await jest.advanceTimersByTimeAsync(3000);
    await all;
    expect(order).toEqual([1, 2, 3]);
  });

  it('counts sends and updates per conversation (a thread is its own), a new thread against its channel, and look-ups not at all', () => {
    expect(paceKeyOf(send('a:1'))).toBe('https://smba.trafficmanager.net/emea|a:1');
    expect(paceKeyOf({ ...send('19:c@thread.tacv2;messageid=17'), method: 'PUT' })).toBe('https://smba.trafficmanager.net/emea|19:c@thread.tacv2;messageid=17');
    expect(paceKeyOf({ method: 'POST', url: `${serviceUrl}v3/conversations`, headers: {}, body: '{"channelData":{"channel":{"id":"19:c@thread.tacv2"}}}' })).toBe(
      'https://smba.trafficmanager.net/emea|19:c@thread.tacv2',
    );
    expect(paceKeyOf(memberLookUp)).toBeUndefined();
  });
});

describe('Retry-After', () => {
  const response = (headers: Record<string, string>) => ({ status: 429, headers, bodyAsText: '' });
  it.each([
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after': 'soon' }, undefined],
    [{ 'retry-after': '-1' }, undefined],
    [{}, undefined],
  ])('reads %j as %p ms', (headers, expected) => {
    expect(retryAfterMs(response(headers))).toBe(expected);
  });

  it('reads an HTTP date', () => {
    expect(retryAfterMs(response({ 'retry-after': new Date(Date.now() + 5000).toUTCString() }))).toBeGreaterThan(3000);
  });
});
