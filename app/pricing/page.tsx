export default function Page() {
  return (
    <div className="mx-auto w-full max-w-3xl px-4 py-16">
      <h1 className="text-2xl font-semibold capitalize">pricing</h1>
      <p className="mt-2 text-slate-600">This page is on its way.</p>
    </div>
  );
}
