import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One message as the SMTP server received it. */
export interface Mail {
  to: string[];
  raw: string;
}

/** A real SMTP server on a free loopback port, keeping what it receives in `inbox`. */
export interface SmtpInbox {
  /** `smtp://127.0.0.1:<port>`, for the `SMTP_URL` setting. */
  url: string;
  inbox: Mail[];
  close(): Promise<void>;
}

/**
 * Starts an SMTP server (smtp-server, no TLS, no auth) that appends every message to `inbox`.
 * While `refusing()` is true it refuses connections with 421, as a server under maintenance does.
 * @example const smtp = await startSmtpInbox(); createTestContext({ SMTP_URL: smtp.url });
 */
export async function startSmtpInbox(opts: { refusing?: () => boolean } = {}): Promise<SmtpInbox> {
  const inbox: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onConnect(_session, callback) {
      if (!opts.refusing?.()) return callback();
      callback(Object.assign(new Error("服务暂不可用，请稍后再试"), { responseCode: 421 }));
    },
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (c: Buffer) => {
        raw += c.toString("utf8");
      });
      stream.on("end", () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    inbox,
    close: () => new Promise<void>((resolve) => server.close(resolve)),
  };
}
