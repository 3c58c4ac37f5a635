import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The language of the message (Content-Language). */
  language?: string;
}

/** Sends one email; rejects when the SMTP server refuses it or cannot be reached. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Sending times out rather than holding a referral (and a turn) on a server that does not answer. */
const TIMEOUT_MS = 5_000;

/** Mail through the SMTP server of SMTP_URL (nodemailer), from REFERRAL_FROM. */
export function smtpMailer(url: string, from: string): Mailer & { close(): void } {
  const transport = nodemailer.createTransport({ url, connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS });
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, ...(m.language && { headers: { 'Content-Language': m.language } }) });
    },
    close: () => transport.close(),
  };
}
