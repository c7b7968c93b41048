// The local mail stack beside the e2e server (tests/mailstack.py, started by serve.mjs): the
// journeys speak SMTP to it as a customer's mail program would, and read what Sampark sent.
import { connect } from "node:net";

const SMTP_PORT = Number(process.env.E2E_SMTP_PORT);
const MAIL_PORT = Number(process.env.E2E_MAIL_PORT);

/** The part of the address the mail stack files local mail under: its IMAP folder. */
export const folderOf = (address: string) => address.slice(0, address.indexOf("@")).toLowerCase();

/** Send one message over SMTP (plain, on loopback); resolves once the server accepted it,
 * which for a support address means it is in the IMAP folder already. */
export async function smtpSend(from: string, to: string, lines: string[]) {
  const socket = connect(SMTP_PORT, "127.0.0.1");
  socket.setEncoding("utf8");
  let buffer = "";
  let failure: Error | null = null;
  let wake = () => {};
  socket.on("data", (chunk: string) => {
    buffer += chunk;
    wake();
  });
  socket.on("error", (error) => {
    failure = error;
    wake();
  });
  /** The next complete reply (a multi-line reply ends with "NNN text"). */
  const reply = async () => {
    for (;;) {
      const found = buffer.match(/^(?:\d{3}-[^\r\n]*\r\n)*\d{3}(?: [^\r\n]*)?\r\n/);
      if (found) {
        buffer = buffer.slice(found[0].length);
        return found[0];
      }
      if (failure) throw failure;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  };
  const step = async (command: string | null, expected: string) => {
    if (command !== null) socket.write(`${command}\r\n`);
    const answer = await reply();
    if (!answer.startsWith(expected))
      throw new Error(`SMTP ${command?.split("\r\n")[0] ?? "greeting"}: ${answer}`);
  };
  try {
    await step(null, "220");
    await step("EHLO customer.example", "250");
    await step(`MAIL FROM:<${from}>`, "250");
    await step(`RCPT TO:<${to}>`, "250");
    await step("DATA", "354");
    // Dot-stuffing: a line starting with "." gets another, so it cannot end the message.
    const body = lines.map((line) => (line.startsWith(".") ? `.${line}` : line)).join("\r\n");
    await step(`${body}\r\n.`, "250");
    await step("QUIT", "221");
  } finally {
    socket.end();
  }
}

/** Make a support address's IMAP folder before Sampark polls it (a real account exists first). */
export async function provision(address: string) {
  const response = await fetch(
    `http://127.0.0.1:${MAIL_PORT}/folders/${encodeURIComponent(address)}`,
    { method: "POST" },
  );
  if (!response.ok) throw new Error(`mail stack: ${response.status}`);
}

export type Delivered = {
  envelope_to: string[];
  from: string;
  to: string[];
  reply_to: string[];
  subject: string;
  message_id: string;
  in_reply_to: string;
  references: string;
  text: string;
  raw: string;
};

/** Messages the mail stack received for `to` (Sampark's e-mail to a customer), oldest first. */
export async function delivered(to: string): Promise<Delivered[]> {
  const response = await fetch(
    `http://127.0.0.1:${MAIL_PORT}/messages?to=${encodeURIComponent(to)}`,
  );
  if (!response.ok) throw new Error(`mail stack: ${response.status}`);
  return response.json();
}
