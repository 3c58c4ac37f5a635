import type { Middleware, TurnContext } from 'botbuilder';
import { roleOf, type Role, type RolePolicy } from './roles';

const ROLE_KEY = Symbol('passerelle.role');

/** Decides the turn's role once, before any dialog runs; dialogs read it with `turnRole`. */
export class RoleMiddleware implements Middleware {
  constructor(private readonly policy: RolePolicy) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    context.turnState.set(ROLE_KEY, roleOf(context.activity, this.policy));
    await next();
  }
}

/** The turn's role; without the middleware (dialog unit tests), the channel decides as in local mode. */
export function turnRole(context: TurnContext): Role {
  return context.turnState.get<Role | undefined>(ROLE_KEY) ?? roleOf(context.activity, { allowedTenantIds: [], adminObjectIds: [], localMode: true });
}
