import Link from "next/link";

/** A row of filter links, the current one shown in bold instead of linked. */
export function FilterLinks<T extends string | number | undefined>({
  label,
  options,
  current,
  href,
  text = (v) => (v === undefined ? "all" : String(v)),
}: {
  label: string;
  options: readonly T[];
  current: T;
  href: (value: T) => string;
  text?: (value: T) => string;
}) {
  return (
    <nav aria-label={label} className="flex flex-wrap gap-3 text-sm">
      {options.map((v) =>
        v === current ? (
          <strong key={String(v)}>{text(v)}</strong>
        ) : (
          <Link key={String(v)} href={href(v)} className="hover:underline">
            {text(v)}
          </Link>
        ),
      )}
    </nav>
  );
}
