import type { Logger } from '../core/logger';
import type { AuthenticatorCheck, AuthenticatorDevice, DirectoryUser, UserDirectory, UserLookUp } from './directory';
import type { DirectoryCache } from './directoryCache';
import type { GraphGateway } from './graphGateway';
import { isObjectId } from './objectId';
import { displayText } from '../privacy/displayText';

const userFields = 'id,userPrincipalName,givenName,preferredLanguage';
const deviceFields = 'displayName,createdDateTime';

const optionalText = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

function readUser(body: unknown, id: string): DirectoryUser | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = body as Record<string, unknown>;
  const user: DirectoryUser = { id: optionalText(fields.id) ?? id };
  const userPrincipalName = optionalText(fields.userPrincipalName);
  const givenName = optionalText(fields.givenName);
  const preferredLanguage = optionalText(fields.preferredLanguage);
  if (userPrincipalName) user.userPrincipalName = userPrincipalName;
  if (givenName) user.givenName = givenName;
  if (preferredLanguage) user.preferredLanguage = preferredLanguage;
  return user;
}

const maxDevices = 10;
const maxDeviceNameLength = 60;

function readDevices(body: unknown): AuthenticatorDevice[] | undefined {
  const value = (body as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) return undefined;
  // A user has a few devices; names are the user's own words, shown on cards and the ticket.
  return value.slice(0, maxDevices).map((method: Record<string, unknown> | null) => {
    const device: AuthenticatorDevice = { displayName: displayText(method?.displayName, maxDeviceNameLength) ?? '' };
    const createdAt = optionalText(method?.createdDateTime);
    if (createdAt) device.createdAt = createdAt;
    return device;
  });
}

/**
 * The UserDirectory on Microsoft Graph: answers from the store's cache where it has one, else from Graph
 * through the gateway (limited, with a deadline). Never rejects. The same question asked again while Graph is
 * still answering it (a double click) waits for that answer instead of spending the budget twice.
 */
export class GraphDirectory implements UserDirectory {
  readonly enabled = true;
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly gateway: GraphGateway,
    private readonly cache: DirectoryCache,
    private readonly logger: Logger,
  ) {}

  user(aadObjectId: string): Promise<UserLookUp> {
    const id = aadObjectId.toLowerCase();
    if (!isObjectId(id)) return Promise.resolve({ kind: 'unavailable', reason: 'notFound' });
    return this.once(`user/${id}`, () => this.lookUpUser(id), { kind: 'unavailable', reason: 'failed' });
  }

  authenticator(aadObjectId: string, options: { fresh?: boolean } = {}): Promise<AuthenticatorCheck> {
    const id = aadObjectId.toLowerCase();
    if (!isObjectId(id)) return Promise.resolve({ kind: 'unavailable', reason: 'notFound' });
    const fresh = options.fresh === true;
    return this.once(`authenticator/${id}/${fresh}`, () => this.checkAuthenticator(id, fresh), { kind: 'unavailable', reason: 'failed' });
  }

  async forget(aadObjectId: string): Promise<void> {
    const id = aadObjectId.toLowerCase();
    if (!isObjectId(id)) return;
    // A look-up still running would write its answer back after the deletion: deleted once those are done too.
    const running = [...this.inFlight.entries()].filter(([key]) => key.split('/')[1] === id).map(([, answer]) => answer.catch(() => undefined));
    await Promise.all(running);
    await Promise.all([this.cache.forget('users', id), this.cache.forget('authenticator', id)]);
  }

  private async lookUpUser(id: string): Promise<UserLookUp> {
    const cached = await this.cache.get<DirectoryUser>('users', id);
    if (cached) return { kind: 'found', user: cached };
    const outcome = await this.gateway.get('user', `/users/${encodeURIComponent(id)}`, userFields);
    if (outcome.kind !== 'ok') return { kind: 'unavailable', reason: outcome.kind };
    const user = readUser(outcome.body, id);
    if (!user) return this.malformed('user');
    await this.cache.put('users', id, user);
    return { kind: 'found', user };
  }

  private async checkAuthenticator(id: string, fresh: boolean): Promise<AuthenticatorCheck> {
    if (!fresh) {
      const cached = await this.cache.get<AuthenticatorDevice[]>('authenticator', id);
      if (cached) return { kind: 'registered', devices: cached };
    }
    const outcome = await this.gateway.get('authenticatorMethods', `/users/${encodeURIComponent(id)}/authentication/microsoftAuthenticatorMethods`, deviceFields);
    if (outcome.kind !== 'ok') return { kind: 'unavailable', reason: outcome.kind };
    const devices = readDevices(outcome.body);
    if (!devices) return this.malformed('authenticatorMethods');
    if (devices.length === 0) {
      // The user is registering right now: "none" is never kept, and an older "registered" no longer holds.
      await this.cache.forget('authenticator', id);
      return { kind: 'none' };
    }
    await this.cache.put('authenticator', id, devices);
    return { kind: 'registered', devices };
  }

  private malformed(operation: string): { kind: 'unavailable'; reason: 'failed' } {
    this.logger.warn('Microsoft Graph answer not understood', { operation });
    return { kind: 'unavailable', reason: 'failed' };
  }

  private once<T>(key: string, ask: () => Promise<T>, onError: T): Promise<T> {
    const running = this.inFlight.get(key) as Promise<T> | undefined;
    if (running) return running;
    const answer = ask()
      .catch((error: unknown) => {
        this.logger.error('Microsoft Graph look-up failed', { error: (error as Error)?.name });
        return onError;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, answer);
    return answer;
  }
}
