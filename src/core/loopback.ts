/** The names of this machine, as a URL's hostname gives them. */
const loopbackHostnames = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A URL on this machine (the playground, a test's fake connector or identity server). */
export function isLoopbackUrl(value: string): boolean {
  try {
    return loopbackHostnames.has(new URL(value).hostname.toLowerCase());
  } catch {
    return false;
  }
}

/** A listen address (HOST) that only this machine can reach. */
export const isLoopbackHost = (host: string): boolean => isLoopbackUrl(`http://${host.includes(':') ? `[${host}]` : host}/`);
