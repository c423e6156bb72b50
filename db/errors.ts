/**
 * Errors are data: a stable code a program can branch on and one line a monitor can read.
 * Every failure that leaves the engine is a VigilError; anything else is a bug and is
 * reported as `internal` without its stack.
 */
export const errorCodes = [
  'invalid_argument', // the caller sent something the contract does not accept
  'invalid_record', // a record failed its schema
  'auth_failed', // wrong passphrase or recovery code
  'not_found', // no such record, revision, attachment or archive
  'stale', // an edit based on a version that is no longer current
  'archive_exists', // create over an existing archive
  'not_open', // an archive method called with no archive open
  'already_open', // open while another archive is open in this session
  'damaged', // keys.json, the database or a stored item is damaged or tampered with
  'schema_mismatch', // the archive's applied migrations do not match this version of Vigil
  'io_error', // the file system refused
  'cancelled', // stopped because the archive was locked or closed meanwhile; what it was writing was rolled back
  'timeout', // took longer than its method's time limit and was stopped
  'internal', // a bug
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface ErrorData {
  code: ErrorCode;
  message: string;
}

export class VigilError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VigilError';
    this.code = code;
  }
  toData(): ErrorData {
    return { code: this.code, message: this.message };
  }
}

export function isVigilError(err: unknown): err is VigilError {
  return err instanceof VigilError;
}

/** Turns any thrown value into error data, keeping messages one line and free of stacks. */
export function toErrorData(err: unknown): ErrorData {
  if (err instanceof VigilError) return err.toData();
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return { code: 'not_found', message: oneLine(`no such file or folder: ${(err as { path?: string }).path ?? ''}`) };
  if (code === 'EACCES' || code === 'EPERM') return { code: 'io_error', message: oneLine(`permission denied: ${(err as { path?: string }).path ?? ''}`) };
  if (code === 'ENOSPC') return { code: 'io_error', message: 'the disk is full' };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: oneLine(`unexpected error: ${message}`) };
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
