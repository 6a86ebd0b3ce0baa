// Outgoing mail: nodemailer over SMTP_URL, or the local mailbox stand-in when no
// SMTP server is configured (see mailbox.ts).
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { localMailboxActive } from "./mailbox";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

let transport: { url: string; transporter: Transporter } | undefined;

function smtp(url: string): Transporter {
  if (transport?.url !== url) transport = { url, transporter: nodemailer.createTransport(url) };
  return transport.transporter;
}

export async function sendMail(mail: OutgoingMail): Promise<void> {
  const e = env();
  if (e.SMTP_URL) {
    await smtp(e.SMTP_URL).sendMail({ from: e.EMAIL_FROM, ...mail });
    return;
  }
  if (!localMailboxActive()) throw new Error("No SMTP_URL configured and the local mailbox is not allowed here");
  await getDb().localMail.create({ data: { to: mail.to, subject: mail.subject, text: mail.text, html: mail.html } });
}
