import { notFound } from "next/navigation";
import { listLocalMail, localMailboxActive } from "@/lib/mail/mailbox";

export const dynamic = "force-dynamic";

// Development-only view of the local mailbox stand-in; a 404 whenever real SMTP
// is configured or in a real production deployment.
export default async function MailboxPage() {
  if (!localMailboxActive()) notFound();
  const mails = await listLocalMail();
  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-16">
      <h1 className="text-2xl font-semibold">Local mailbox</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        Mail the app would have sent. No SMTP server is configured, so nothing left this machine.
      </p>
      {mails.length === 0 && <p className="mt-8 text-sm">No mail yet.</p>}
      <ul className="mt-8 space-y-4">
        {mails.map((m) => (
          <li key={m.id} className="rounded-md border border-slate-200 p-4 dark:border-slate-800">
            <p className="text-sm text-slate-500">
              To {m.to} · {m.createdAt.toISOString()}
            </p>
            <p className="font-medium">{m.subject}</p>
            <pre className="mt-2 text-sm whitespace-pre-wrap">{linkify(m.text)}</pre>
          </li>
        ))}
      </ul>
    </div>
  );
}

function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part} className="break-all underline">
        {part}
      </a>
    ) : (
      part
    ),
  );
}
