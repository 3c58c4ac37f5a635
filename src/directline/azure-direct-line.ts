import { z } from 'zod';

const GeneratedToken = z.object({ conversationId: z.string().min(1), token: z.string().min(1), expires_in: z.number().optional() });
export type GeneratedToken = z.infer<typeof GeneratedToken>;

export class DirectLineUnavailable extends Error {
  constructor(reason: string) {
    super(`Azure Direct Line did not give a token: ${reason}`);
    this.name = 'DirectLineUnavailable';
  }
}

/**
 * Exchanges the Direct Line secret for a token scoped to one new conversation
 * (`POST {domain}/tokens/generate`), so the secret stays on the server. The user id is ours,
 * random, and bound into the token by Azure.
 */
export async function generateDirectLineToken(domain: string, secret: string, userId: string, timeoutMs = 10_000): Promise<GeneratedToken> {
  let response: Response;
  try {
    response = await fetch(`${domain}/tokens/generate`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: userId } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new DirectLineUnavailable(e instanceof Error ? e.message : String(e));
  }
  if (!response.ok) throw new DirectLineUnavailable(`HTTP ${response.status}`);
  const parsed = GeneratedToken.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new DirectLineUnavailable('unexpected answer');
  return parsed.data;
}
