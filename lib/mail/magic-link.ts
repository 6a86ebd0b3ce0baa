// The sign-in mail next-auth's email provider sends.
import { sendMail } from "./send";

export async function sendMagicLink(to: string, url: string): Promise<void> {
  const host = new URL(url).host;
  await sendMail({
    to,
    subject: `Sign in to Gemini Chat`,
    text: `Sign in to Gemini Chat (${host}):\n${url}\n\nThe link works once and expires in 15 minutes. If you did not ask for it, ignore this mail.\n`,
    html: `<p>Sign in to Gemini Chat (${escapeHtml(host)}):</p><p><a href="${escapeHtml(url)}">Sign in</a></p><p>The link works once and expires in 15 minutes. If you did not ask for it, ignore this mail.</p>`,
  });
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
