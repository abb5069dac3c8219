/** When packages say they were made; apart from apkg.ts so that a command line or configuration can read it without loading sql.js. */

/**
 * The time written into packages: SOURCE_DATE_EPOCH (reproducible-builds.org) when set, else
 * a fixed one, so that a package never depends on when it was built. Anki updates an
 * existing note only from a newer one by default ("Update notes: if newer"), hence the advice
 * in README.md to set SOURCE_DATE_EPOCH to the commit time.
 */
export function packageEpoch(env: Record<string, string | undefined> = process.env): number {
  const value = env.SOURCE_DATE_EPOCH?.trim();
  if (value && /^\d+$/.test(value)) return Number(value);
  return DEFAULT_EPOCH;
}

/** 2020-01-01T00:00:00Z: after every id Anki gives itself in a new collection, before any real build. */
export const DEFAULT_EPOCH = 1_577_836_800;
