// Counts the objects of a class still alive in this process, after a full garbage
// collection, through the inspector protocol (Runtime.queryObjects). Tests use it to
// show that finished work leaves nothing behind: a count, not a heap size, so code
// the JIT compiles meanwhile does not blur it.
import { Session } from "node:inspector/promises";

async function collect(session: Session): Promise<void> {
  await session.post("HeapProfiler.collectGarbage");
  // FinalizationRegistry callbacks (undici's, for its request signals) run as tasks
  // after a collection; what they release goes in the next one.
  await new Promise((r) => setTimeout(r, 20));
  await session.post("HeapProfiler.collectGarbage");
}

/** Live instances of the global class `className` (e.g. "AbortSignal"). */
export async function liveInstances(className: string): Promise<number> {
  const session = new Session();
  session.connect();
  try {
    await collect(session);
    const { result: proto } = await session.post("Runtime.evaluate", { expression: `${className}.prototype` });
    if (!proto.objectId) throw new Error(`no global class ${className}`);
    const { objects } = await session.post("Runtime.queryObjects", { prototypeObjectId: proto.objectId });
    const { result } = await session.post("Runtime.callFunctionOn", {
      objectId: objects.objectId!,
      functionDeclaration: "function () { return this.length; }",
      returnByValue: true,
    });
    return result.value as number;
  } finally {
    session.disconnect();
  }
}
