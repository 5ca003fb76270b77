/** An error's status and message for a log line (never a request body). */
export function errorText(error: unknown): string {
  const { status, statusCode, message } = (error ?? {}) as { status?: number; statusCode?: number; message?: string };
  return [status ?? statusCode, message?.slice(0, 200)].filter(Boolean).join(' ');
}
