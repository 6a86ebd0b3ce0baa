// Next's standalone output leaves static assets out; copy them in as the
// Dockerfile does, so `npm start` serves exactly what the image would.
import fs from "node:fs";

fs.cpSync(".next/static", ".next/standalone/.next/static", { recursive: true });
if (fs.existsSync("public")) fs.cpSync("public", ".next/standalone/public", { recursive: true });
console.log("Copied .next/static and public into .next/standalone");
