// The frame of the Terms, Privacy and Contact pages, with the notice that the
// text is a placeholder for the operator to replace.
import { OPERATOR } from "@/lib/site/operator";

export function LegalPage(props: { title: string; children: React.ReactNode }) {
  return (
    <article className="mx-auto w-full max-w-3xl space-y-4 px-4 py-16 leading-relaxed">
      <h1 className="text-3xl font-semibold">{props.title}</h1>
      <p
        role="note"
        className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
      >
        Placeholder text: the operator of this service fills this page in (lib/site/operator.ts and this page&apos;s
        file) before taking real customers. Effective {OPERATOR.effective}.
      </p>
      {props.children}
    </article>
  );
}
