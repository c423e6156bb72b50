import { z } from 'zod';

/** What the bundle methods return; the engine's types are derived from these schemas. */

/**
 * Who this archive is to its team: its device id, a fingerprint people can read aloud to
 * check a key, and its age recipient, to which teammates address bundles.
 */
export const bundleIdentityResult = z.object({ deviceId: z.string(), fingerprint: z.string(), recipient: z.string() });
export type BundleIdentity = z.output<typeof bundleIdentityResult>;

export const bundleExportResult = z.object({
  file: z.string(),
  bundleId: z.string(),
  peer: z.string(),
  revisions: z.int(),
  blobs: z.int(),
  bytes: z.int(),
  /** SHA-256 of the bundle file as written. */
  sha256: z.string(),
  /** Revisions after this arrival number were considered (0: from the start). */
  afterSeq: z.int(),
  lastSeq: z.int(),
});
export type BundleExportResult = z.output<typeof bundleExportResult>;

/** A device seen for the first time: its fingerprint is what its owner reads out to check it. */
const newDevice = z.object({ deviceId: z.string(), fingerprint: z.string() });

export const bundleImportSummary = z.object({
  bundleId: z.string(),
  /** Records new here, changed, now in conflict, and untouched by the bundle's revisions. */
  new: z.int(),
  updated: z.int(),
  conflicts: z.int(),
  unchanged: z.int(),
  /** The device that made the bundle, and whether this archive had seen it before. */
  device: z.string(),
  fingerprint: z.string(),
  newDevice: z.boolean(),
  /** Every device new to this archive whose revisions the bundle brought, the bundle's maker included. */
  newDevices: z.array(newDevice),
  revisions: z.object({ received: z.int(), added: z.int() }),
  blobs: z.object({ received: z.int(), added: z.int() }),
});
export type BundleImportSummary = z.output<typeof bundleImportSummary>;

const refusal = z.object({ file: z.string(), error: z.string() });

export const syncResult = z.object({
  /** This device's bundle, rewritten when it had something new. */
  wrote: z.object({ file: z.string(), revisions: z.int(), blobs: z.int() }).nullable(),
  imported: z.array(bundleImportSummary.extend({ file: z.string() })),
  /** Other devices' bundles unchanged since this archive last read them. */
  unchanged: z.array(z.string()),
  /** Bundles refused this time, and why. */
  rejected: z.array(refusal),
  /** Bundles refused as damaged before and not changed since: not read again. */
  stillDamaged: z.array(refusal),
  /** `.vigil` files not named as a device's bundle (a conflicted copy, a file copied in by hand): not read. */
  ignored: z.array(z.string()),
});
export type SyncResult = z.output<typeof syncResult>;
