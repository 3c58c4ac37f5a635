import { ConnectionStatus, DirectLine, type Activity, type DirectLineOptions } from 'botframework-directlinejs';
import WebSocket from 'ws';
import XHR from 'xhr2';

// botframework-directlinejs expects a browser: Node 20 has neither XMLHttpRequest nor WebSocket.
Object.assign(globalThis, { XMLHttpRequest: XHR, WebSocket });

export interface WebChatSession {
  token: string;
  conversationId: string;
  domain: string;
  expires_in: number;
}

export async function webChatToken(url: string, locale?: string): Promise<WebChatSession> {
  const res = await fetch(`${url}/api/webchat/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ locale }) });
  if (res.status !== 200) throw new Error(`token: HTTP ${res.status}`);
  return (await res.json()) as WebChatSession;
}

/** An unmodified botframework-directlinejs client with everything it received, and waits on it. */
export class Client {
  readonly line: DirectLine;
  readonly received: Activity[] = [];
  readonly statuses: ConnectionStatus[] = [];
  private waiters: (() => void)[] = [];

  constructor(options: DirectLineOptions) {
    this.line = new DirectLine(options);
    // Both streams error with "conversation ended" after end(): that is the normal close.
    this.line.connectionStatus$.subscribe({
      next: (s) => {
        this.statuses.push(s);
        this.wake();
      },
      error: () => undefined,
    });
    this.line.activity$.subscribe({
      next: (a) => {
        this.received.push(a);
        this.wake();
      },
      error: () => undefined,
    });
  }

  /** Resolves when `test` holds for what was received (checked after each arrival), or fails after `ms`. */
  async until(test: (received: Activity[]) => boolean, what: string, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!test(this.received)) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}; got ${JSON.stringify(this.received.map((a) => [a.type, a.from?.role, 'text' in a ? a.text : undefined]))}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  post(activity: Partial<Activity>): Promise<string> {
    return new Promise((resolve, reject) => {
      this.line.postActivity({ from: { id: 'ignored' }, ...activity } as Activity).subscribe({ next: resolve, error: reject });
    });
  }

  end(): void {
    this.line.end();
  }

  private wake(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) w();
  }
}

type Message = Extract<Activity, { type: 'message' }>;
export const isMessage = (a: Activity): a is Message => a.type === 'message';
export const botMessages = (received: Activity[]): Message[] => received.filter(isMessage).filter((a) => a.from?.role === 'bot');
/** The watermark the client has reached (directlinejs keeps it private; Web Chat reads it the same way). */
export const watermarkOf = (c: Client): string => (c.line as unknown as { watermark: string }).watermark;
export const cardTitles = (a: Activity): string[] =>
  ((a as { attachments?: { content?: { body?: { items?: { text?: string }[] }[] } }[] }).attachments ?? []).flatMap((att) =>
    (att.content?.body ?? []).map((container) => container.items?.[0]?.text ?? ''),
  );

export { ConnectionStatus };
