import { useTranslation } from 'react-i18next';
import type { RecordType } from '../../db/records/schemas.js';
import type { ResultOf } from '../../db/service.js';
import { ContractError } from './contract-client.js';

/** An error as a monitor reads it: the engine's one-line message, or what went wrong. */
export function messageOf(err: unknown): string {
  return err instanceof ContractError ? err.message : err instanceof Error ? err.message : String(err);
}

/** What just happened (announced politely) and what went wrong (announced at once). */
export function Notices({ status, error }: { status?: string | null; error?: string | null }) {
  return (
    <>
      {status && (
        <p role="status" className="notice">
          {status}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </>
  );
}

export const allRecordTypes: RecordType[] = ['report', 'detainee', 'trial', 'hearing', 'note', 'case', 'person', 'organisation', 'event'];

/** Record types to narrow a bundle or an export to; none chosen means all. */
export function TypeChoice({ chosen, onChange }: { chosen: RecordType[]; onChange: (types: RecordType[]) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{t('sync.types')}</legend>
      <div className="checks">
        {allRecordTypes.map((type) => (
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
