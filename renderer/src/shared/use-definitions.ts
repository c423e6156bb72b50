import i18next from 'i18next';
import { useEffect, useState } from 'react';
import type { ResultOf } from '../../../db/service.js';
import { call } from './contract-client.js';

export type Definitions = ResultOf<'templates.definitions'>;

/** Told on `window` when the definitions read differ from the last ones. */
export const definitionsChanged = 'vigil-definitions-changed';

/** The definitions last read, and the read under way: a list of fifty records asks once. */
let known: Definitions | undefined;
let reading: { at: number; list: Promise<Definitions | undefined> } | null = null;
const freshForMs = 2000;

function readDefinitions(): Promise<Definitions | undefined> {
  if (!reading || Date.now() - reading.at > freshForMs) {
    reading = {
      at: Date.now(),
      list: call('templates.definitions', {}).then(
        (found) => {
          learnTypeWords(found);
          const changed = JSON.stringify(found) !== JSON.stringify(known);
          known = found;
          // Screens that show what is defined (the rail, a list's columns) take the new reading.
          if (changed) window.dispatchEvent(new Event(definitionsChanged));
          return found;
        },
        () => known,
      ),
    };
  }
  return reading.list;
}

/**
 * A defined type is named like a built-in one everywhere (`types.prison-visit`, its list, its
 * "new" form): its labels join the interface's words once the definitions are read.
 */
function learnTypeWords(definitions: Definitions): void {
  for (const language of ['en', 'ru', 'kk']) {
    for (const type of definitions.types) {
      const labels = type.labels as { en?: string; ru?: string; kk?: string };
      const label = labels[language as 'en'] ?? labels.en ?? labels.ru ?? labels.kk ?? type.key;
      i18next.addResource(language, 'translation', `types.${type.key}`, label);
      i18next.addResource(language, 'translation', `lists.${type.key}`, label);
      i18next.addResource(language, 'translation', `form.newOf.${type.key}`, i18next.t('form.newDefined', { lng: language, type: label }));
    }
  }
}

/** The definitions as last read. */
export function latestDefinitions(): Definitions | undefined {
  return known;
}

/** Reads the definitions now (after unlocking, or after they changed), so names of defined types are known before a screen needs them. */
export function refreshDefinitions(): Promise<Definitions | undefined> {
  reading = null;
  return readDefinitions();
}

/** The organisation's record types, fields and vocabularies (undefined until the archive answers). */
export function useDefinitions(): Definitions | undefined {
  const [definitions, setDefinitions] = useState(known);
  useEffect(() => {
    let current = true;
    void readDefinitions().then((found) => current && setDefinitions(found));
    const changed = () => current && setDefinitions(known);
    window.addEventListener(definitionsChanged, changed);
    return () => {
      current = false;
      window.removeEventListener(definitionsChanged, changed);
    };
  }, []);
  return definitions;
}
