import fs from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** Inline images (`cid`) the HTML shows, such as the verification QR code. */
  attachments?: { filename: string; content: Buffer; contentType: string; cid: string }[];
}

export interface Mailer {
  /** Sends one message; resolves with the server's reply (or the .eml path) and message id. */
  send(mail: OutgoingMail): Promise<{ messageId: string; response: string }>;
  close(): void;
}

/**
 * Pooled SMTP from `smtpUrl`, or `.eml` files in `outboxDir` when there is no SMTP server.
 * @example const mailer = createMailer({ smtpUrl, outboxDir, from });
 */
export function createMailer(opts: { smtpUrl?: string; outboxDir: string; from: string }): Mailer {
  const transport = opts.smtpUrl
    ? // Pool options belong with the URL: createTransport's second argument is message defaults.
      nodemailer.createTransport({ url: opts.smtpUrl, pool: true, maxConnections: 2 } as object)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(mail) {
      const message: Mail.Options = { from: opts.from, ...mail };
      const info = await transport.sendMail(message);
      if (opts.smtpUrl) return { messageId: info.messageId, response: String(info.response) };
      fs.mkdirSync(opts.outboxDir, { recursive: true });
      const file = path.join(
        opts.outboxDir,
        `${Date.now()}-${info.messageId.replace(/[^A-Za-z0-9.-]/g, "")}.eml`,
      );
      fs.writeFileSync(file, (info as unknown as { message: Buffer }).message);
      return { messageId: info.messageId, response: `written ${file}` };
    },
    close: () => transport.close(),
  };
}
