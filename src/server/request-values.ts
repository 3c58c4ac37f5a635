import type { Request } from 'restify';

/**
 * Route parameters and query values as strings, read with `Object.hasOwn`: restify types them
 * `any`, and a name such as `__proto__` or `constructor` must read as absent, never as a
 * property every object inherits. A repeated query key (`?a=1&a=2`) reads as absent too.
 */
function ownString(bag: unknown, name: string): string | undefined {
  if (!bag || typeof bag !== 'object' || !Object.hasOwn(bag, name)) return undefined;
  const value: unknown = (bag as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

export const routeParam = (req: Request, name: string): string | undefined => ownString(req.params, name);

export const queryValue = (req: Request, name: string): string | undefined => ownString(req.query, name);
