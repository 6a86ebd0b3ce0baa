// Child process for chat-crash.test.ts: runs one chat turn through the real route
// in its own process (own pool, own timers), prints "delta" once the answer is
// streaming, then keeps reading until the test kills it with SIGKILL.
import { NextRequest } from "next/server";
import { POST as chat } from "@/app/api/chat/route";

const [cookie, message] = process.argv.slice(2);
const res = await chat(
  new NextRequest("http://localhost/api/chat", {
    method: "POST",
    headers: { "content-type": "application/json", cookie: cookie! },
    body: JSON.stringify({ message }),
  }),
);
const reader = res.body!.getReader();
const decoder = new TextDecoder();
let seen = "";
let told = false;
for (;;) {
  const { value, done } = await reader.read();
  if (done) break;
  seen += decoder.decode(value, { stream: true });
  if (!told && seen.includes("event: delta")) {
    told = true;
    process.stdout.write("delta\n");
  }
}
process.stdout.write("finished\n");
