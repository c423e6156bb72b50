import { useEffect, useRef } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import { recordTypes, type RecordType } from '../../../db/shared/schemas.js';
import type { ResultOf } from '../../../db/service.js';
import { ContractError } from './contract-client.js';
import { engineMessageIn } from '../i18n/engine-messages.js';
import { useDefinitions } from './use-definitions.js';

/** Codes whose meaning is the whole message: said in the interface's language alone. */
const wholeMessages = new Set(['auth_failed', 'stale', 'not_open', 'already_open', 'archive_exists', 'not_signed_in']);

/**
 * An error as a monitor reads it: the engine's one line (worded in English, as the CLI shows
 * it); in another language, what its code means in that language, with the engine's detail
 * after it where the detail matters (which field, which file).
 */
export function messageOf(err: unknown, meaning: Partial<Record<string, string>> = {}): string {
  if (!(err instanceof ContractError)) return err instanceof Error ? err.message : String(err);
  // What a code means where it was met (a wrong team passphrase is not a wrong archive passphrase).
  const own = meaning[err.data.code];
  if (own) return i18next.t(own);
  const key = `errors.${err.data.code}`;
  if (i18next.resolvedLanguage === 'en' || !i18next.exists(key)) return err.message;
  if (wholeMessages.has(err.data.code)) return i18next.t(key);
  const said = engineMessageIn(i18next.resolvedLanguage ?? 'en', err.message);
  return said ? capitalised(said) : `${i18next.t(key)}: ${err.message}`;
}

/** A reason the engine gave for one item (a file not imported, a bundle refused), in the interface's language where it is listed. */
export function reasonIn(language: string, message: string): string {
  return engineMessageIn(language, message) ?? message;
}

const capitalised = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

/**
 * What just happened (announced politely) and what went wrong (announced at once), brought into
 * view: on a long screen they sit far above the form that was just used.
 */
export function Notices({ status, error }: { status?: string | null; error?: string | null }) {
  const statusRef = useRef<HTMLParagraphElement>(null);
  const errorRef = useRef<HTMLParagraphElement>(null);
  // Not returned: current Chromium's scrollIntoView returns a promise, which React would call as the effect's cleanup.
  useEffect(() => {
    void statusRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [status]);
  useEffect(() => {
    void errorRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [error]);
  return (
    <>
      {status && (
        <p role="status" className="notice" ref={statusRef}>
          {status}
        </p>
      )}
      {error && (
        <p role="alert" className="error" ref={errorRef}>
          {error}
        </p>
      )}
    </>
  );
}

/** Record types to narrow a bundle or an export to; none chosen means all. */
export function TypeChoice({ chosen, onChange }: { chosen: RecordType[]; onChange: (types: RecordType[]) => void }) {
  const { t } = useTranslation();
  // The organisation's own types are chosen like built-in ones (their names are the interface's words once read).
  const definitions = useDefinitions();
  const types = [...recordTypes, ...((definitions?.types.filter((d) => !d.hidden).map((d) => d.key) ?? []) as RecordType[])];
  return (
    <fieldset>
      <legend>{t('sync.types')}</legend>
      <div className="checks">
        {types.map((type) => (
          <label className="check" key={type}>
            <input type="checkbox" checked={chosen.includes(type)} onChange={(e) => onChange(e.target.checked ? [...chosen, type] : chosen.filter((x) => x !== type))} />
            {t(`lists.${type}`)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** This device as its teammates check it: the fingerprint they read out and the recipient they encrypt to. */
export function DeviceIdentity({ identity }: { identity: ResultOf<'bundle.identity'> }) {
  const { t } = useTranslation();
  return (
    <dl className="fields">
      <div>
        <dt>{t('settings.fingerprint')}</dt>
        <dd className="mono">{identity.fingerprint}</dd>
      </div>
      <div>
        <dt>{t('settings.recipient')}</dt>
        <dd className="mono">{identity.recipient}</dd>
      </div>
    </dl>
  );
}
