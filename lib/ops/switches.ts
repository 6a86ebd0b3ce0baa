// Operator switches, stored in the database and set from the admin dashboard
// (audited): turn off the strong model, guest chat or new sign-ups without a
// redeploy. Each instance keeps what it read for SWITCH_TTL_MS, so a change
// reaches every instance within seconds and a chat turn rarely pays a query.
// If the database cannot be read, the last values read stay in force (all on
// before any read): a blip neither opens what was closed nor closes the product.
import { recordAudit } from "@/lib/audit/record";
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";

export const SWITCHES = {
  strongModel: {
    label: "Strong model",
    effect: "Off: Auto and explicit requests for the strong model are answered by the fast model.",
  },
  guestChat: {
    label: "Guest chat",
    effect: "Off: visitors without an account are asked to sign in before chatting.",
  },
  signUps: {
    label: "New sign-ups",
    effect: "Off: only existing accounts (and ADMIN_EMAILS) can sign in; new addresses are refused.",
  },
} as const;

export type SwitchKey = keyof typeof SWITCHES;
export type Switches = Record<SwitchKey, boolean>;

export const SWITCH_KEYS = Object.keys(SWITCHES) as SwitchKey[];
export const SWITCH_TTL_MS = 5_000;

const ALL_ON: Switches = { strongModel: true, guestChat: true, signUps: true };

let known: { values: Switches; readAt: number } | null = null;
let reading: Promise<Switches> | null = null;

async function readFromDb(): Promise<Switches> {
  const rows = await getDb().runtimeSwitch.findMany();
  const values = { ...ALL_ON };
  for (const row of rows) if (row.key in values) values[row.key as SwitchKey] = row.on;
  return values;
}

/** The switches as stored now (the admin page's view); this instance keeps them too. */
export async function freshSwitches(): Promise<Switches> {
  const values = await readFromDb();
  known = { values, readAt: Date.now() };
  return values;
}

/** The switches as this instance knows them, re-read when older than SWITCH_TTL_MS. */
export async function switches(now = Date.now()): Promise<Switches> {
  if (known && now - known.readAt < SWITCH_TTL_MS) return known.values;
  reading ??= readFromDb()
    .then((values) => {
      known = { values, readAt: now };
      return values;
    })
    .catch((err: unknown) => {
      logger.warn({ err }, "runtime switches not read; keeping the last known values");
      return known?.values ?? ALL_ON;
    })
    .finally(() => {
      reading = null;
    });
  return reading;
}

/** Sets switches (audited, one entry per change) and returns them all as stored. */
export async function setSwitches(input: {
  actorId: string;
  ip: string | null;
  change: Partial<Switches>;
}): Promise<Switches> {
  const db = getDb();
  const before = await readFromDb();
  for (const key of SWITCH_KEYS) {
    const on = input.change[key];
    if (on === undefined || on === before[key]) continue;
    await db.runtimeSwitch.upsert({
      where: { key },
      create: { key, on, updatedBy: input.actorId },
      update: { on, updatedBy: input.actorId },
    });
    await recordAudit({
      actorId: input.actorId,
      action: "admin.switch",
      targetType: "switch",
      targetId: key,
      ip: input.ip,
      metadata: { from: before[key], to: on },
    });
  }
  // This instance applies its own change at once; the others within SWITCH_TTL_MS.
  return freshSwitches();
}
