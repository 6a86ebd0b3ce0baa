// Path segments routes share, validated by route({ params }) before a handler runs.
import { z } from "zod";

/** A row id as this product makes them (cuid or UUID): letters, digits, "-" and "_". */
export const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "not an id");

/** `[id]` routes. */
export const idParams = z.object({ id: idParam });
