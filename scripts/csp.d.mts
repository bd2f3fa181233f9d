/** Types for csp.mjs (plain JavaScript, because `npm start` runs it in Node before anything is built). */
export function schoolServerOrigin(value: string | undefined | null): string | null;
export function contentSecurityPolicy(options?: { schoolServer?: string | null }): string;
export function withCspMeta(html: string, policy: string): string;
export function attuneConfigJson(
  schoolServer: string | null,
  env?: Record<string, string | undefined>,
): string;
