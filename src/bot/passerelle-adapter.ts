import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';

/** Why a request's Bot Framework credentials could not be accepted: the caller's fault (401) or ours to check later (503). */
export class CredentialsError extends Error {
  constructor(readonly kind: 'refused' | 'unavailable') {
    super(kind === 'refused' ? 'the request is not authenticated' : 'the credentials cannot be checked right now');
    this.name = 'CredentialsError';
  }
}

/** The metadata or keys could not be fetched (a network failure, or a 5xx from the identity service). */
const unreachable = (err: unknown): boolean => {
  if (err instanceof AuthenticationError) return (err as { statusCode?: number }).statusCode !== undefined && (err as { statusCode: number }).statusCode >= 500;
  const e = err as { name?: unknown; type?: unknown; code?: unknown };
  return e?.name === 'FetchError' || e?.type === 'system' || (typeof e?.code === 'string' && /^(E[A-Z]+|UND_ERR)/.test(e.code));
};

/**
 * CloudAdapter with the credential check made first and its failures told apart: CloudAdapter's
 * own `process` answers 500 with botbuilder's internal message to a token signed with a guessed
 * key, and 500 again when the OpenID metadata cannot be fetched. Here a forged, expired or
 * misaddressed token is a CredentialsError('refused') and an unreachable identity service a
 * CredentialsError('unavailable'); nothing of the error's text reaches the client.
 */
export class PasserelleCloudAdapter extends CloudAdapter {
  async processAuthenticated(activity: Activity, authHeader: string, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    let auth: AuthenticateRequestResult;
    try {
      auth = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (err) {
      throw new CredentialsError(unreachable(err) ? 'unavailable' : 'refused');
    }
    return this.processActivity(auth, activity, logic);
  }
}
